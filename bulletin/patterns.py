"""Regular expressions and character ranges that several modules share.

One definition each, so that "a Chinese character", "a date as the office
writes it" or "an issue folder's name" mean the same everywhere. Patterns used
by one module only stay in that module. (The classification markings are
matched in validate/secrecy.py, the one place that knows them.)
"""

from __future__ import annotations

import re

# Han characters as names use them (tags, slugs, front-matter keys): CJK Ext. A to the unified block.
HAN_NAME = "\u3400-\u9fff"
# Han characters that make a Chinese run of text (search terms; search.js uses the same ranges).
HAN_TEXT = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Everything between which a line break is the author's wrapping, not a space: radicals,
# punctuation, Han, compatibility ideographs and full-width forms.
CJK_WRAP = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"

# Control characters (other than tab and newline) arrive from pasted Word text or YAML
# escapes; they are invisible and make XML feeds unreadable.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# A URL that names its scheme (http:, mailto:, javascript: …).
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
HTML_TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")

# A date as the office writes it: 2011-03-05, 2011年3月5日（号）, 2011.3.5, 2011/3/5.
DATE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号號]?\s*$")
# An issue as the office names it: 2011/3, 2011-3, 2011年第3期.
ISSUE_REF = re.compile(r"^\s*(\d{4})\s*(?:[/\-.]|年第?)\s*(\d{1,4})\s*期?\s*$")
# The same, where a supplement (增刊) may be named: 2011/s1, 2011年增刊第1期.
SUPPLEMENT_ISSUE_REF = re.compile(r"^\s*(\d{4})\s*[/\-.年]\s*(增刊|[sS])?\s*第?\s*(\d{1,4})\s*期?\s*$")
# The folders of content/issues: a year, then an issue number.
YEAR_FOLDER = re.compile(r"^\d{4}$")
NUMBER_FOLDER = re.compile(r"^\d{1,4}$")
# A supplement's folder (增刊): s1, s01, S001 … all name 增刊第1期.
SUPPLEMENT_FOLDER = re.compile(r"^[sS](\d{1,4})$")
# Names that look meant as a supplement but are not sN: s, s-1, 增刊1, zk2 …
SUPPLEMENT_LIKE_FOLDER = re.compile(r"^(?:[sS]|zk|ZK|增刊)")
