"""Point 2: a call that never settles raises HarnessTimeout within its
timeout plus one second, and the browser answers the next call."""

from __future__ import annotations

import time

import pytest

from harness import Browser, HarnessTimeout
from harness.pages import Pages
from harness.timeouts import WATCHDOG_MARGIN, multiplier

TIMEOUT = 1.0


def never_settles(browser: Browser, pages: Pages) -> None:
    browser.execute("await new Promise(() => {});", timeout=TIMEOUT)


def event_never_comes(browser: Browser, pages: Pages) -> None:
    browser.sessions.on_changed.wait(1000, timeout=TIMEOUT)


def page_never_loads(browser: Browser, pages: Pages) -> None:
    # allowed-sleep (server side): a page that answers long after the call's timeout.
    browser.tabs.open(pages.url("slow", delay=30), timeout=TIMEOUT)


@pytest.mark.parametrize("hang", [never_settles, event_never_comes, page_never_loads])
def test_a_hanging_call_times_out_and_the_browser_answers_the_next(browser: Browser, pages: Pages, hang) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    with pytest.raises(HarnessTimeout) as info:
        hang(browser, pages)
    elapsed = time.monotonic() - started
    # The browser's own timer fired (its message says what it waited for), not
    # the Python watchdog that backs it up one second later.
    assert f"timed out after {TIMEOUT * multiplier():g}s" in str(info.value)
    # The contract: within the timeout plus one second (the watchdog margin).
    assert elapsed <= TIMEOUT * multiplier() + WATCHDOG_MARGIN, f"took {elapsed:.2f}s"
    assert browser.execute("return 6 * 7;") == 42
    assert browser.sessions.get_recently_closed() == []
