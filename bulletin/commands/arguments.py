"""argparse in the run's language.

argparse says its own words ("usage:", "positional arguments", "show this
help message and exit", its error messages) through ``gettext``. While the
command line is parsed, ``argparse_in(lang)`` answers those calls from the
catalogue (texts.py, ``argparse.*``), the gettext way: the translation keeps
argparse's %-placeholders, which argparse then fills in. Outside the block
argparse is left as it was.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bulletin.texts import say

# argparse's message → how the catalogue says it (its %-placeholders passed through untouched).
_MESSAGES: dict[str, Callable[[str], str]] = {
    "usage: ": lambda lang: say("argparse.usage", lang) + ": ",
    "positional arguments": lambda lang: say("argparse.positional", lang),
    "options": lambda lang: say("argparse.options", lang),
    "show this help message and exit": lambda lang: say("argparse.help", lang),
    "%(prog)s: error: %(message)s\n": lambda lang: "%(prog)s: " + say("argparse.error", lang) + ": %(message)s\n",
    "the following arguments are required: %s": lambda lang: say("argparse.required", lang, names="%s"),
    "unrecognized arguments: %s": lambda lang: say("argparse.unrecognized", lang, names="%s"),
    "invalid choice: %(value)r (choose from %(choices)s)":
        lambda lang: say("argparse.invalid_choice", lang, value="%(value)r", choices="%(choices)s"),
    "argument %(argument_name)s: %(message)s":
        lambda lang: say("argparse.argument", lang, name="%(argument_name)s", message="%(message)s"),
    "expected one argument": lambda lang: say("argparse.one_argument", lang),
    "invalid %(type)s value: %(value)r":
        lambda lang: say("argparse.invalid_value", lang, type="%(type)s", value="%(value)r"),
    "not allowed with argument %s": lambda lang: say("argparse.not_allowed", lang, name="%s"),
    "ambiguous option: %(option)s could match %(matches)s":
        lambda lang: say("argparse.ambiguous", lang, option="%(option)s", matches="%(matches)s"),
    "one of the arguments %s is required": lambda lang: say("argparse.one_of", lang, names="%s"),
}


def translate(message: str, lang: str) -> str:
    """argparse's ``message`` in ``lang`` (unchanged in English, or when the catalogue lacks it).

    In "both", a message with placeholders is given in Chinese only: argparse fills
    ``%s`` once, and its messages nest (an argument's name, then the problem)."""
    made = _MESSAGES.get(message)
    if made is None or lang == "en":
        return message
    return made("zh" if lang == "both" and "%" in message else lang)


@contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: translate(message, lang)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
