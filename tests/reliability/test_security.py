"""Point 6: a web page cannot reach the bridge or any sessions method; the
pages server and every socket the browser opens listen on loopback only;
temporary profiles and files are the user's alone and removed afterwards."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from harness import UNDEFINED, Browser, orphans, processes
from harness.pages import Pages

PROBE = (Path(__file__).parent / "web_probe.js").read_text()

# Injects the probe as a real page script (WebDriver's own scripts run in a
# sandbox with more reach than a page has) and waits for its report.
RUN_PROBE = """
const [source, data, done] = arguments;
Object.assign(document.documentElement.dataset, data);
document.addEventListener("probe-done", (event) => done(event.detail), { once: true });
const script = document.createElement("script");
script.textContent = source;
document.documentElement.append(script);
"""


def test_a_web_page_cannot_reach_the_bridge(browser: Browser, pages: Pages) -> None:
    ext_url = browser.execute("return browser.runtime.getURL('page.html');")
    ext_id = browser.execute("return browser.runtime.id;")
    page = browser.tabs.open(pages.url("attacker"))
    events_before = browser.sessions.on_changed.count
    driver = browser.driver
    [handle] = [h for h in driver.window_handles if _url_of(driver, h) == pages.url("attacker")]
    driver.switch_to.window(handle)
    driver.set_script_timeout(30)
    data = {"extUrl": ext_url, "extId": ext_id, "windowId": str(browser.harness_window_id)}
    report = json.loads(driver.execute_async_script(RUN_PROBE, PROBE, data))
    assert report["browserGlobal"] == "undefined"
    assert report["chromeRuntime"] == "undefined"
    assert report["sendMessage"] == "ReferenceError"  # chrome is not defined in a web page
    # Firefox 153 throws on window.open() of a page that is not web-accessible.
    assert report["popupHarness"] == "Error", report
    assert report["fetch"] == "TypeError"
    # The bridge did nothing, and no tab shows an extension page but the harness's own.
    assert browser.sessions.get_window_value(browser.harness_window_id, "pwned") is UNDEFINED
    assert browser.sessions.get_tab_value(page.id, "pwned") is UNDEFINED
    extension_tabs = [t.id for t in browser.tabs.query() if str(t.url).startswith("moz-extension://")]
    assert extension_tabs == [browser.harness_tab_id]
    assert browser.sessions.on_changed.count == events_before


def _url_of(driver, handle: str) -> str:  # type: ignore[no-untyped-def]
    driver.switch_to.window(handle)
    return str(driver.current_url)


def _listening(inodes: set[str] | None = None, port: int | None = None) -> list[str]:
    """Local addresses of listening TCP sockets, by socket inode or by port."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] != "0A":  # LISTEN
                continue
            if (inodes is not None and fields[9] in inodes) or (port is not None and int(hex_port, 16) == port):
                found.append(_address(address, width))
    return found


def _address(hex_address: str, width: int) -> str:
    if width == 8:
        return ".".join(str(b) for b in reversed(bytes.fromhex(hex_address)))
    words = [bytes.fromhex(hex_address[i : i + 8])[::-1].hex() for i in range(0, 32, 8)]
    return ":".join("".join(words)[i : i + 4] for i in range(0, 32, 4))


LOOPBACK = {"127.0.0.1", "0000:0000:0000:0000:0000:0000:0000:0001"}


def test_the_pages_server_listens_on_loopback_only(pages: Pages) -> None:
    port = int(pages.origin.rsplit(":", 1)[1])
    addresses = _listening(port=port)
    assert addresses and set(addresses) <= LOOPBACK, addresses


def test_the_browser_and_driver_listen_on_loopback_only(browser: Browser) -> None:
    inodes = set()
    for pid in processes.tagged(browser.process_tag):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    addresses = _listening(inodes=inodes)
    # geckodriver's WebDriver port, Marionette, WebDriver BiDi at least.
    assert len(addresses) >= 2 and set(addresses) <= LOOPBACK, addresses


def test_temporary_files_are_private_and_removed(launch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    root, outer = tmp_path / "root", tmp_path / "outer"
    root.mkdir()
    outer.mkdir()
    monkeypatch.setattr(orphans, "_temp_root", str(root))  # the run's directory: where a Browser makes its own
    monkeypatch.setenv("TMPDIR", str(outer))  # where anything that escaped it would land
    own = launch()
    private = own._tmp
    assert private.parent == root
    info = private.stat()
    assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()
    assert own.profile_dir.is_relative_to(private)
    assert any(private.iterdir())
    own.close()
    assert list(root.iterdir()) == []
    assert list(outer.iterdir()) == [], "geckodriver or Firefox wrote outside the browser's private directory"


def test_the_runs_temporary_directory_is_private() -> None:
    assert orphans.temp_root() is not None, "this project's suites run under the run guard, which makes one"
    run_dir = Path(str(orphans.temp_root()))
    info = run_dir.stat()
    assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()
