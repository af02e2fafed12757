"""Errors thrown in a user's extension while a test runs appear in that
test's failure report (a pytest run in a subprocess, through the public
`--extension` option)."""

from __future__ import annotations

from pathlib import Path

import pytest

PROBE = Path(__file__).parent.parent / "integration" / "user_extensions" / "mv2"

FAILING_TESTS = """
import pytest

def test_background_throws(browser, pages):
    ext = browser.extension("mv2-probe@tests.invalid")
    browser.tabs.open(pages.url("throw"))
    browser.tabs.open(pages.url("reject"))
    ext.execute("return 1;")  # a round trip after the tabs' events reached the extension
    assert False, "the extension should have grouped this tab"

def test_page_throws(browser):
    ext = browser.extension("mv2-probe@tests.invalid")
    tab_id = ext.execute("return (await browser.tabs.create({url: browser.runtime.getURL('broken.html')})).id;")
    browser.tabs.wait_loaded(tab_id)  # its script has thrown by then
    assert False, "the options page broke"

def test_passes_without_section(browser, pages):
    browser.tabs.open(pages.url("calm"))
"""


@pytest.mark.unsupported_on(
    "chromium",
    reason="the harness reads extensions' errors from Firefox's console only, and the probe is Manifest V2",
    raises=AssertionError,
)
def test_extension_errors_are_in_the_failing_tests_report(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=FAILING_TESTS)
    result = pytester.runpytest_subprocess("--extension", str(PROBE), "-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, failed=2)
    sections = error_sections(result.stdout.lines)
    assert list(sections) == ["test_background_throws", "test_page_throws"]
    background = sections["test_background_throws"]
    assert "Error: probe failure in mv2-probe@tests.invalid" in background
    assert "/background.js:10:" in background
    assert "Error: probe rejection in mv2-probe@tests.invalid" in background
    page = sections["test_page_throws"]
    assert "TypeError: probe page failure" in page
    assert "/broken.js:3:" in page
    assert "probe failure" not in page  # only what was thrown while that test ran
    assert "harness: last calls in extension mv2-probe@tests.invalid" in result.stdout.str()


def error_sections(lines: list[str]) -> dict[str, str]:
    """The text of each failure's "errors thrown in extension" section, by test name."""
    found: dict[str, str] = {}
    test, collecting = "", False
    for line in lines:
        if line.startswith("___") and line.endswith("___"):
            test, collecting = line.strip("_ "), False
        elif "harness: errors thrown in extension mv2-probe@tests.invalid" in line:
            collecting = True
            found[test] = ""
        elif line.startswith(("---", "===")):
            collecting = False
        elif collecting:
            found[test] += line + "\n"
    return found
