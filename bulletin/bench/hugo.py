"""Hugo on the benchmark's corpus: the reference the targets are ratios of.

The Hugo site holds the same articles (copied from the generated content
folder, front matter and body unchanged except that ``kind`` becomes the
``kinds`` taxonomy, since Hugo reserves ``kind``), one section per year and per
issue, and taxonomies for units, tags and kinds. Its layouts are deliberately
minimal — a page per article, paginated lists per section and term, the
home page, one RSS feed and the sitemap — so the comparison flatters Hugo, not us.

Hugo always renders the whole site, so its "rebuild" (a second run over an
existing output folder) is the figure every incremental scenario of ours is
compared with.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

CONFIG = """\
baseURL = "/"
languageCode = "zh-cn"
title = "学习型组织建设工作简报"
hasCJKLanguage = true
relativeURLs = true
paginate = 100
enableRobotsTXT = false
disableHugoGeneratorInject = true

[taxonomies]
unit = "units"
tag = "tags"
kind = "kinds"

[markup.goldmark.renderer]
unsafe = false

# One feed for the site, as ours has (Hugo's default would add one per section and term).
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ .Title }} - {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}
<a href="{{ "units/" | relURL }}">单位</a> <a href="{{ "tags/" | relURL }}">标签</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta">{{ .Date.Format "2006年1月2日" }} {{ .Params.author }}
{{ range .GetTerms "units" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary }}</p></li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"""

TERMS = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>
{{ end }}</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<ul>{{ range first 20 (where .Site.RegularPages.ByDate.Reverse "Section" "issues") }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ end }}
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "_default/list.html": LIST,
    "_default/terms.html": TERMS,
    "index.html": HOME,
}

_KIND_LINE = re.compile(r"^kind: *(\S+) *$", re.MULTILINE)


@dataclass(frozen=True)
class HugoRun:
    wall: float
    cpu_seconds: float
    peak_rss_mb: float
    pages: int  # HTML files in the output


def find_hugo(explicit: str | None = None) -> str | None:
    """The hugo executable, or None when it is not installed."""
    if explicit:
        return explicit if Path(explicit).is_file() and os.access(explicit, os.X_OK) else None
    return shutil.which("hugo")


def hugo_version(executable: str) -> str:
    done = subprocess.run([executable, "version"], capture_output=True, text=True, check=False)
    match = re.search(r"v(\d+\.\d+\.\d+)", done.stdout)
    return match.group(1) if match else done.stdout.strip()


def hugo_text(source: str) -> str:
    """An article of ours as Hugo content: ``kind`` becomes the ``kinds`` taxonomy."""
    return _KIND_LINE.sub(lambda m: f"kinds: [{m.group(1)}]", source, count=1)


def issue_index_text(source: str, year: str, number: str) -> str:
    """issue.md as the issue section's ``_index.md``, titled like our masthead."""
    head, _, rest = source.partition("\n")
    assert head == "---", "issue.md starts with front matter"
    return f"---\ntitle: {year}年第{int(number)}期\n" + rest


class HugoSite:
    """A Hugo site folder mirroring a content folder of ours."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.content = self.root / "content"
        self.public = self.root / "public"
        self.cache = self.root / "cache"

    def write_skeleton(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "config.toml").write_text(CONFIG, encoding="utf-8")
        for name, text in LAYOUTS.items():
            path = self.root / "layouts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        static = self.root / "static"
        static.mkdir(exist_ok=True)
        (static / "style.css").write_text("body{font-family:sans-serif;max-width:50em;margin:auto}\n",
                                          encoding="utf-8")

    def sync(self, ours: Path) -> int:
        """Mirror our content folder's articles; only files whose bytes differ are written."""
        wanted: dict[Path, str] = {
            self.content / "issues" / "_index.md": "---\ntitle: 往期简报\n---\n",
            self.content / "about.md": (Path(ours) / "pages" / "about.md").read_text(encoding="utf-8"),
        }
        for year in sorted(p for p in (Path(ours) / "issues").iterdir() if p.is_dir()):
            wanted[self.content / "issues" / year.name / "_index.md"] = f"---\ntitle: {year.name}年\n---\n"
            for issue in sorted(p for p in year.iterdir() if p.is_dir()):
                target = self.content / "issues" / year.name / issue.name
                for source in sorted(issue.glob("*.md")):
                    text = source.read_text(encoding="utf-8")
                    if source.name == "issue.md":
                        wanted[target / "_index.md"] = issue_index_text(text, year.name, issue.name)
                    else:
                        wanted[target / source.name] = hugo_text(text)
        written = 0
        for path, text in wanted.items():
            data = text.encode("utf-8")
            if path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written += 1
        for stale in [p for p in self.content.rglob("*.md") if p not in wanted]:
            stale.unlink()
        return written

    def clean(self) -> None:
        """What a cold build starts without: no output, no cache."""
        shutil.rmtree(self.public, ignore_errors=True)
        shutil.rmtree(self.cache, ignore_errors=True)
        shutil.rmtree(self.root / "resources", ignore_errors=True)

    def build(self, executable: str) -> HugoRun:
        """One ``hugo`` run, timed from outside, with its own CPU time and peak memory."""
        command = [executable, "--source", str(self.root), "--destination", str(self.public),
                   "--cacheDir", str(self.cache), "--quiet"]
        log = self.root / "hugo.log"
        with open(log, "wb") as sink:  # a file, not a pipe: a chatty Hugo cannot block on a full pipe
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage: CPU and peak memory
            # (Linux carries this process's own peak over exec into ru_maxrss: Hugo's, above 1 GB,
            # is far above it; our probe reads its own, bench/probe.py own_peak_mb)
            wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(f"hugo failed ({process.returncode}):\n{log.read_text('utf-8', 'replace')}")
        pages = sum(1 for _ in self.public.rglob("*.html"))
        return HugoRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, pages)
