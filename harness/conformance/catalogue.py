"""The behaviour catalogue (CATALOGUE.md) as data. The document is the single
source; its format and parser live in harness.report.catalogue (the report
reads the same file); the suite's coverage check reads it through `load()`."""

from __future__ import annotations

from pathlib import Path

from harness.report.catalogue import Item, parse

__all__ = ["PATH", "Item", "load", "parse"]

PATH = Path(__file__).with_name("CATALOGUE.md")


def load(path: Path = PATH) -> dict[str, Item]:
    return parse(path.read_text(encoding="utf-8"))
