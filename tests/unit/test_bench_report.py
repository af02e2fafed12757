"""The benchmark's pure parts: statistics, targets, the table, the doc
update, and reading pytest's and the kernel's reports (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import memory, phases, suite
from bench.__main__ import parser, reproduce
from bench.report import (
    DOC_BEGIN,
    DOC_END,
    Results,
    busy,
    markdown_block,
    rows,
    target_for,
    text_table,
    to_json,
    update_doc,
)
from bench.stats import TARGETS, Figure, Target, figure, format_value, ratios


def test_a_figure_is_the_median_of_its_runs_with_their_spread() -> None:
    fig = figure("calls.ratio", "overhead", "x", [1.10, 1.30, 1.00, 1.20, 1.05])
    assert fig.median == 1.10
    assert (fig.low, fig.high) == (1.00, 1.30)
    assert fig.spread == pytest.approx(0.30 / 1.10)
    assert figure("k", "even", "s", [1, 2, 3, 4]).median == 2.5


def test_a_figure_without_runs_is_refused() -> None:
    with pytest.raises(ValueError, match="no samples"):
        figure("calls.ratio", "overhead", "x", [])


def test_ratios_pair_the_runs_and_scale() -> None:
    assert ratios([2.0, 3.0], [1.0, 2.0]) == [2.0, 1.5]
    assert ratios([50.0], [2.0], scale=0.1) == [2.5]  # ms per s, as percent
    with pytest.raises(ValueError, match="2 numerators but 1 denominators"):
        ratios([1.0, 2.0], [1.0])


def test_targets_bound_the_median_from_above_or_below() -> None:
    at_most = Target("calls.ratio", 1.15, at_most=True)
    at_least = Target("suite.speedup", 10.0, at_most=False)
    assert at_most.met(figure("calls.ratio", "", "x", [1.0, 1.1, 1.3]))
    assert not at_most.met_by_every_run(figure("calls.ratio", "", "x", [1.0, 1.1, 1.3]))
    assert not at_most.met(figure("calls.ratio", "", "x", [1.2]))
    assert at_least.met(figure("suite.speedup", "", "x", [9.0, 12.0, 11.0]))
    assert not at_least.met(figure("suite.speedup", "", "x", [9.0]))
    assert at_most.describe("x") == "<= 1.15x"
    assert {(t.key, t.limit, t.at_most) for t in TARGETS} == {
        ("calls.ratio", 1.15, True),
        ("reset.share", 5.0, True),
        ("chromium.launch.ratio", 1.0, True),
        ("launch.ratio", 0.8, True),
        ("suite.harness_share", 1.25, True),
        ("suite.parallel_ratio", 1.0, True),
    }


def test_a_target_applies_to_its_figure_on_every_browser() -> None:
    target = Target("launch.ratio", 0.8, at_most=True)
    assert target.applies_to("launch.ratio") and target.applies_to("chromium.launch.ratio")
    assert not target.applies_to("launch.ratio_s") and not target.applies_to("grid.launch")
    chromium, firefox = target_for("chromium.launch.ratio"), target_for("firefox.launch.ratio")
    assert chromium is not None and firefox is not None and (chromium.limit, firefox.limit) == (1.0, 0.8)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(1.234, "x", "1.23x"), (12.34, "x", "12.3x"), (3.21, "%", "3.2 %"), (2.345, "ms", "2.35 ms"),
     (123.4, "ms", "123 ms"), (2.6, "s", "2.60 s"), (812.4, "MiB", "812 MiB")],
)  # fmt: skip
def test_values_are_formatted_with_their_unit(value: float, unit: str, text: str) -> None:
    assert format_value(value, unit) == text


def figures() -> list[Figure]:
    return [
        figure("calls.harness_ms", "call through the harness", "ms", [2.2, 2.0, 2.4]),
        figure("calls.ratio", "call overhead", "x", [1.05, 1.10, 1.20]),
        figure("suite.harness_share", "harness share", "x", [1.3, 1.4, 1.2]),
    ]


def test_rows_carry_median_spread_runs_target_and_verdict() -> None:
    assert rows(figures()) == [
        ("call through the harness", "2.20 ms", "2.00 ms - 2.40 ms", "3", "", ""),
        ("call overhead", "1.10x", "1.05x - 1.20x", "3", "<= 1.15x", "yes (median; not every run)"),
        ("harness share", "1.30x", "1.20x - 1.40x", "3", "<= 1.25x", "no"),
    ]


def test_the_text_table_aligns_its_columns() -> None:
    lines = text_table([("a", "1"), ("longer", "22")], headers=("figure", "median")).splitlines()
    assert lines == ["figure  median", "------  ------", "a       1", "longer  22"]


def test_the_markdown_block_says_where_and_how_and_holds_the_table() -> None:
    results = Results(
        figures=figures(),
        machine={
            "date": "2026-11-27 08:00 UTC",
            "cpu": "AMD EPYC",
            "cores": 2,
            "load_before": "0.1",
            "geckodriver": "geckodriver 0.33.0 (a80e5fd61076 2023-04-02 18:31 +0000)",
            "chromium": "Chromium 156.0.8078.129",
            "chromedriver": "ChromeDriver 156.0.8078.129 (1a2e4e6fe632-refs/branch-heads/8078@{#2497})",
        },
        config={"command": "python -m bench --runs 3", "suite_path": "harness/conformance"},
        details={"suite_tests": 40},
    )
    block = markdown_block(results)
    assert "Measured on AMD EPYC (2 cores" in block and "2026" not in block
    assert "geckodriver 0.33.0; Chromium 156.0.8078.129, ChromeDriver 156.0.8078.129," in block
    assert "2023" not in block and "1a2e4e6fe632" not in block
    assert "`python -m bench --runs 3`" in block and "(40 tests)" in block
    assert "| call overhead | 1.10x | 1.05x - 1.20x | 3 | <= 1.15x | yes (median; not every run) |" in block


def test_a_busy_machine_is_flagged_in_the_block() -> None:
    assert not busy({"cores": 2, "load_before": "0.40 0.30 0.20", "load_after": "0.90 0.50 0.30"})
    assert busy({"cores": 2, "load_before": "0.40 0.30 0.20", "load_after": "6.50 4.00 2.00"})
    quiet = Results(figures=figures(), machine={"cores": 2, "load_before": "0.1 0.1 0.1"})
    loaded = Results(figures=figures(), machine={"cores": 2, "load_before": "9.0 8.0 7.0"})
    assert "busy" not in markdown_block(quiet)
    assert "**The machine was busy**" in markdown_block(loaded)


def test_update_doc_replaces_only_the_generated_section() -> None:
    doc = f"# Performance\nbefore\n{DOC_BEGIN}\nold table\n{DOC_END}\nafter\n"
    assert update_doc(doc, "new table") == f"# Performance\nbefore\n{DOC_BEGIN}\nnew table\n{DOC_END}\nafter\n"
    with pytest.raises(ValueError, match="no generated section"):
        update_doc("# Performance\n", "new table")


def test_json_holds_every_run_and_the_verdict() -> None:
    data = to_json(Results(figures=figures()))
    ratio = data["figures"]["calls.ratio"]
    assert ratio["samples"] == [1.05, 1.10, 1.20] and ratio["median"] == 1.10
    assert ratio["target"] == {"limit": 1.15, "at_most": True, "met": True}
    assert data["figures"]["calls.harness_ms"]["target"] is None


def test_junit_counts_are_summed_over_suites() -> None:
    xml = (
        '<testsuites><testsuite tests="10" failures="1" errors="0" skipped="2"/>'
        '<testsuite tests="5" failures="0" errors="1" skipped="0"/></testsuites>'
    )
    counts = suite.parse_junit(xml)
    assert (counts.tests, counts.failures, counts.errors, counts.skipped, counts.passed) == (15, 1, 1, 2, 11)


def test_phases_are_summed_with_the_median_setup() -> None:
    reports = [
        {"test": "a", "when": "setup", "seconds": 3.0},  # the first test launches the browser
        {"test": "a", "when": "call", "seconds": 0.5},
        {"test": "b", "when": "setup", "seconds": 0.05},
        {"test": "b", "when": "call", "seconds": 0.25},
        {"test": "c", "when": "setup", "seconds": 0.07},
        {"test": "c", "when": "teardown", "seconds": 0.01},
    ]
    # 3.0 s of the setups and teardowns were the harness's (its reset, the worker's browser): the
    # rest of them is the tests' own fixtures', counted with the bodies as the tests' own time.
    assert phases.summarise({"phases": reports, "launches": 4, "harness_s": 3.0}) == pytest.approx(
        {
            "setup": 3.12,
            "call": 0.75,
            "teardown": 0.01,
            "median_setup": 0.07,
            "launches": 4,
            "harness": 3.0,
            "tests": 0.88,
        }
    )


def test_proc_stat_lines_with_spaces_in_the_name_are_parsed() -> None:
    assert memory.parse_stat("4242 (Web Content) S 4200 4242 0 0") == ("Web Content", 4200)
    assert memory.parse_stat("7 (a) b)) R 1 7 0") == ("a) b)", 1)


def test_kib_values_are_read_by_key() -> None:
    status = "Name:\tfirefox\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\n"
    assert memory.parse_kib(status, "VmRSS") == 123456
    assert memory.parse_kib(status, "Pss") == 0


def test_browser_processes_are_those_below_a_driver_below_the_root() -> None:
    tree = {
        100: ("python", 1),  # pytest
        101: ("python", 100),  # an xdist worker
        110: ("geckodriver_lin", 101),
        111: ("firefox-esr", 110),
        112: ("Web Content", 111),
        113: ("WebExtensions", 111),
        200: ("firefox-esr", 1),  # somebody else's browser
        201: ("geckodriver", 1),
        202: ("firefox-esr", 201),
        120: ("chromedriver", 101),  # a Chromium run's driver
        121: ("chromium", 120),
        122: ("chromium", 121),  # its renderers, zygote, GPU process
    }
    assert memory.browser_pids(tree, 100) == {111, 112, 113, 121, 122}


def test_the_default_suite_is_conformance_when_it_holds_tests(tmp_path: Path) -> None:
    root = tmp_path
    (root / "tests" / "integration").mkdir(parents=True)
    (root / "tests" / "integration" / "test_a.py").write_text("")
    assert suite.default_path(root) == "tests/integration"
    (root / "harness" / "conformance" / "sub").mkdir(parents=True)
    (root / "harness" / "conformance" / "sub" / "test_b.py").write_text("")
    assert suite.default_path(root) == "harness/conformance"


def test_the_recorded_command_reproduces_the_measurement_without_output_options() -> None:
    args = parser().parse_args(["--runs", "3", "--json", "/tmp/x.json", "--update-doc", "docs/PERFORMANCE.md"])
    assert reproduce(args, "tests/integration") == (
        "python -m bench --runs 3 --calls 500 --resets 20 --suite tests/integration"
    )
    assert (
        reproduce(parser().parse_args(["--only", "calls"]), "") == "python -m bench --runs 5 --only calls --calls 500"
    )
    grid_only = parser().parse_args(["--only", "grid", "--runs", "2", "--calls", "100"])
    assert grid_only.only == ("grid",)
    assert reproduce(grid_only, "harness/conformance") == (
        "python -m bench --runs 2 --only grid --calls 100 --suite harness/conformance"
    )


def test_bad_options_are_refused_naming_what_was_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, message in [(["--only", "calls,speed"], "unknown part speed"), (["--runs", "0"], "at least 1, not 0")]:
        with pytest.raises(SystemExit):
            parser().parse_args(argv)
        assert message in capsys.readouterr().err


def test_targets_apply_to_every_browsers_figure_and_browsers_are_chosen_by_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    [row] = rows([figure("chromium.calls.ratio", "Chromium: call overhead", "x", [1.1])])
    assert row[4:] == ("<= 1.15x", "yes")
    assert parser().parse_args([]).browsers == ("firefox", "chromium")
    args = parser().parse_args(["--browsers", "chromium", "--only", "calls,reset"])
    assert reproduce(args, "") == (
        "python -m bench --runs 5 --only calls,reset --browsers chromium --calls 500 --resets 20"
    )
    with pytest.raises(SystemExit):
        parser().parse_args(["--browsers", "safari"])
    assert "unknown browser safari" in capsys.readouterr().err
