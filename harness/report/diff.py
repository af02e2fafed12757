"""What changed between two runs: the catalogue items whose outcome differs.

A regression is an item that
- was passed or an expected failure (known_bug, differs, cannot_arrange,
  unsupported, not_applicable) and is now failed, or
- was passed and is now anything worse: failed, raw or an expected failure.
Everything else is a change, not a regression: an item getting better, one
now not run (deselected or skipped), one that was raw or failed before, or
one present in only one of the two files (added to or removed from the
catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass

from .outcomes import EXPECTED_FAILURES
from .results import ItemResult, Results

ABSENT = "absent"  # the item is not in that run's catalogue


def is_regression(old: str, new: str) -> bool:
    if new == "failed" and old in ("passed", *EXPECTED_FAILURES):
        return True
    return old == "passed" and new in ("failed", "raw", *EXPECTED_FAILURES)


@dataclass
class Change:
    id: str
    old: ItemResult | None
    new: ItemResult | None

    @property
    def old_outcome(self) -> str:
        return self.old.outcome if self.old else ABSENT

    @property
    def new_outcome(self) -> str:
        return self.new.outcome if self.new else ABSENT

    @property
    def regression(self) -> bool:
        return is_regression(self.old_outcome, self.new_outcome)

    @property
    def reason(self) -> str:
        """Why the item is what it is now (or was, when it is gone)."""
        current = self.new or self.old
        return current.reason if current else ""


def compare(old: Results, new: Results) -> list[Change]:
    """The items whose outcome differs, in the new run's order, then those only the old run has."""
    changes = []
    ids = [i.id for i in new.items] + [i.id for i in old.items if new.item(i.id) is None]
    for item_id in ids:
        change = Change(item_id, old.item(item_id), new.item(item_id))
        if change.old_outcome != change.new_outcome:
            changes.append(change)
    return changes


def describe(old: Results, new: Results, changes: list[Change]) -> str:
    """The text `sessions-conformance diff` prints."""
    lines = [f"{name}: {r.environment.label} ({r.environment.date})" for name, r in (("old", old), ("new", new))]
    regressions = [c for c in changes if c.regression]
    if not changes:
        lines.append("no item changed its outcome")
        return "\n".join(lines)
    lines.append(f"{len(changes)} item(s) changed their outcome, {len(regressions)} regression(s):")
    for change in changes:
        tag = "REGRESSION" if change.regression else "changed   "
        detail = f": {change.reason}" if change.reason else ""
        lines.append(f"  {tag} {change.id}: {change.old_outcome} -> {change.new_outcome}{detail}")
    return "\n".join(lines)
