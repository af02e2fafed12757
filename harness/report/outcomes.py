"""What a pytest test report says about a conformance test: one of the
outcomes below per catalogue item, and its reason. The one place that reads
pytest's reports for outcomes (the report's collector, which the suite's
coverage summary, the results file and JUnit all render from).

Outcomes, worst first; a test takes the worst outcome of its reports (setup,
call, teardown) and a catalogue item the worst outcome of its tests. Each has
one meaning:

- failed: a phase failed, or a known failure did not happen; the reason is
  the check that failed (the suite's ConformanceFailure lines) or the error.
- raw: the test passed but recorded values instead of judging them (the
  browser and version have no expectations row); the report carries
  `user_properties` ("raw", [{"item": id, "call": str, "got": value}, ...])
  (values recorded later, in a fixture's teardown, reach only the teardown
  report: the collector looks at every phase).
- known_bug: the browser's answer is a known bug, with its bug reference.
- differs: the browser answers otherwise than the catalogue, exactly as pinned.
- cannot_arrange: the harness cannot set the scenario up on this browser (the
  reason says what is missing).
- unsupported: the browser lacks the member the item is about, as its own
  error says.
- not_applicable: the item is about a concept the browser does not have.
- passed: the item's checks passed and recorded nothing raw.
- not_run: skipped, deselected, or not reached (with the reason).

The suite marks an expected failure with an xfail reason `<outcome>: <why>`
(e.g. "unsupported: Chromium has no sessions.forgetClosedTab"); an xfail
without such a prefix reads known_bug. A test that checks several items puts
each item's own outcome in the user property ("item_outcomes", {id: [outcome,
reason]}); an item not named there takes the test's outcome.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

UNSUPPORTED = "unsupported"
NOT_APPLICABLE = "not_applicable"
CANNOT_ARRANGE = "cannot_arrange"
DIFFERS = "differs"
KNOWN_BUG = "known_bug"
OUTCOMES = ("failed", "raw", KNOWN_BUG, DIFFERS, CANNOT_ARRANGE, UNSUPPORTED, NOT_APPLICABLE, "passed", "not_run")
EXPECTED_FAILURES = (KNOWN_BUG, DIFFERS, CANNOT_ARRANGE, UNSUPPORTED, NOT_APPLICABLE)
# How the summary, the Markdown and the HTML name each outcome.
LABELS = {NOT_APPLICABLE: "N/A", CANNOT_ARRANGE: "cannot arrange", KNOWN_BUG: "known bug", "not_run": "not run"}
_XPASS_STRICT = "[XPASS(strict)]"
MAX_REASON = 400


def classify(report: Any) -> tuple[str, str] | None:
    """(outcome, reason) of a pytest TestReport that decides its test's result,
    else None (a setup or teardown that passed)."""
    wasxfail = getattr(report, "wasxfail", None)
    if wasxfail is not None:
        if not report.skipped:  # a non-strict xfail that passed
            return "failed", f"unexpectedly passed (expected to fail: {wasxfail})"
        return expected_failure(str(wasxfail))
    if report.failed:
        return "failed", failure_summary(report)
    if report.skipped:
        return "not_run", skip_reason(report)
    if report.when == "call":
        raw = raw_observations(report)
        return ("raw", raw_reason(len(raw))) if raw else ("passed", "")
    return None


def label(outcome: str) -> str:
    """`N/A`, `cannot arrange`, `known bug`, ...: an outcome as people read it."""
    return LABELS.get(outcome, outcome)


def expected_failure(text: str) -> tuple[str, str]:
    """(outcome, reason) of an xfail reason: `<outcome>: why`, else a known bug."""
    kind, _, rest = text.partition(": ")
    return (kind, rest) if kind in EXPECTED_FAILURES else (KNOWN_BUG, text)


def item_outcomes(report: Any) -> dict[str, tuple[str, str]]:
    """Each item's own outcome, where a test that checks several recorded them."""
    for name, value in getattr(report, "user_properties", ()):
        if name == "item_outcomes":
            return {str(k): (str(v[0]), str(v[1])) for k, v in value.items()}
    return {}


def raw_reason(count: int) -> str:
    return f"{count} value(s) recorded, not judged: no expectations for this browser and version"


def worst(outcomes: Iterable[str]) -> str:
    """The worst of some outcomes; not_run when there are none."""
    return min(outcomes, key=OUTCOMES.index, default="not_run")


def raw_observations(report: Any) -> list[dict[str, Any]]:
    """The values a test recorded without judging them (its "raw" user properties)."""
    found: list[dict[str, Any]] = []
    for name, value in getattr(report, "user_properties", ()):
        if name == "raw":
            found.extend(value)
    return found


def spec_ids(report: Any) -> list[str]:
    """The catalogue items a test checks (the suite's ("spec", [ids]) user property)."""
    for name, value in getattr(report, "user_properties", ()):
        if name == "spec":
            return [str(i) for i in value]
    return []


def skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    text = str(longrepr[2] if isinstance(longrepr, tuple | list) and len(longrepr) == 3 else longrepr)
    return text.removeprefix("Skipped: ")


def failure_summary(report: Any) -> str:
    """The check that failed (check.ConformanceFailure's lines: item, call, got, expected),
    else the exception's first `E` line, else the first line (e.g. xdist's "worker crashed")."""
    text = report.longreprtext
    if text.startswith(_XPASS_STRICT):  # a strict xfail that passed
        return _short(f"unexpectedly passed (expected to fail: {text.removeprefix(_XPASS_STRICT).strip()})")
    match = re.search(r"E\s+\S*ConformanceFailure: (.*?)(?:\n(?!E )|$)", text, re.DOTALL)
    if match:
        lines = [line.removeprefix("E").strip() for line in match.group(1).splitlines()]
        summary = " | ".join(line for line in lines if line)
    else:
        errors = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
        # str(longrepr), not longreprtext: under xdist that starts with a "[gw0] linux -- Python" line.
        lines = [line.strip() for line in str(report.longrepr or "").splitlines() if line.strip()]
        summary = (errors or lines or [f"{report.when} failed"])[0]
    return _short(summary)


def _short(text: str) -> str:
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 3] + "..."
