"""Results files for the report's tests, built from a few lines of data
(tests/unit/test_report.py, tests/integration/test_report_page.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.report import results

BCD_FIXTURE = Path(__file__).with_name("data") / "bcd_sessions.json"  # a copy of MDN's data for sessions

TEXTS = {
    "SURF-1": ("Surface", "`browser.sessions` exists with the permission."),
    "SURF-3": ("Surface", "`MAX_SESSION_RESULTS` is 25 and is read-only."),
    "GRC-1": ("getRecentlyClosed", "Returns an array of Session objects, most recently closed first."),
    "GRC-2": ("getRecentlyClosed", "Each Session has `lastModified` and exactly one of `tab` / `window`."),
    "GRC-5": ("getRecentlyClosed", "A closed tab's `url` and `title` are those of its page."),
    "FGT-1": ("forget", "`forgetClosedTab` removes exactly that tab entry."),
    "RES-1": ("restore", "`restore(id)` of a closed tab reopens it."),
    "PERM-1": ("Permissions", "Without `tabs`, closed tabs have no `url`, `title`, `favIconUrl`."),
}


def make(browser: str, version: str, outcomes: dict[str, Any], expectations: str = "a row") -> results.Results:
    """Results where each item has one test; an outcome is "passed" or (outcome, reason)."""
    items = []
    for item_id, value in outcomes.items():
        outcome, reason = (value, "") if isinstance(value, str) else value
        section, text = TEXTS.get(item_id, ("Other", f"{item_id} text"))
        test = results.TestResult(f"test_x.py::test_{item_id.lower().replace('-', '_')}", outcome, reason, 0.5)
        items.append(results.ItemResult(item_id, item_id.split("-")[0], section, text, outcome, reason, 0.5, [test]))
    environment = results.Environment(
        browser=browser,
        version=version,
        binary=f"/usr/bin/{browser}",
        platform="Linux",
        python="3.11",
        harness_version="0.1.0",
        date="2026-11-29T00:00:00+00:00",
        expectations=expectations,
    )
    return results.Results(environment, results.Run(["-n", "2"], 0, 12.0), items)
