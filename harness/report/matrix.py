"""Results files side by side: one row per catalogue item, one column per
run (browser and version), in the order the files were given."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .outcomes import OUTCOMES
from .results import ItemResult, Results


@dataclass
class Column:
    label: str  # `firefox 153.7.0esr`; a second run of the same label gets ` #2`
    results: Results


@dataclass
class Row:
    id: str
    family: str
    section: str
    text: str
    cells: list[ItemResult | None]  # one per column; None when that run's catalogue lacks the item


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]

    @property
    def families(self) -> list[str]:
        return list(dict.fromkeys(row.family for row in self.rows))

    def counts(self) -> list[dict[str, int]]:
        """Per column, how many items took each outcome (worst first)."""
        return [column.results.counts() for column in self.columns]


def build(runs: list[Results]) -> Matrix:
    if not runs:
        raise ValueError("no results to put in a matrix")
    seen: Counter[str] = Counter()
    columns = []
    for results in runs:
        label = results.environment.label
        seen[label] += 1
        columns.append(Column(label if seen[label] == 1 else f"{label} #{seen[label]}", results))
    ids: dict[str, ItemResult] = {}  # item id -> its newest description
    for results in runs:
        for item in results.items:
            ids[item.id] = item
    rows = []
    for item_id, item in ids.items():
        cells = [results.item(item_id) for results in runs]
        rows.append(Row(item_id, item.family, item.section, item.text, cells))
    return Matrix(columns, rows)


def severity(outcome: str | None) -> int:
    """Sort key: worst outcome first; an absent cell last."""
    return OUTCOMES.index(outcome) if outcome in OUTCOMES else len(OUTCOMES)
