"""The conformance suite's own logic, without a browser: the catalogue parser,
the expectations table and its lookup, and the coverage bookkeeping."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from harness import UNDEFINED, ExtensionError, HarnessError, HarnessTimeout
from harness.conformance import catalogue, catalogue_coverage, check, expectations, scenarios
from harness.report import outcomes

CONFORMANCE = Path(catalogue.__file__).parent


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
    ("browser", "version", "label"),
    [
        ("firefox", "153.7.0", "Firefox ESR 153"),
        ("firefox", "128.3.1esr", "Firefox ESR 128"),
        ("firefox", "160.0", None),  # newer than any row: raw, never judged by the newest row
        ("firefox", "140.0", None),  # between rows: raw
        ("firefox", "", None),
        ("chromium", "130.0.1", "Chromium"),
        ("safari", "17.0", None),  # unknown browser: raw
    ],
)
def test_resolve(browser: str, version: str, label: str | None) -> None:
    resolution = expectations.resolve(browser, version, ROWS)
    assert (resolution.row.label if resolution.row else None) == label
    if label is None:
        assert (
            resolution.describe() == f"no expectations for {browser} {version or '(version unknown)'}: results are raw"
        )
    else:
        assert resolution.describe() == f"expectations: {browser} {version} -> {label}"


@pytest.fixture(autouse=True)
def _keep_the_runs_expectations() -> Any:
    """A conformance test in the same process keeps the row its browser resolved."""
    before = expectations._current
    yield
    expectations._current = before


def test_expected_formats_and_names_missing_keys() -> None:
    expectations.use(expectations.resolve("firefox", "153.0", ROWS))
    try:
        assert expectations.expected("k", x=1) == "new 1"
        with pytest.raises(KeyError, match="no value 'missing' in the row Firefox ESR 153"):
            expectations.expected("missing")
    finally:
        expectations._current = None


def test_without_a_row_checks_record_the_answer_instead_of_judging_it() -> None:
    expectations.use(expectations.resolve("firefox", "999.0", ROWS))
    item = SimpleNamespace(user_properties=[])
    check._current_item = item  # type: ignore[assignment]
    try:
        placeholder = expectations.expected("k", x=1)
        assert isinstance(placeholder, expectations.Unjudged)
        check.check("G-1", "f()", {"a": [1, True]}, placeholder)
        check.check(
            "G-2", "g()", {"fixed": 1, "version dependent": "x"}, {"fixed": 1, "version dependent": placeholder}
        )
        check.rejects("R-1", _rejecting("the browser's words"), "x", message=placeholder)
        with pytest.raises(check.ConformanceFailure):  # what does not depend on the version is still judged
            check.check(
                "G-3", "h()", {"fixed": 2, "version dependent": "x"}, {"fixed": 1, "version dependent": placeholder}
            )
        with pytest.raises(check.ConformanceFailure, match="it rejects"):  # a documented rejection must happen
            check.rejects("R-2", lambda session_id: 5, "x", message=placeholder)
    finally:
        expectations._current = None
        check._current_item = None
    raw = [obs for name, value in item.user_properties if name == "raw" for obs in value]
    assert raw == [
        {"item": "G-1", "call": "f()", "got": {"a": [1, True]}},
        {"item": "G-2", "call": "g()", "got": {"fixed": 1, "version dependent": "x"}},
        {"item": "R-1", "call": "restore('x')", "got": "rejected: the browser's words"},
    ]


@pytest.mark.parametrize(
    ("got", "want"),
    [(False, 0), (1, 1.0), (1, True), (None, "null"), ([1], (1,)), ({"a": 1}, {"a": 1, "b": 2}), ("1", 1)],
)
def test_checks_compare_json_types_strictly(got: Any, want: Any) -> None:
    with pytest.raises(check.ConformanceFailure):
        check.check("T-1", "f()", got, want)
    check.check("T-1", "f()", want, want)


def _test_sources() -> str:
    return "\n".join(p.read_text() for p in CONFORMANCE.glob("test_*.py"))


def test_every_key_the_tests_read_is_in_every_row_and_every_value_is_read() -> None:
    sources = _test_sources()
    keys = set(re.findall(r'expected\(\s*"([^"]+)"', sources))
    assert keys
    for row in expectations.ROWS:
        assert keys - set(row.values) == set(), f"{row.label} lacks {sorted(keys - set(row.values))}"
        unused = [key for key in row.values if f'"{key}"' not in sources]
        assert unused == [], f"{row.label}: no test reads {unused}"


def test_every_known_failure_names_an_existing_test_and_a_catalogue_item() -> None:
    names = set(re.findall(r"^def (test_\w+)", _test_sources(), re.MULTILINE))
    items = catalogue.load()
    for row in expectations.ROWS:
        assert set(row.known_failures) <= names, f"{row.label}: stale {sorted(set(row.known_failures) - names)}"
        assert all(known.item in items for known in row.known_failures.values())


def _failure(item: str, got: Any) -> Any:
    try:
        raise check.ConformanceFailure(item, "f()", got, "x")
    except check.ConformanceFailure:
        return pytest.ExceptionInfo.from_current()


def test_a_known_failure_matches_only_its_item_and_answer() -> None:
    known = expectations.Known("bug", item="SES-2", got=[0, 0, 0])
    assert catalogue_coverage.judge(known, _failure("SES-2", [0, 0, 0])) is None
    assert "not as known" in str(catalogue_coverage.judge(known, _failure("SES-2", [0, 1, 0])))
    assert "not the known failure" in str(catalogue_coverage.judge(known, _failure("GRC-1", [0, 0, 0])))
    assert "did not happen" in str(catalogue_coverage.judge(known, None))
    try:
        raise HarnessError("the bridge page went away")
    except HarnessError:
        harness_error = pytest.ExceptionInfo.from_current()
    assert "not the known failure" in str(catalogue_coverage.judge(known, harness_error))
    pattern = expectations.Known("null", item="GRC-8", got=re.compile(r"resolved: \["))
    assert catalogue_coverage.judge(pattern, _failure("GRC-8", "resolved: [Session(...)]")) is None
    assert catalogue_coverage.judge(pattern, _failure("GRC-8", "rejected: other")) is not None


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


# -- each outcome kind fails on a planted wrong answer --------------------------------------------


def _raised(error: BaseException) -> Any:
    try:
        raise error
    except BaseException:  # noqa: BLE001 - any error, as a test would raise it
        return pytest.ExceptionInfo.from_current()


MISSING = ExtensionError("browser.sessions.forgetClosedTab is not a function", method="sessions.forgetClosedTab")


@pytest.mark.parametrize("kind", list(expectations.LACK_KINDS))
def test_a_lack_holds_only_with_the_browsers_own_error(kind: str) -> None:
    lack = expectations.Lack("forgetClosedTab", kind, r"forgetClosedTab is not a function", "no forgetClosedTab")
    assert catalogue_coverage.judge_lack([lack], _raised(MISSING)) == (lack, None)
    other = ExtensionError("Invalid tab ID: 5", method="sessions.getTabValue")
    found, why = catalogue_coverage.judge_lack([lack], _raised(other))
    assert found is None and "not the browser's error for a missing forgetClosedTab" in str(why)
    found, why = catalogue_coverage.judge_lack([lack], None)  # the member is there after all
    assert found is None and "the test passed" in str(why)
    found, why = catalogue_coverage.judge_lack([lack], _raised(HarnessTimeout("no answer")))
    assert found is None  # a timeout proves nothing
    found, why = catalogue_coverage.judge_lack([lack], _failure("FGT-1", ["a", "b"]))  # another failed check
    assert found is None


def test_a_lack_needs_an_error_regex_and_a_kind_of_its_own() -> None:
    with pytest.raises(ValueError, match="an error regex is required"):
        expectations.Lack("forgetClosedTab", outcomes.UNSUPPORTED, "", "no forgetClosedTab")
    with pytest.raises(ValueError, match="is none of"):
        expectations.Lack("forgetClosedTab", outcomes.DIFFERS, "x", "a lack is not a difference")


@pytest.mark.parametrize("kind", list(expectations.KNOWN_KINDS))
def test_a_known_failure_holds_only_with_its_pinned_answer(kind: str) -> None:
    bug = "bug 1" if kind == outcomes.KNOWN_BUG else None
    known = expectations.Known("why", item="SES-2", got=[0, 0, 0], kind=kind, bug=bug)
    assert catalogue_coverage.judge(known, _failure("SES-2", [0, 0, 0])) is None
    assert "not as known" in str(catalogue_coverage.judge(known, _failure("SES-2", [0, 1, 0])))
    assert "not the known failure" in str(catalogue_coverage.judge(known, _failure("SES-1", [0, 0, 0])))
    assert "did not happen" in str(catalogue_coverage.judge(known, None))


def test_a_known_bug_needs_its_reference_and_every_known_entry_its_answer(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bug reference"):
        expectations.Known("why", item="SES-2", got=[0], kind=outcomes.KNOWN_BUG)
    row = tmp_path / "row.toml"
    row.write_text(
        'browser = "x"\nsince = "1"\nuntil = "2"\nlabel = "X 1"\n'
        '[[known]]\ntest = "test_a"\nitem = "SES-2"\nkind = "differs"\nnote = "no answer pinned"\n'
    )
    with pytest.raises(ValueError, match="exact answer"):
        expectations.read_row(row)


def test_row_values_decode_null_undefined_patterns_and_cases() -> None:
    decode = expectations.decode
    assert decode([{"js": "null"}, {"js": "undefined"}], "t") == [None, UNDEFINED]
    assert decode({"regex": "^a$"}, "t").match("a")
    by = decode({"by": "function", "cases": {"restore": "r"}, "otherwise": {"absent": "no {function}"}}, "t")
    assert by.cases == {"restore": "r"} and isinstance(by.otherwise, expectations.Absent)


def test_every_lack_of_a_row_is_needed_by_a_test_and_no_known_entry_says_absent() -> None:
    sources = _test_sources()
    needed = set(re.findall(r'"([^"]+)"', " ".join(re.findall(r"@pytest\.mark\.needs\(([^)]*)\)", sources))))
    needed |= set(scenarios.VALUE_FUNCTIONS) if "needs(*VALUE_FUNCTIONS)" in sources else set()
    for row in expectations.ROWS:
        assert set(row.lacks) <= needed, f"{row.label}: no test needs {sorted(set(row.lacks) - needed)}"
        assert all(k.kind in expectations.KNOWN_KINDS for k in row.known_failures.values())


def test_each_item_of_a_test_gets_its_own_outcome() -> None:
    """The item a known failure is about takes its kind; items whose checks passed first read
    passed; items never reached read the `unreached` outcome (not the other item's)."""
    failure = check.ConformanceFailure("RSTRT-1", "f()", 1, 2)
    failing = catalogue_coverage.failing_items(["RSTRT-2", "RSTRT-6", "RSTRT-1", "RSTRT-9"], ["RSTRT-2"], failure)
    assert failing == ["RSTRT-1"]
    outcomes_by_item = catalogue_coverage.per_item(
        ["RSTRT-2", "RSTRT-6", "RSTRT-1"], failing, "differs", "why", ["RSTRT-2", "RSTRT-6"], ("not_run", "unreached")
    )
    assert outcomes_by_item == {
        "RSTRT-2": ["passed", ""],
        "RSTRT-6": ["passed", ""],
        "RSTRT-1": ["differs", "why"],
    }
    later = catalogue_coverage.per_item(["A-1", "A-2"], ["A-1"], "differs", "why", [], ("not_run", "unreached"))
    assert later["A-2"] == ["not_run", "unreached"]
    # A failure that names no item of the test (a missing member's error) is about the items not yet passed.
    assert catalogue_coverage.failing_items(["A-1", "A-2"], ["A-1"], MISSING) == ["A-2"]
