"""--conformance-report and --junit-catalogue on a small synthetic suite with
every outcome (no browser is launched): the results file matches the schema
and says the same with and without pytest-xdist. The real suite on a real
browser: tests/integration/test_real_conformance_runs.py."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import jsonschema
import pytest

from harness.report import results
from harness.report.collect import note_environment

CATALOGUE = """# A catalogue
## Alpha
- A-1 passes
- A-2 fails
- A-3 a known bug
- A-4 the browser lacks it
- A-5 recorded, not judged
- A-6 skipped
- A-7 deselected
- A-8 has no test
- A-9 recorded in a fixture's teardown
## Beta
- B-1 two tests, one a known bug
"""

CONFTEST = """
import pytest
from harness.report.collect import note_environment

@pytest.hookimpl(tryfirst=True)  # as the suite does: before -k deselects
def pytest_collection_modifyitems(items):
    for item in items:
        item.user_properties.append(("spec", [a for m in item.iter_markers("spec") for a in m.args]))

def pytest_configure(config):
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        # Noted where the tests run (an xdist worker, or the one process).
        note_environment(config, version="99.0-noted", expectations="Test Row 99")
"""

TESTS = """
import pytest

class ConformanceFailure(AssertionError):
    pass

@pytest.mark.spec("A-1")
def test_passes():
    pass

@pytest.mark.spec("A-2")
def test_fails():
    raise ConformanceFailure("A-2 does not hold\\n  called:   f()\\n  browser:  1\\n  expected: 2")

@pytest.mark.spec("A-3", "B-1")
@pytest.mark.xfail(reason="Browser bug: x", strict=True)
def test_known_bug():
    assert False

@pytest.mark.spec("A-4")
def test_lacks_it():
    pytest.xfail("unsupported: no forgetClosedTab")

@pytest.mark.spec("A-5")
def test_raw(record_property):
    record_property("raw", [{"item": "A-5", "call": "f()", "got": {"x": [1, None]}}])

@pytest.fixture
def records_late(request):
    yield
    request.node.user_properties.append(("raw", [{"item": "A-9", "call": "g()", "got": 1}]))

@pytest.mark.spec("A-9")
def test_raw_late(records_late):
    pass

@pytest.mark.spec("A-6")
def test_skipped():
    pytest.skip("needs a display")

@pytest.mark.spec("A-7")
def test_deselected_one():
    pass

@pytest.mark.spec("B-1")
def test_b_passes():
    pass

def test_not_in_the_catalogue():
    pass
"""


def run_suite(pytester: pytest.Pytester, *args: str) -> tuple[dict[str, Any], pytest.RunResult]:
    pytester.makefile(".md", CATALOGUE=CATALOGUE)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_spec=TESTS)
    result = pytester.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        "-k",
        "not deselected_one",
        "--conformance-report",
        "out/results.json",
        "--junit-catalogue",
        "out/junit.xml",
        *args,
    )
    path = pytester.path / "out" / "results.json"
    assert path.exists(), result.stdout.str()
    return json.loads(path.read_text()), result


def outcomes(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {item["id"]: (item["outcome"], item["reason"]) for item in data["items"]}


EXPECTED = {
    "A-1": ("passed", ""),
    "A-2": ("failed", "test_fails: A-2 does not hold | called:   f() | browser:  1 | expected: 2"),
    "A-3": ("known_bug", "test_known_bug: Browser bug: x"),
    "A-4": ("unsupported", "test_lacks_it: no forgetClosedTab"),
    "A-5": ("raw", "test_raw: 1 value(s) recorded, not judged: no expectations for this browser and version"),
    "A-6": ("not_run", "needs a display"),
    "A-7": ("not_run", "deselected"),
    "A-8": ("not_run", "no test of this run checks it"),
    "A-9": ("raw", "test_raw_late: 1 value(s) recorded, not judged: no expectations for this browser and version"),
    "B-1": ("known_bug", "test_known_bug: Browser bug: x"),
}


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["one process", "two workers"])
def test_the_results_file_holds_every_outcome(pytester: pytest.Pytester, xdist: list[str], browser_name: str) -> None:
    data, result = run_suite(pytester, *xdist)
    # (xdist's controller does not count deselected tests: its workers deselect)
    result.assert_outcomes(passed=5, failed=1, xfailed=2, skipped=1, deselected=0 if xdist else 1)
    result.stdout.fnmatch_lines(["*conformance results: *out/results.json*", "*catalogue JUnit XML: *out/junit.xml*"])
    schema = json.loads(results.SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert outcomes(data) == EXPECTED
    items = {item["id"]: item for item in data["items"]}
    assert [i["id"] for i in data["items"]] == list(EXPECTED)  # catalogue order
    assert (items["B-1"]["family"], items["B-1"]["section"], items["B-1"]["text"]) == (
        "B",
        "Beta",
        "two tests, one a known bug",
    )
    assert [(t["nodeid"], t["outcome"]) for t in items["B-1"]["tests"]] == [
        ("test_spec.py::test_b_passes", "passed"),
        ("test_spec.py::test_known_bug", "known_bug"),
    ]
    assert items["B-1"]["duration"] == pytest.approx(sum(t["duration"] for t in items["B-1"]["tests"]))
    assert items["A-5"]["tests"][0]["raw"] == [{"item": "A-5", "call": "f()", "got": {"x": [1, None]}}]
    assert items["A-9"]["tests"][0]["raw"] == [{"item": "A-9", "call": "g()", "got": 1}]
    assert items["A-7"]["tests"] == [
        {
            "nodeid": "test_spec.py::test_deselected_one",
            "outcome": "not_run",
            "reason": "deselected",
            "duration": 0,
            "raw": [],
        }
    ]
    env = data["environment"]
    assert (env["browser"], env["version"], env["expectations"]) == (browser_name, "99.0-noted", "Test Row 99")
    assert env["harness_version"] and env["python"] and env["date"].endswith("+00:00")
    assert data["run"]["exit_status"] == 1 and "--conformance-report" in data["run"]["args"]
    cases = {c.get("name"): c for c in ET.parse(pytester.path / "out" / "junit.xml").getroot().iter("testcase")}
    assert sorted(cases) == sorted(f"{i} {items[i]['text']}" for i in EXPECTED)
    assert cases["A-2 fails"].find("failure") is not None


def test_note_environment_names_unknown_fields(pytestconfig: pytest.Config) -> None:
    with pytest.raises(TypeError, match="unknown field colour"):
        note_environment(pytestconfig, colour="blue")


STOPPING = """
import os
import pytest

@pytest.mark.spec("A-1")
def test_first():
    {first}

@pytest.mark.spec("A-2")
def test_second():
    pass
"""


def test_a_crashed_worker_fails_the_items_of_its_test(pytester: pytest.Pytester) -> None:
    """xdist's report of a crashed worker has no user properties: the workers' collection names its items."""
    pytester.makefile(".md", CATALOGUE=CATALOGUE)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_spec=STOPPING.format(first="os._exit(3)"))
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2", "--conformance-report", "r.json")
    data = json.loads((pytester.path / "r.json").read_text())
    reason = outcomes(data)["A-1"][1]
    assert outcomes(data)["A-1"][0] == "failed" and "crashed" in reason, reason
    assert outcomes(data)["A-2"] == ("passed", "")


def test_tests_left_when_the_run_stops_are_not_run(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", CATALOGUE=CATALOGUE)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_spec=STOPPING.format(first="assert False"))
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-x", "--conformance-report", "r.json")
    data = json.loads((pytester.path / "r.json").read_text())
    assert outcomes(data)["A-1"][0] == "failed"
    assert outcomes(data)["A-2"] == ("not_run", "no result reported (the run stopped first)")
