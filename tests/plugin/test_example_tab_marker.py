"""The Tab Marker example (examples/tab_marker) passes as its own repository
would run it: `pytest` in a fresh process, the extension named in its
pytest.ini, nothing but the harness's public API. It presses the toolbar
button, a command and a menu item, suspends the background and waits for
the error its listener logs."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "tab_marker"


def test_the_tab_marker_example_passes(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(str(EXAMPLE), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines([f"rootdir: {EXAMPLE}*", "configfile: pytest.ini*"])
