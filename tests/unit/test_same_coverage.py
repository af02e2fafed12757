"""scripts/same_coverage.py: the coverage summaries of two conformance runs compared."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import same_coverage

SUMMARY = """\
============================= test session starts ==============================
harness/conformance/test_values.py ......x.
================= sessions API conformance: catalogue coverage =================
expectations: firefox 153 (row ESR 153)
catalogue: 80 items; checked 80: passed 78, failed 0, raw 0 (no expectations), unsupported 0, N/A 0, \
cannot arrange 0, differs 2, known bug 0, not run 0
  DIFFERS TAB-9: test_move: tabs.move differs
every catalogue item has a test (80 items)
=========================== short test summary info ============================
================== 117 passed, 2 xfailed in 95.00s (0:01:35) ===================
"""


def test_the_summary_is_the_coverage_section_only() -> None:
    assert same_coverage.summary(SUMMARY) == [
        "expectations: firefox 153 (row ESR 153)",
        "catalogue: 80 items; checked 80: passed 78, failed 0, raw 0 (no expectations), unsupported 0, N/A 0, "
        "cannot arrange 0, differs 2, known bug 0, not run 0",
        "  DIFFERS TAB-9: test_move: tabs.move differs",
        "every catalogue item has a test (80 items)",
    ]


def test_runs_that_differ_elsewhere_have_the_same_summary() -> None:
    other = SUMMARY.replace("95.00s (0:01:35)", "140.00s (0:02:20)").replace("......x.", "..x.....")
    assert same_coverage.differences(SUMMARY, other) == []


def test_a_different_outcome_is_shown_as_a_diff() -> None:
    other = SUMMARY.replace("  DIFFERS TAB-9", "  FAILED TAB-9")
    diff = same_coverage.differences(SUMMARY, other, ("local", "grid"))
    assert "-  DIFFERS TAB-9: test_move: tabs.move differs" in diff
    assert "+  FAILED TAB-9: test_move: tabs.move differs" in diff
    assert diff[:2] == ["--- local", "+++ grid"]


def test_an_output_without_a_summary_is_named() -> None:
    with pytest.raises(ValueError, match="grid: no 'sessions API conformance: catalogue coverage' section"):
        same_coverage.differences(SUMMARY, "===== 3 passed in 1s =====", ("local", "grid"))


def test_the_command_line_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    local, grid, empty = tmp_path / "local.log", tmp_path / "grid.log", tmp_path / "empty.log"
    local.write_text(SUMMARY)
    grid.write_text(SUMMARY.replace("passed 78", "passed 77"))
    empty.write_text("")
    assert same_coverage.main([str(local), str(local)]) == 0
    assert same_coverage.main([str(local), str(grid)]) == 1
    assert "+catalogue: 80 items; checked 80: passed 77" in capsys.readouterr().out
    assert same_coverage.main([str(local), str(empty)]) == 2
    assert same_coverage.main([str(local)]) == 2
