"""The bridge finds its own page again when the driver was switched to
another window through `browser.driver` (it no longer asks which window the
driver is on before every call)."""

from __future__ import annotations

from harness import Browser
from harness.pages import Pages


def test_calls_run_on_the_bridge_page_after_the_driver_was_switched_away(browser: Browser, pages: Pages) -> None:
    driver = browser.driver
    bridge_handle = driver.current_window_handle
    bridge_url = browser.execute("return location.href;")
    browser.tabs.open(pages.url("elsewhere"))
    for handle in driver.window_handles:
        driver.switch_to.window(handle)
        if driver.current_url == pages.url("elsewhere"):
            break
    assert driver.current_url == pages.url("elsewhere")

    assert browser.execute("return location.href;") == bridge_url
    assert driver.current_window_handle == bridge_handle
    driver.switch_to.window(next(h for h in driver.window_handles if h != bridge_handle))
    assert browser.sessions.get_recently_closed() == []
    assert driver.current_window_handle == bridge_handle
