"""The JavaScript files in harness/js/, loaded once each."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def script(name: str) -> str:
    """A JavaScript file from harness/js/, without its whole-line `//`
    comments: the text travels with every call and the browser parses it
    every time."""
    text = resources.files("harness").joinpath("js", name).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
