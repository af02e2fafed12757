"""Check that two runs of the conformance suite (for instance a local one and
one through a Selenium Grid) printed the same catalogue coverage summary.

    python scripts/same_coverage.py LOCAL.log GRID.log

Each log is pytest's terminal output. The summary is the section
"sessions API conformance: catalogue coverage" (harness/conformance/
catalogue_coverage.py): the expectations row, the counts per outcome, and
every item that did not simply pass, with its reason. Exits 0 when the two
are the same, 1 with a diff when they differ, 2 when a log has no summary.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

TITLE = "sessions API conformance: catalogue coverage"
_HEADER = re.compile(r"^=+ (.*?) =+$")


def summary(output: str) -> list[str] | None:
    """The lines of the coverage section in pytest's output, or None when it has none."""
    lines: list[str] | None = None
    for line in output.splitlines():
        header = _HEADER.match(line)
        if header:
            if lines is not None:
                break
            if header.group(1) == TITLE:
                lines = []
            continue
        if lines is not None:
            lines.append(line.rstrip())
    return lines


def differences(first: str, second: str, names: tuple[str, str] = ("first", "second")) -> list[str]:
    """A unified diff of the two outputs' summaries ([] when they are the same);
    ValueError naming the output that has no summary."""
    found = []
    for name, output in zip(names, (first, second), strict=True):
        lines = summary(output)
        if lines is None:
            raise ValueError(f"{name}: no {TITLE!r} section (did the run include harness/conformance?)")
        found.append(lines)
    return list(difflib.unified_diff(found[0], found[1], *names, lineterm=""))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    names = (argv[0], argv[1])
    try:
        diff = differences(*(Path(name).read_text(errors="replace") for name in names), names=names)
    except (OSError, ValueError) as exc:
        print(f"same_coverage: {exc}", file=sys.stderr)
        return 2
    if diff:
        print("the two runs' catalogue coverage summaries differ:", *diff, sep="\n")
        return 1
    print(f"same catalogue coverage summary in {names[0]} and {names[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
