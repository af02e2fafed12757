"""The conformance suite's own logic, without a browser: the catalogue parser,
the expectations table and its lookup, and the coverage bookkeeping."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from harness import ExtensionError

CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"
sys.path.insert(0, str(CONFORMANCE))

import catalogue  # noqa: E402
import catalogue_coverage  # noqa: E402
import check  # noqa: E402
import expectations  # noqa: E402


def test_parse_reads_items_under_sections() -> None:
    items = catalogue.parse("# Title\n\n## One\n- A-1 first\ntext\n- A-2 second `x`\n## Two\n- B-1 third\n")
    assert list(items) == ["A-1", "A-2", "B-1"]
    assert items["A-2"] == catalogue.Item("A-2", "One", "second `x`")
    assert items["B-1"].section == "Two"


def test_parse_rejects_duplicates_and_items_outside_sections() -> None:
    with pytest.raises(ValueError, match="A-1 is defined twice"):
        catalogue.parse("## S\n- A-1 x\n- A-1 y\n")
    with pytest.raises(ValueError, match="outside any ## section"):
        catalogue.parse("- A-1 x\n")


def test_the_project_catalogue_holds_the_shared_spec_and_at_least_40_more() -> None:
    items = catalogue.load()
    spec_families = ("SURF", "GRC", "RES", "FGT", "VAL", "EVT", "MAX")
    spec_ids = [f"SURF-{n}" for n in range(1, 5)] + [f"GRC-{n}" for n in range(1, 11)]
    spec_ids += [f"RES-{n}" for n in range(1, 8)] + [f"FGT-{n}" for n in range(1, 5)]
    spec_ids += [f"VAL-{n}" for n in range(1, 13)] + [f"EVT-{n}" for n in range(1, 5)] + ["MAX-1"]
    assert all(i in items for i in spec_ids)
    assert len(items) - len(spec_ids) >= 40
    assert {i.split("-")[0] for i in items} > set(spec_families)


ROWS = (
    expectations.Row("firefox", (128,), (129,), "Firefox ESR 128", {"k": "old {x}"}),
    expectations.Row("firefox", (153,), (154,), "Firefox ESR 153", {"k": "new {x}"}),
    expectations.Row("chromium", (120,), (200,), "Chromium", {"k": "chromium"}),
)


@pytest.mark.parametrize(
    ("browser", "version", "label", "exact"),
    [
        ("firefox", "Mozilla Firefox 153.7.0esr", "Firefox ESR 153", True),
        ("firefox", "128.3.1esr", "Firefox ESR 128", True),
        ("firefox", "160.0", "Firefox ESR 153", False),  # unknown: the newest known row
        ("firefox", "", "Firefox ESR 153", False),
        ("chromium", "130.0.1", "Chromium", True),
        ("safari", "17.0", "Firefox ESR 153", False),  # unknown browser: the newest of any
    ],
)
def test_resolve(browser: str, version: str, label: str, exact: bool) -> None:
    resolution = expectations.resolve(browser, version, ROWS)
    assert (resolution.row.label, resolution.exact) == (label, exact)
    assert ("not in the table" in resolution.describe()) is not exact


def test_expected_formats_and_names_missing_keys() -> None:
    expectations.use(expectations.resolve("firefox", "153.0", ROWS))
    try:
        assert expectations.expected("k", x=1) == "new 1"
        with pytest.raises(KeyError, match="no value 'missing' in the row Firefox ESR 153"):
            expectations.expected("missing")
    finally:
        expectations._current = None


def _test_sources() -> str:
    return "\n".join(p.read_text() for p in CONFORMANCE.glob("test_*.py"))


def test_every_key_the_tests_read_is_in_every_row() -> None:
    keys = set(re.findall(r'expected\(\s*"([^"]+)"', _test_sources()))
    assert keys
    for row in expectations.ROWS:
        assert keys - set(row.values) == set(), f"{row.label} lacks {sorted(keys - set(row.values))}"


def test_every_known_failure_names_an_existing_test() -> None:
    names = set(re.findall(r"^def (test_\w+)", _test_sources(), re.MULTILINE))
    for row in expectations.ROWS:
        assert set(row.known_failures) <= names, f"{row.label}: stale {sorted(set(row.known_failures) - names)}"


def report(**fields: Any) -> Any:
    base = {"when": "call", "failed": False, "skipped": False, "longrepr": None, "longreprtext": ""}
    return SimpleNamespace(**{**base, **fields})


def test_outcomes_and_item_status() -> None:
    assert catalogue_coverage.outcome(report()) == ("passed", "")
    assert catalogue_coverage.outcome(report(when="setup")) is None
    assert catalogue_coverage.outcome(report(skipped=True, longrepr=("f", 1, "Skipped: why"))) == (
        "skipped",
        "Skipped: why",
    )
    assert catalogue_coverage.outcome(report(skipped=True, wasxfail="bug")) == ("xfailed", "bug")
    assert catalogue_coverage.outcome(report(failed=True, wasxfail="bug"))[0] == "failed"
    text = "E   check.ConformanceFailure: G-1 does not hold\nE     called:   f()\nE     browser:  1\n\nx.py:3"
    assert catalogue_coverage.outcome(report(failed=True, longreprtext=text)) == (
        "failed",
        "G-1 does not hold | called:   f() | browser:  1",
    )
    status = catalogue_coverage.item_status
    assert status([("a", "passed", ""), ("b", "xfailed", "bug")]) == "xfailed"
    assert status([("a", "passed", ""), ("b", "failed", "x"), ("c", "xfailed", "")]) == "failed"
    assert status([("a", "skipped", "why"), ("b", "passed", "")]) == "passed"


def _rejecting(message: str, synchronous: bool = False) -> Any:
    def restore(session_id: str) -> None:
        raise ExtensionError(message, method="sessions.restore", args=(session_id,), synchronous=synchronous)

    return restore


def test_a_failed_check_names_item_call_answer_and_expectation() -> None:
    with pytest.raises(check.ConformanceFailure) as info:
        check.check("GRC-6", "getRecentlyClosed({maxResults: 2})", ["a"], ["a", "b"])
    assert str(info.value).splitlines() == [
        "GRC-6 does not hold",
        "  called:   getRecentlyClosed({maxResults: 2})",
        "  browser:  ['a']",
        "  expected: ['a', 'b']",
    ]


def test_rejects_compares_message_and_how_it_was_raised() -> None:
    check.rejects("RES-6", _rejecting("Invalid sessionId: x."), "x", message="Invalid sessionId: x.")
    with pytest.raises(check.ConformanceFailure, match=r"browser:  'rejected: other \(rejected promise\)'"):
        check.rejects("RES-6", _rejecting("other"), "x", message="Invalid sessionId: x.", synchronous=True)
    with pytest.raises(check.ConformanceFailure, match=r"browser:  'resolved: 5'"):
        check.rejects("RES-6", lambda session_id: 5, "x", message="m")
    with pytest.raises(check.ConformanceFailure, match="rejected: boom"):
        check.resolves("RES-1", _rejecting("boom"), "x")
