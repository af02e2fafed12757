"""Point 5: reset() leaves nothing behind. One test leaves every kind of mess,
another checks the clean state; they run in both orders, in a pytest run of
their own (one browser, private browsing allowed so private windows count)."""

from __future__ import annotations

import pytest
from reliability_helpers import InnerRun

INNER_CONFTEST = """
import pytest

@pytest.fixture(scope="session")
def harness_launch_options(harness_launch_options):
    return {**harness_launch_options, "private_browsing": True}
"""

INNER = """
from harness import UNDEFINED
from harness.browsers.firefox_prefs import PREFS

PREF = "browser.sessionstore.max_tabs_undo"

def test_mess(browser, pages):
    s = browser.sessions
    browser.windows.open([pages.url("extra-window")])
    browser.windows.open([pages.url("private-window")], private=True)
    browser.tabs.close(browser.tabs.open(pages.url("closed-tab")).id)
    browser.windows.close(browser.windows.open([pages.url("closed-window")]).id)
    s.set_tab_value(browser.harness_tab_id, "mess", 1)
    s.set_window_value(browser.harness_window_id, "mess", 2)
    # Also behind the harness's back, through execute().
    browser.execute(
        "await browser.sessions.setTabValue(args[0], 'sneaky', 3);"
        "await browser.sessions.setWindowValue(args[1], 'sneaky', 4);",
        browser.harness_tab_id, browser.harness_window_id,
    )
    browser.set_prefs({PREF: 3})
    assert s.on_changed.count >= 2
    # Last: navigate the harness's own tab away from the bridge page.
    browser.driver.get(pages.url("harness-tab-navigated"))

def test_clean(browser):
    s = browser.sessions
    [window] = browser.windows.all()
    assert not window.incognito
    assert len(window.tabs) == 2
    assert [t.url for t in window.tabs if t.id != browser.harness_tab_id] == ["about:blank"]
    assert browser.driver.current_url.startswith("moz-extension://")
    assert s.get_recently_closed() == []
    assert s.on_changed.count == 0
    for key in ("mess", "sneaky"):
        assert s.get_tab_value(browser.harness_tab_id, key) is UNDEFINED
        assert s.get_window_value(window.id, key) is UNDEFINED
    assert browser.get_pref(PREF) == PREFS[PREF]
"""


@pytest.mark.parametrize("order", [("mess", "clean"), ("clean", "mess")], ids="-then-".join)
def test_reset_leaves_nothing_behind(inner: InnerRun, order: tuple[str, ...]) -> None:
    (inner.path / "conftest.py").write_text(INNER_CONFTEST)
    inner.write("test_inner.py", INNER)
    # Node ids given in this order run in this order.
    code, out = inner.run("-q", "-p", "no:xdist", *[f"test_inner.py::test_{name}" for name in order])
    assert code == 0, out
    assert "2 passed" in out, out
