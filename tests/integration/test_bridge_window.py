"""Bridge calls run on the bridge page wherever a test switched the driver
(through `browser.driver`), and leave the driver where the test put it: the
harness reaches its page without a window switch."""

from __future__ import annotations

from harness import Browser
from harness.pages import Pages


def test_calls_run_on_the_bridge_page_and_leave_the_driver_where_the_test_put_it(
    browser: Browser, pages: Pages
) -> None:
    driver = browser.driver
    bridge_handle = driver.current_window_handle
    bridge_url = browser.execute("return location.href;")
    browser.tabs.open(pages.url("elsewhere"))
    for handle in driver.window_handles:
        driver.switch_to.window(handle)
        if driver.current_url == pages.url("elsewhere"):
            break
    elsewhere = driver.current_window_handle
    assert driver.current_url == pages.url("elsewhere")

    assert browser.execute("return location.href;") == bridge_url
    assert browser.sessions.get_recently_closed() == []
    assert driver.current_window_handle == elsewhere
    assert browser.driver.current_window_handle == bridge_handle  # the escape hatch switches back
