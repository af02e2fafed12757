"""The conformance report without a browser: outcomes of pytest reports, the
results file and its schema, the matrix, diff and its exit status, Markdown,
JUnit XML, the HTML page's escaping, and the MDN browser-compat-data check."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest

from harness import cli
from harness.report import bcd, diff, html, junit, markdown, matrix, results
from harness.report.outcomes import OUTCOMES, classify, worst


def _load_samples() -> Any:
    """tests/report_samples.py (shared with the integration tests), loaded by its path:
    the unit tests also run where tests/ is not on sys.path (--noconftest,
    --import-mode=importlib), and must collect there too."""
    if "report_samples" in sys.modules:
        return sys.modules["report_samples"]
    spec = importlib.util.spec_from_file_location("report_samples", Path(__file__).parents[1] / "report_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["report_samples"] = module
    spec.loader.exec_module(module)
    return module


report_samples = _load_samples()
make = report_samples.make

SCHEMA = json.loads(results.SCHEMA_PATH.read_text())


def validate(data: Any) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)


# -- outcomes --------------------------------------------------------------------------------


def report(**fields: Any) -> Any:
    base = {"when": "call", "failed": False, "skipped": False, "longrepr": None, "longreprtext": ""}
    return SimpleNamespace(**{**base, "user_properties": [("spec", ["A-1"])], **fields})


CONFORMANCE_FAILURE = (
    "    def test_x():\n>       check(...)\n"
    "E   check.ConformanceFailure: GRC-5 does not hold\n"
    "E     called:   sessions.get_recently_closed()\nE     browser:  []\nE     expected: ['a']\n"
    "\ntest_x.py:3: ConformanceFailure"
)


@pytest.mark.parametrize(
    ("fields", "decided"),
    [
        ({}, ("passed", "")),
        ({"when": "setup"}, None),
        ({"when": "teardown"}, None),
        ({"skipped": True, "longrepr": ("f.py", 1, "Skipped: no display")}, ("not_run", "no display")),
        ({"skipped": True, "longrepr": ["f.py", 1, "Skipped: from xdist"]}, ("not_run", "from xdist")),
        ({"skipped": True, "wasxfail": "Firefox bug: x"}, ("known_bug", "Firefox bug: x")),
        ({"skipped": True, "wasxfail": "differs: index 0"}, ("differs", "index 0")),
        ({"skipped": True, "wasxfail": "not_applicable: no prefs"}, ("not_applicable", "no prefs")),
        ({"skipped": True, "wasxfail": "cannot_arrange: no event page"}, ("cannot_arrange", "no event page")),
        ({"skipped": True, "wasxfail": "unsupported: no forgetClosedTab"}, ("unsupported", "no forgetClosedTab")),
        ({"wasxfail": "bug"}, ("failed", "unexpectedly passed (expected to fail: bug)")),
        (
            {"failed": True, "longreprtext": "[XPASS(strict)] Firefox bug: y"},
            ("failed", "unexpectedly passed (expected to fail: Firefox bug: y)"),
        ),
        (
            {"failed": True, "longreprtext": CONFORMANCE_FAILURE},
            (
                "failed",
                "GRC-5 does not hold | called:   sessions.get_recently_closed() | browser:  [] | expected: ['a']",
            ),
        ),
        ({"failed": True, "longreprtext": "x\nE   KeyError: 'k'\nE   more"}, ("failed", "KeyError: 'k'")),
        (
            {
                "failed": True,
                "when": "???",
                "longreprtext": "[gw0] linux\nworker 'gw0' crashed",
                "longrepr": "worker 'gw0' crashed",
            },
            ("failed", "worker 'gw0' crashed"),
        ),
        ({"failed": True, "when": "teardown", "longreprtext": ""}, ("failed", "teardown failed")),
    ],
)
def test_classify(fields: dict[str, Any], decided: tuple[str, str] | None) -> None:
    assert classify(report(**fields)) == decided


def test_a_passing_test_with_raw_values_is_raw() -> None:
    raw = [{"item": "A-1", "call": "sessions.restore('x')", "got": "rejected: nope"}]
    outcome, reason = classify(report(user_properties=[("spec", ["A-1"]), ("raw", raw)]))
    assert outcome == "raw" and "1 value(s) recorded, not judged" in reason


def test_a_long_failure_is_cut() -> None:
    outcome, reason = classify(report(failed=True, longreprtext="E   " + "x" * 1000))
    assert outcome == "failed" and len(reason) == 400 and reason.endswith("...")


def test_worst_follows_the_order() -> None:
    assert OUTCOMES == (
        "failed",
        "raw",
        "known_bug",
        "differs",
        "cannot_arrange",
        "unsupported",
        "not_applicable",
        "passed",
        "not_run",
    )
    assert worst(["passed", "not_run"]) == "passed"
    assert worst(["passed", "differs", "unsupported"]) == "differs"
    assert worst(["passed", "not_applicable"]) == "not_applicable"
    assert worst(["unsupported", "raw"]) == "raw"
    assert worst(["raw", "failed", "passed"]) == "failed"
    assert worst([]) == "not_run"


# -- the results file --------------------------------------------------------------------------

SAMPLE = make(
    "firefox", "153.8.0esr", {"GRC-1": "passed", "GRC-5": ("failed", "GRC-5 does not hold"), "SURF-3": "differs"}
)


def test_a_results_file_round_trips_and_matches_the_schema(tmp_path: Path) -> None:
    SAMPLE.items[0].tests[0].raw = [{"item": "GRC-1", "call": "f()", "got": {"a": [1, None]}}]
    path = tmp_path / "deep" / "r.json"
    results.save(SAMPLE, path)
    data = json.loads(path.read_text())
    validate(data)
    assert data["format_version"] == results.FORMAT_VERSION == 2
    assert results.load(path) == SAMPLE
    assert [p.name for p in path.parent.iterdir()] == ["r.json"]  # no temporary file left


def mutations() -> list[tuple[str, Any, str]]:
    """(what, how the document is broken, what the loader's message says)."""
    return [
        ("format_version", lambda d: d.update(format_version=1), "format_version 1 is not supported"),
        ("missing items", lambda d: d.pop("items"), "the file: missing items"),
        ("unknown field", lambda d: d.update(extra=1), "the file: unknown field extra"),
        (
            "bad outcome",
            lambda d: d["items"][1].update(outcome="broken"),
            "items[1].outcome: 'broken' is not an outcome",
        ),
        ("bad id", lambda d: d["items"][0].update(id="grc-1"), "items[0].id: 'grc-1' is not a catalogue id"),
        ("negative time", lambda d: d["items"][0].update(duration=-1), "items[0].duration: expected a number"),
        ("version null", lambda d: d["environment"].update(version=None), "environment.version: expected a string"),
        ("no raw", lambda d: d["items"][0]["tests"][0].pop("raw"), "items[0].tests[0]: missing raw"),
        ("status text", lambda d: d["run"].update(exit_status="0"), "run.exit_status: '0' is not an integer"),
        ("raw entry", lambda d: d["items"][0]["tests"][0].update(raw=[{"call": "f()"}]), "raw[0]: missing got, item"),
    ]


@pytest.mark.parametrize(("what", "breaks", "message"), mutations(), ids=[m[0] for m in mutations()])
def test_the_loader_and_the_schema_reject_the_same_broken_files(
    tmp_path: Path, what: str, breaks: Any, message: str
) -> None:
    data = copy.deepcopy(SAMPLE.to_json())
    breaks(data)
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    with pytest.raises(results.ResultsError, match=r"^results file .*broken\.json: ") as info:
        results.load(path)
    assert message in str(info.value)


def test_files_that_are_not_json_or_missing_are_named(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(results.ResultsError, match=r"x.json: not JSON"):
        results.load(tmp_path / "x.json")
    with pytest.raises(results.ResultsError, match=r"nothing.json: cannot read it"):
        results.load(tmp_path / "nothing.json")


# -- matrix and diff ---------------------------------------------------------------------------


def test_matrix_puts_runs_side_by_side() -> None:
    old = make("firefox", "140.0esr", {"GRC-1": "passed", "GRC-2": "failed", "SURF-3": "differs"})
    new = make("firefox", "153.8.0esr", {"GRC-1": "passed", "SURF-3": "passed", "RES-1": "unsupported"})
    again = make("firefox", "153.8.0esr", {"GRC-1": "failed"})
    table = matrix.build([old, new, again])
    assert [c.label for c in table.columns] == ["firefox 140.0esr", "firefox 153.8.0esr", "firefox 153.8.0esr #2"]
    assert [r.id for r in table.rows] == ["GRC-1", "GRC-2", "SURF-3", "RES-1"]
    cells = {r.id: [c.outcome if c else None for c in r.cells] for r in table.rows}
    assert cells["GRC-2"] == ["failed", None, None]
    assert cells["RES-1"] == [None, "unsupported", None]
    assert table.families == ["GRC", "SURF", "RES"]
    assert table.counts()[0]["failed"] == 1 and table.counts()[1]["unsupported"] == 1
    with pytest.raises(ValueError, match="no results"):
        matrix.build([])


@pytest.mark.parametrize(
    ("old", "new", "regression"),
    [
        ("passed", "failed", True),
        ("differs", "failed", True),
        ("unsupported", "failed", True),
        ("passed", "raw", True),
        ("passed", "unsupported", True),
        ("passed", "differs", True),
        ("passed", "not_run", False),  # deselected or skipped: not a judgement
        ("differs", "passed", False),
        ("failed", "passed", False),
        ("differs", "unsupported", False),
        ("raw", "failed", False),  # raw was never judged
        ("not_run", "failed", False),
        ("absent", "failed", False),  # a new catalogue item
        ("passed", "absent", False),  # an item removed from the catalogue
    ],
)
def test_regressions(old: str, new: str, regression: bool) -> None:
    assert diff.is_regression(old, new) is regression


def write(tmp_path: Path, name: str, run: results.Results) -> Path:
    path = tmp_path / name
    results.save(run, path)
    return path


def test_diff_lists_changes_and_exits_1_on_a_regression(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = make("firefox", "140.0esr", {"GRC-1": "passed", "GRC-5": "passed", "SURF-3": "differs", "FGT-1": "passed"})
    new = make(
        "firefox",
        "153.8.0esr",
        {"GRC-1": "passed", "GRC-5": ("failed", "GRC-5 does not hold"), "SURF-3": "passed", "RES-1": "passed"},
    )
    assert cli.main(["diff", str(write(tmp_path, "old.json", old)), str(write(tmp_path, "new.json", new))]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "old: firefox 140.0esr (2026-11-29T00:00:00+00:00)",
        "new: firefox 153.8.0esr (2026-11-29T00:00:00+00:00)",
        "4 item(s) changed their outcome, 1 regression(s):",
    ]
    assert out[3:] == [
        "  REGRESSION GRC-5: passed -> failed: GRC-5 does not hold",
        "  changed    SURF-3: differs -> passed",
        "  changed    RES-1: absent -> passed",
        "  changed    FGT-1: passed -> absent",
    ]


def test_diff_without_a_regression_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path, "old.json", make("firefox", "140", {"GRC-1": "failed", "SURF-3": "differs"}))
    new = write(tmp_path, "new.json", make("firefox", "153", {"GRC-1": "passed", "SURF-3": "differs"}))
    assert cli.main(["diff", str(old), str(new)]) == 0
    assert "1 item(s) changed their outcome, 0 regression(s)" in capsys.readouterr().out
    assert cli.main(["diff", str(new), str(new)]) == 0
    assert "no item changed its outcome" in capsys.readouterr().out


def test_a_reader_that_stopped_reading_is_not_an_error(tmp_path: Path) -> None:
    """`sessions-conformance diff ... | head -1`: the output pipe closed, the exit status still the diff's."""
    old = write(tmp_path, "old.json", make("firefox", "140", {"GRC-1": "passed"}))
    new = write(tmp_path, "new.json", make("firefox", "153", {"GRC-1": "failed"}))
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: every write fails with EPIPE
    try:
        command = [sys.executable, "-m", "harness.cli", "diff", str(old), str(new)]
        done = subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, "")


def test_diff_of_a_file_that_is_not_a_results_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "good.json", SAMPLE)
    (tmp_path / "bad.json").write_text('{"format_version": 2}')
    assert cli.main(["diff", str(good), str(tmp_path / "bad.json")]) == 2
    assert "sessions-conformance diff: results file" in capsys.readouterr().err


# -- Markdown, JUnit, HTML --------------------------------------------------------------------------


def test_markdown_shows_runs_counts_items_and_reasons() -> None:
    old = make("firefox", "140.0esr", {"GRC-1": "passed", "GRC-5": ("failed", "a | b\nc"), "SURF-3": "not_run"})
    new = make("chromium", "156.0", {"GRC-1": "passed", "FGT-1": ("unsupported", "no forgetClosedTab")})
    text = markdown.render(matrix.build([old, new]))
    assert "| item | firefox 140.0esr | chromium 156.0 |" in text
    assert "| GRC-5 | **failed** | (absent) |" in text
    assert "| FGT-1 | (absent) | unsupported |" in text
    assert "| failed | 1 | 0 |" in text and "| passed | 1 | 1 |" in text
    assert "- **failed** GRC-5: a \\| b c" in text  # one line, the pipe escaped
    assert "- unsupported FGT-1: no forgetClosedTab" in text
    assert "- not run (1): SURF-3" in text
    assert "MDN" not in text


def test_junit_names_test_cases_by_item(tmp_path: Path) -> None:
    run = make(
        "firefox",
        "153.8.0esr",
        {"GRC-1": "passed", "GRC-5": ("failed", "GRC-5 does not hold\x1b[31m"), "SURF-3": ("differs", "bug")},
    )
    junit.write([run], tmp_path / "j.xml")
    root = ET.parse(tmp_path / "j.xml").getroot()
    [suite] = root
    assert suite.get("name") == "sessions API conformance: firefox 153.8.0esr"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    cases = {c.get("name", "").split()[0]: c for c in suite.iter("testcase")}
    assert cases["GRC-5"].get("name") == "GRC-5 A closed tab's `url` and `title` are those of its page."
    assert cases["GRC-5"].get("classname") == "firefox_153_8_0esr.GRC"
    failure = cases["GRC-5"].find("failure")
    assert failure is not None and failure.get("message") == "GRC-5 does not hold[31m"  # no control character
    skipped = cases["SURF-3"].find("skipped")
    assert skipped is not None and (skipped.get("type"), skipped.get("message")) == ("differs", "differs: bug")
    assert len(cases["GRC-1"]) == 1 and cases["GRC-1"][0].tag == "system-out"
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["version"] == "153.8.0esr" and properties["driver"] == ""


def test_the_html_page_escapes_messages_and_needs_no_network() -> None:
    run = make("firefox", "153.8.0esr", {"GRC-1": "passed", "GRC-5": ("failed", "<script>alert(1)</script> & 'x'")})
    page = html.render(matrix.build([run]))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in page
    assert page.count("<script>") == 1  # the page's own
    for reference in ("src=", "href=", "<link", "@import", "url("):
        assert reference not in page


# -- MDN browser-compat-data ---------------------------------------------------------------


def test_bcd_loads_from_a_file_the_npm_package_or_node_modules(tmp_path: Path) -> None:
    data = bcd.load(report_samples.BCD_FIXTURE)
    assert "forgetClosedTab" in data.sessions and data.version == "unknown"
    package = tmp_path / "node_modules" / "@mdn" / "browser-compat-data"
    package.mkdir(parents=True)
    shutil.copy(report_samples.BCD_FIXTURE, package / "data.json")
    (package / "package.json").write_text('{"name": "@mdn/browser-compat-data", "version": "8.1.9"}')
    for path in (tmp_path, tmp_path / "node_modules", package, package / "data.json"):
        loaded = bcd.load(path)
        assert loaded.version == "8.1.9" and loaded.source == str(package / "data.json")


def test_bcd_input_that_is_not_bcd_is_named(tmp_path: Path) -> None:
    with pytest.raises(bcd.BcdError, match="no BCD data here"):
        bcd.load(tmp_path)
    (tmp_path / "other.json").write_text('{"webextensions": {"api": {}}}')
    with pytest.raises(
        bcd.BcdError, match=r"other.json: not BCD data with webextensions.api.sessions \(no 'sessions'\)"
    ):
        bcd.load(tmp_path / "other.json")
    (tmp_path / "broken.json").write_text("[")
    with pytest.raises(bcd.BcdError, match=r"broken\.json: cannot read BCD data"):
        bcd.load(tmp_path / "broken.json")


@pytest.mark.parametrize(
    ("support", "version", "status", "detail"),
    [
        ({"firefox": {"version_added": "55"}}, "153.8.0esr", "supported", "since 55"),
        ({"firefox": {"version_added": "55"}}, "54.0", "unsupported", "only since 55"),
        ({"firefox": {"version_added": False}}, "153", "unsupported", "not supported"),
        ({"firefox": {"version_added": "≤52"}}, "60", "supported", "since ≤52"),
        ({"firefox": {"version_added": "52", "version_removed": "100"}}, "140", "unsupported", "removed in 100"),
        ({"firefox": {"version_added": "52", "version_removed": "100"}}, "99", "supported", "since 52"),
        ({"firefox": {"version_added": "preview"}}, "153", "unsupported", "only since preview"),
        ({"firefox": {"version_added": True}}, "153", "supported", "since an unknown version"),
        ({"firefox": {"version_added": None}}, "153", "unknown", "no data"),
        ({"chrome": {"version_added": "37"}}, "153", "unknown", "BCD has no firefox entry"),
        ({"firefox": {"version_added": "52"}}, "unknown", "unknown", "the browser's version ('unknown') has no number"),
        (
            {"firefox": [{"version_added": "60", "flags": [{"type": "preference"}]}, {"version_added": "70"}]},
            "65",
            "flag",
            "behind a flag since 60",
        ),
        (
            {"firefox": [{"version_added": "50", "prefix": "moz"}, {"version_added": "70"}]},
            "65",
            "unsupported",
            "only since 70",
        ),
    ],
)
def test_bcd_claims(support: dict[str, Any], version: str, status: str, detail: str) -> None:
    said = bcd.claim(support, "firefox", version)
    assert said.status == status and said.detail.startswith(detail)


def test_bcd_mirrors_and_notes() -> None:
    support = {"chrome": {"version_added": "37", "notes": ["<code>x</code> is odd", "second"]}, "edge": "mirror"}
    said = bcd.claim(support, "edge", "120")
    assert (said.status, said.notes) == ("supported", ["x is odd", "second"])


def test_bcd_agrees_with_a_firefox_run_and_its_note_is_contradicted_by_grc_5() -> None:
    data = bcd.load(report_samples.BCD_FIXTURE)
    run = make(
        "firefox",
        "153.8.0esr",
        {
            "SURF-1": "passed",
            "GRC-1": "passed",
            "GRC-2": "passed",
            "GRC-5": "passed",
            "FGT-1": "passed",
            "PERM-1": "passed",
        },
    )
    comparison = bcd.compare(data, run)
    members = {m.member: m for m in comparison.members}
    assert next(iter(members)) == "sessions" and "forgetClosedTab" in members and "onChanged" in members
    assert members["forgetClosedTab"].measured == "supported" and members["forgetClosedTab"].claim.detail == "since 55"
    assert members["onChanged"].measured == "not measured"  # EVT items not in this run
    assert [n.verdict for n in comparison.notes] == ["contradicted"]
    assert comparison.contradictions == [
        "Session note \u201c'Tab' objects in Sessions don't contain the 'url', 'title', or 'favIconUrl' "
        "properties.\u201d: the run shows closed tabs carry the url and title of the page they showed (GRC-5) "
        "(GRC-5 passed, PERM-1 passed)"
    ]


def test_bcd_contradictions_both_ways_on_chromium() -> None:
    data = bcd.load(report_samples.BCD_FIXTURE)
    # BCD: chrome has restore since 37 and no forgetClosedTab; this (made-up) run says the opposite.
    run = make(
        "chromium", "156.0", {"RES-1": ("unsupported", "restore is missing"), "FGT-1": "passed", "GRC-1": "passed"}
    )
    comparison = bcd.compare(data, run)
    assert comparison.bcd_browser == "chrome"
    assert comparison.contradictions == [
        "forgetClosedTab: BCD says not supported; the run found it working (FGT-1 passed)",
        "restore: BCD says supported (since 37); the run found it missing (RES-1 unsupported, RES-2 absent)",
    ]
    assert [n.verdict for n in comparison.notes] == []  # BCD's note is on firefox only
    agreeing = make("chromium", "156.0", {"FGT-1": ("unsupported", "no forgetClosedTab"), "RES-1": "passed"})
    assert bcd.compare(data, agreeing).contradictions == []
    unknown = bcd.compare(data, make("safari", "17", {"GRC-1": "passed"}))
    assert unknown.problem == "BCD has no browser for 'safari'" and unknown.contradictions == []


def test_report_writes_markdown_html_junit_with_the_bcd_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write(tmp_path, "ff.json", make("firefox", "153.8.0esr", {"GRC-5": "passed", "FGT-1": "passed"}))
    second = write(tmp_path, "cr.json", make("chromium", "156.0", {"GRC-5": "passed", "FGT-1": ("unsupported", "no")}))
    args = ["report", str(first), str(second), "--bcd", str(report_samples.BCD_FIXTURE)]
    assert cli.main([*args, "--html", str(tmp_path / "r.html"), "--junit", str(tmp_path / "r.xml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# sessions API conformance\n")
    assert "## MDN browser-compat-data" in out and "### chromium 156.0: BCD unknown, chrome" in out
    assert "1 contradiction(s):\n- Session note" in out  # firefox: the note; chromium: none
    page = (tmp_path / "r.html").read_text()
    assert "MDN browser-compat-data" in page and 'class="contradiction"' in page
    assert len(list(ET.parse(tmp_path / "r.xml").getroot())) == 2
    assert cli.main([*args, "--markdown", str(tmp_path / "r.md")]) == 0
    assert (tmp_path / "r.md").read_text() == out


def test_report_of_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "good.json", SAMPLE)
    assert cli.main(["report", str(good), "--bcd", str(tmp_path)]) == 2
    assert "no BCD data here" in capsys.readouterr().err
    assert cli.main(["report", str(tmp_path / "missing.json")]) == 2
