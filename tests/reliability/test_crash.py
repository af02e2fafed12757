"""Point 1: a browser or driver that dies in the middle of a test fails that
test with BrowserCrashed naming what died; the next test gets a fresh browser
and passes; nothing of the dead browser is left running."""

from __future__ import annotations

import pytest
from reliability_helpers import InnerRun, Listener

INNER = """
import os, signal, threading
import pytest
import harness
from harness import processes

dead = {}

def test_dies_in_the_middle(browser):
    dead["tag"] = browser.process_tag
    dead["pids"] = {"firefox": browser.browser_pid, "geckodriver": browser.driver_pid}
    victim = dead["pids"][os.environ["VICTIM"]]
    # The call below tells the outer test it is in flight (a fetch to its
    # socket); the outer test answers by killing the victim.
    def kill_when_told():
        tell(victim=victim)
    threading.Thread(target=kill_when_told).start()
    browser.execute(
        "await fetch(`http://127.0.0.1:${args[0]}/in-flight`).catch(() => null);"
        "await new Promise(() => {});",
        int(os.environ["RELIABILITY_PORT"]),
        timeout=120,
    )

def test_next_gets_a_fresh_browser(browser, pages):
    assert browser.browser_pid not in dead["pids"].values()
    assert processes.tagged(dead["tag"]) == [], "processes of the dead browser still run"
    tab = browser.tabs.open(pages.url("after-crash"))
    browser.tabs.close(tab.id)
    assert [s.tab.title for s in browser.sessions.get_recently_closed()] == ["after-crash"]
"""


@pytest.mark.parametrize(("victim", "named"), [("firefox", "Firefox"), ("geckodriver", "geckodriver")])
def test_a_killed_process_fails_one_test_and_the_next_gets_a_fresh_browser(
    inner: InnerRun, listener: Listener, victim: str, named: str
) -> None:
    import os
    import signal

    inner.write("test_inner.py", INNER)
    inner.env["VICTIM"] = victim
    inner.start("-q", "-rA")
    # First the inner test's news (which pid), then its call's fetch (in flight).
    info = listener.receive("the inner test to start")
    listener.connected("the inner test's browser call to be in flight")
    os.kill(info["victim"], signal.SIGKILL)
    code, out = inner.finish()
    assert code == 1, out
    assert "1 failed, 1 passed" in out, out
    assert "BrowserCrashed: execute(" in out, out
    assert f"{named} (pid {info['victim']}) died" in out, out
    assert inner.running() == []
    assert inner.temp_left() == []
