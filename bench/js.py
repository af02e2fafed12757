"""The benchmark's own browser-side scripts (bench/js/)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def script(name: str) -> str:
    return resources.files("bench").joinpath("js", name).read_text(encoding="utf-8")
