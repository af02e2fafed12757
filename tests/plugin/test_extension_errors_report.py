"""Errors thrown in a user's extension while a test runs appear in that
test's failure report (a pytest run in a subprocess, through the public
`--extension` option)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROBE = Path(__file__).parent.parent / "integration" / "user_extensions" / "mv3_any"  # runs on every browser

FAILING_TESTS = """
import pytest

def test_background_throws(browser, pages):
    ext = browser.extension("any-probe@tests.invalid")
    browser.tabs.open(pages.url("throw"))
    browser.tabs.open(pages.url("reject"))
    ext.execute("return 1;")  # a round trip after the tabs' events reached the extension
    assert False, "the extension should have grouped this tab"

def test_page_throws(browser):
    ext = browser.extension("any-probe@tests.invalid")
    tab_id = ext.execute("return (await browser.tabs.create({url: browser.runtime.getURL('broken.html')})).id;")
    browser.tabs.wait_loaded(tab_id)  # its script has thrown by then
    assert False, "the options page broke"

def test_passes_without_section(browser, pages):
    browser.tabs.open(pages.url("calm"))
"""


def test_extension_errors_are_in_the_failing_tests_report(pytester: pytest.Pytester) -> None:
    """The probe's ids differ between browsers (Chromium's comes from the copy's path), so
    the messages are matched up to the id; the sections are named by the extension's id."""
    pytester.makepyfile(test_user=FAILING_TESTS)
    result = pytester.runpytest_subprocess("--extension", str(PROBE), "-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, failed=2)
    sections = error_sections(result.stdout.lines)
    assert list(sections) == ["test_background_throws", "test_page_throws"]
    background = sections["test_background_throws"]
    assert re.search(r"Error: probe failure in \S+", background)
    assert "/background.js:15:" in background
    assert re.search(r"Error: probe rejection in \S+", background)
    page = sections["test_page_throws"]
    assert "TypeError: probe page failure" in page
    assert "/broken.js:3:" in page
    assert "probe failure" not in page  # only what was thrown while that test ran
    assert "harness: last calls in extension " in result.stdout.str()


def error_sections(lines: list[str]) -> dict[str, str]:
    """The text of each failure's "errors thrown in extension" section, by test name."""
    found: dict[str, str] = {}
    test, collecting = "", False
    for line in lines:
        if line.startswith("___") and line.endswith("___"):
            test, collecting = line.strip("_ "), False
        elif "harness: errors thrown in extension " in line:
            collecting = True
            found[test] = ""
        elif line.startswith(("---", "===")):
            collecting = False
        elif collecting:
            found[test] += line + "\n"
    return found
