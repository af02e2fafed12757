"""The behaviour catalogue format (the conformance suite's CATALOGUE.md):
every `- ID text` line under a `##` section is one item; the family is the
letters before the dash. The one parser, used by the suite and the report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_ITEM = re.compile(r"^- (?P<id>[A-Z]+-\d+) (?P<text>.+)$")


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    text: str

    @property
    def family(self) -> str:
        return self.id.split("-")[0]


def parse(text: str) -> dict[str, Item]:
    """Items by id, in document order; a duplicate id is an error."""
    items: dict[str, Item] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        match = _ITEM.match(line)
        if not match:
            continue
        item_id = match["id"]
        if item_id in items:
            raise ValueError(f"catalogue line {number}: item {item_id} is defined twice")
        if not section:
            raise ValueError(f"catalogue line {number}: item {item_id} is outside any ## section")
        items[item_id] = Item(item_id, section, match["text"])
    return items


def load(path: Path) -> dict[str, Item]:
    return parse(path.read_text(encoding="utf-8"))
