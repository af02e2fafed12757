"""What a pytest test report says about a conformance test: one of the
outcomes below, and its reason. The one place that reads pytest's reports
for outcomes (the report's collector and the suite's coverage summary).

Outcomes, worst first; a test takes the worst outcome of its reports (setup,
call, teardown) and a catalogue item the worst outcome of its tests:

- failed: a phase failed, or an xfail-marked test passed; the reason is the
  check that failed (the suite's ConformanceFailure lines) or the error.
- raw: the test passed but recorded values instead of judging them (the
  browser and version have no expectations row); the report carries
  `user_properties` ("raw", [{"item": id, "call": str, "got": value}, ...])
  (values recorded later, in a fixture's teardown, reach only the teardown
  report: the collector looks at every phase).
- unsupported: an xfail whose reason starts with "unsupported: " (the browser
  lacks the member); the reason is the rest.
- xfailed: an expected failure (a known browser bug); the reason is the xfail's.
- passed: the test passed and recorded nothing raw.
- not_run: skipped or deselected, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

OUTCOMES = ("failed", "raw", "unsupported", "xfailed", "passed", "not_run")
UNSUPPORTED_PREFIX = "unsupported: "
_XPASS_STRICT = "[XPASS(strict)]"
MAX_REASON = 400


def classify(report: Any) -> tuple[str, str] | None:
    """(outcome, reason) of a pytest TestReport that decides its test's result,
    else None (a setup or teardown that passed)."""
    wasxfail = getattr(report, "wasxfail", None)
    if wasxfail is not None:
        if not report.skipped:  # a non-strict xfail that passed
            return "failed", f"unexpectedly passed (expected to fail: {wasxfail})"
        text = str(wasxfail)
        if text.startswith(UNSUPPORTED_PREFIX):
            return "unsupported", text.removeprefix(UNSUPPORTED_PREFIX)
        return "xfailed", text
    if report.failed:
        return "failed", failure_summary(report)
    if report.skipped:
        return "not_run", skip_reason(report)
    if report.when == "call":
        raw = raw_observations(report)
        return ("raw", raw_reason(len(raw))) if raw else ("passed", "")
    return None


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
