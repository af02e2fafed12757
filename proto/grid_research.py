"""Research for issue 15 (Scale-out on Selenium Grid), stage 1: what the
Connection must do for a remote session. Runs against local Grids started
with harness.grid; every Grid (and so every node, driver and browser) is
stopped when a section ends. Findings: proto/GRID_FINDINGS.md.

    .venv/bin/python proto/grid_research.py [a b c d e f ...]

Sections: a (add-on install), b (chrome context), c (pids, crash), d (full
Grid, hub down), e (Chromium nodes), f (restart on the same profile).
Each prints JSON lines: {"section", "what", ...measurements}.
"""

# ruff: noqa: B023 - every lambda here is called at once by timed(), inside its loop iteration

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.remote.client_config import ClientConfig

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import harness
from harness import processes
from harness.bridge import Bridge, script
from harness.extensions import FIXTURE_ID, FIXTURE_PAGE, fixture_extension_path
from harness.grid import Grid


def report(section: str, what: str, **values: Any) -> None:
    print(json.dumps({"section": section, "what": what, **values}, default=str), flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any, BaseException | None]:
    start = time.monotonic()
    try:
        value = fn()
    except Exception as exc:  # noqa: BLE001 - the exception is the measurement
        return round(time.monotonic() - start, 2), None, exc
    return round(time.monotonic() - start, 2), value, None


def describe(exc: BaseException | None) -> str | None:
    if exc is None:
        return None
    message = getattr(exc, "msg", None) or str(exc)
    return f"{type(exc).__module__}.{type(exc).__name__}: {message.strip().splitlines()[0][:400]}"


def status(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/status", timeout=10) as answer:
        return json.load(answer)["value"]


def busy_slots(url: str) -> int:
    return sum(1 for node in status(url)["nodes"] for slot in node["slots"] if slot["session"])


def session_node(url: str, session_id: str) -> str | None:
    """The node a session runs on, from the hub's GraphQL endpoint."""
    query = json.dumps({"query": f'{{ session (id: "{session_id}") {{ nodeUri }} }}'}).encode()
    request = urllib.request.Request(f"{url}/graphql", data=query, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        data = json.load(answer)
    return (data.get("data") or {}).get("session", {}).get("nodeUri")


def until_free(url: str, limit: float = 90.0) -> float | None:
    """Seconds until the hub shows no busy slot (None: still busy after `limit`)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if busy_slots(url) == 0:
            return round(time.monotonic() - start, 2)
        time.sleep(0.5)  # allowed-sleep: research, sampling the hub's status
    return None


def firefox_options(*args: str, system_access: bool = True, bidi: bool = False) -> webdriver.FirefoxOptions:
    options = webdriver.FirefoxOptions()
    options.add_argument("-headless")
    if system_access:
        options.add_argument("-remote-allow-system-access")
    for arg in args:
        options.add_argument(arg)
    if bidi:
        options.enable_bidi = True
    return options


def zipped_base64(folder: Path) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def chrome_script(driver: Any, source: str, *args: Any, asynchronous: bool = False) -> Any:
    """A script in Firefox's chrome context through the Grid (SET_CONTEXT, as
    selenium's Firefox driver does in `driver.context()`)."""
    driver.execute("SET_CONTEXT", {"context": "chrome"})
    try:
        if asynchronous:
            return driver.execute_async_script(source, *args)
        return driver.execute_script(source, *args)
    finally:
        driver.execute("SET_CONTEXT", {"context": "content"})


def quit_quietly(driver: Any) -> None:
    try:
        driver.quit()
    except Exception as exc:  # noqa: BLE001 - teardown
        report("teardown", "quit failed", error=describe(exc))


# -- (a) and (b): the fixture extension, chrome context, the bridge -------------


def median_call_ms(call: Callable[[], Any], count: int = 21) -> float:
    times = []
    for _ in range(count):
        start = time.monotonic()
        call()
        times.append(time.monotonic() - start)
    return round(sorted(times)[count // 2] * 1000, 1)


def section_ab() -> None:
    seconds, grid, exc = timed(lambda: Grid(1, max_sessions=2))
    report("ab", "Grid(1 node) start: hub started and node registered", seconds=seconds, error=describe(exc))
    assert grid is not None
    with grid:
        report("ab", "grid", url=grid.url, load=os.getloadavg())
        seconds, driver, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=firefox_options()))
        report("ab", "new session", seconds=seconds, error=describe(exc))
        assert driver is not None
        try:
            report("ab", "connection class", cls=type(driver.command_executor).__name__)
            archive = zipped_base64(fixture_extension_path())
            seconds, answer, exc = timed(
                lambda: driver.execute("INSTALL_ADDON", {"addon": archive, "temporary": True})["value"]
            )
            report(
                "ab", "INSTALL_ADDON base64 (moz/addon/install)", seconds=seconds, answer=answer, error=describe(exc)
            )
            seconds, answer, exc = timed(lambda: driver.execute("INSTALL_ADDON", {"addon": "!!", "temporary": True}))
            report("ab", "INSTALL_ADDON bad archive", seconds=seconds, error=describe(exc))
            seconds, version, exc = timed(lambda: chrome_script(driver, "return Services.appinfo.version;"))
            report("ab", "chrome context script", seconds=seconds, version=version, error=describe(exc))
            page = chrome_script(driver, script("find_page.js"), FIXTURE_ID, FIXTURE_PAGE, [], 30000, asynchronous=True)
            report("ab", "find_page.js (chrome context, async)", answer=page)
            bridge = Bridge(driver, page["handle"], 10)
            seconds, state, exc = timed(lambda: bridge.call("harness.ping"))
            report("ab", "bridge harness.ping", seconds=seconds, state=state, error=describe(exc))
            remote_ms = median_call_ms(lambda: bridge.call("sessions.getRecentlyClosed", {}))
            with harness.launch() as local:
                local_ms = median_call_ms(local.sessions.get_recently_closed)
            report("ab", "bridge call getRecentlyClosed, median of 21", grid_ms=remote_ms, local_ms=local_ms)
            handles = list(driver.window_handles)
            answer = chrome_script(driver, script("allow_private.js"), FIXTURE_ID, True, asynchronous=True)
            report("ab", "allow_private.js", answer=answer)
            page = chrome_script(
                driver, script("find_page.js"), FIXTURE_ID, FIXTURE_PAGE, handles, 30000, asynchronous=True
            )
            report("ab", "page after allow_private", answer=page)
            removed = chrome_script(driver, script("clear_values.js"), asynchronous=True)
            report("ab", "clear_values.js", removed=removed)
            # The standard way: BiDi webExtension.install needs a BiDi session (webSocketUrl).
        finally:
            quit_quietly(driver)
        options = firefox_options(bidi=True)
        options.set_preference("browser.sessionstore.max_tabs_undo", 33)
        seconds, driver, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=options))
        report("ab", "new BiDi session", seconds=seconds, ws=driver and driver.capabilities.get("webSocketUrl"))
        assert driver is not None
        try:
            seconds, answer, exc = timed(lambda: driver.webextension.install(base64_value=archive))
            report(
                "ab",
                "BiDi webExtension.install base64 through the Grid",
                seconds=seconds,
                answer=answer,
                error=describe(exc),
            )
            with tempfile.TemporaryDirectory() as folder:
                seconds, answer, exc = timed(lambda: driver.webextension.install(path=folder))
                report("ab", "BiDi webExtension.install path (empty folder on the node)", error=describe(exc))
            pref = chrome_script(driver, "return Services.prefs.getIntPref('browser.sessionstore.max_tabs_undo');")
            report("ab", "pref from moz:firefoxOptions.prefs", value=pref)
        finally:
            quit_quietly(driver)
        seconds, driver, exc = timed(
            lambda: webdriver.Remote(command_executor=grid.url, options=firefox_options(system_access=False))
        )
        assert driver is not None
        try:
            seconds, answer, exc = timed(lambda: chrome_script(driver, "return Services.appinfo.version;"))
            report("ab", "chrome context WITHOUT -remote-allow-system-access", seconds=seconds, error=describe(exc))
        finally:
            quit_quietly(driver)


# -- (c) pids and crashes --------------------------------------------------------


def section_c() -> None:
    with Grid(1, max_sessions=1) as grid:
        driver = webdriver.Remote(command_executor=grid.url, options=firefox_options())
        try:
            caps = driver.capabilities
            pid = caps.get("moz:processID")
            node_java = grid.pids[1]
            report(
                "c",
                "capabilities",
                moz_processID=pid,
                moz_profile=caps.get("moz:profile"),
                is_descendant_of_node=pid in processes.descendants(node_java),
                geckodriver=[processes.describe(p) for p in processes.children(node_java)],
            )
            node_pid = chrome_script(driver, "return Services.appinfo.processID;")
            report("c", "Services.appinfo.processID (chrome context)", pid=node_pid)
            os.kill(pid, signal.SIGKILL)
            seconds, _, exc = timed(lambda: driver.execute_script("return 1;"))
            report(
                "c",
                "next command after Firefox was killed on the node",
                seconds=seconds,
                error=describe(exc),
                cls=type(exc).__name__ if exc else None,
            )
            seconds, _, exc = timed(lambda: driver.execute_script("return 1;"))
            report("c", "second command after the kill", seconds=seconds, error=describe(exc))
            report("c", "slots busy after the crash", busy=busy_slots(grid.url))
            seconds, _, exc = timed(driver.quit)
            report("c", "quit after the crash", seconds=seconds, error=describe(exc), busy=busy_slots(grid.url))
            report("c", "seconds until the crashed session's slot is free", seconds=until_free(grid.url))
        except BaseException:
            quit_quietly(driver)
            raise
        # The driver (geckodriver) killed instead of Firefox.
        driver = webdriver.Remote(command_executor=grid.url, options=firefox_options())
        try:
            geckodriver = processes.children(grid.pids[1])
            for p in geckodriver:
                os.kill(p, signal.SIGKILL)
            seconds, _, exc = timed(lambda: driver.execute_script("return 1;"))
            report("c", "next command after geckodriver was killed", seconds=seconds, error=describe(exc))
        finally:
            quit_quietly(driver)
        report("c", "seconds until the slot of the session whose driver died is free", seconds=until_free(grid.url))


# -- (d) a full Grid, a Grid that is down ---------------------------------------


def section_d() -> None:
    with Grid(1, max_sessions=1, session_request_timeout=30) as grid:
        seconds, first, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=firefox_options()))
        report("d", "first session, free slot (hub timeout 30)", seconds=seconds, error=describe(exc))
        assert first is not None
        try:
            seconds, second, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=firefox_options()))
            report(
                "d",
                "full Grid, --session-request-timeout 30 (period 1)",
                seconds=seconds,
                error=describe(exc),
                cls=type(exc).__name__ if exc else None,
            )
            if second is not None:
                quit_quietly(second)
            config = ClientConfig(remote_server_addr=grid.url, timeout=4)
            seconds, second, exc = timed(
                lambda: webdriver.Remote(command_executor=grid.url, options=firefox_options(), client_config=config)
            )
            report(
                "d",
                "full Grid, client timeout 4 s (hub timeout 30)",
                seconds=seconds,
                error=describe(exc),
                cls=type(exc).__name__ if exc else None,
            )
            if second is not None:
                quit_quietly(second)
        finally:
            quit_quietly(first)
        # The request the client gave up on may still be in the hub's queue: does it take the freed slot?
        start = time.monotonic()
        samples = []
        while time.monotonic() - start < 35:
            samples.append(busy_slots(grid.url))
            if samples[-1]:
                break
            time.sleep(1)  # allowed-sleep: research, sampling the hub's status once a second
        report(
            "d",
            "after the client gave up and the slot was freed: busy slots (an orphan session?)",
            samples=samples,
            after_seconds=round(time.monotonic() - start, 1),
        )
        report("d", "seconds until the slot is free again", seconds=until_free(grid.url, 330))
    with Grid(1, max_sessions=1, session_request_timeout=3) as grid:
        seconds, first, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=firefox_options()))
        report(
            "d",
            "free slot, hub timeout 3 s: does a slow browser start count against it?",
            seconds=seconds,
            error=describe(exc),
        )
        if first is not None:
            quit_quietly(first)
        url = grid.url
    seconds, _, exc = timed(lambda: webdriver.Remote(command_executor=url, options=firefox_options()))
    report(
        "d",
        "hub down (stopped Grid's URL)",
        seconds=seconds,
        error=describe(exc),
        cls=type(exc).__name__ if exc else None,
    )


# -- (e) Chromium nodes ---------------------------------------------------------

MV3_MANIFEST = {
    "manifest_version": 3,
    "name": "grid research",
    "version": "1.0",
    "permissions": ["sessions", "tabs"],
    "background": {"service_worker": "background.js"},
}


def make_mv3(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(MV3_MANIFEST))
    (folder / "background.js").write_text("self.started = Date.now();\n")
    (folder / "page.html").write_text("<!doctype html><title>page</title><p>extension page</p>\n")


def chromium_options(*args: str) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    # --no-sandbox: Chromium will not start as root with its sandbox (this machine runs as root).
    for arg in ("--headless=new", "--no-sandbox", *args):
        options.add_argument(arg)
    return options


def keyed_copy(folder: Path, target: Path) -> str:
    """A copy of the extension whose manifest has a `key` (a fresh RSA key, made with
    openssl), so its id is fixed wherever it is unpacked; returns that id."""
    shutil.copytree(folder, target)
    pem = subprocess.run(["openssl", "genrsa", "2048"], capture_output=True, check=True).stdout
    der = subprocess.run(
        ["openssl", "rsa", "-pubout", "-outform", "DER"], input=pem, capture_output=True, check=True
    ).stdout
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["key"] = base64.b64encode(der).decode()
    (target / "manifest.json").write_text(json.dumps(manifest))
    return "".join(chr(ord("a") + int(c, 16)) for c in hashlib.sha256(der).hexdigest()[:32])


def section_e_shipped(grid: Grid, ext: Path, tmp: Path) -> None:
    """The extension sent with the new-session request (goog:chromeOptions.extensions):
    chromedriver unpacks it on the node, so nothing needs to be on the node's disk."""
    zipped = base64.b64decode(zipped_base64(ext))
    header_only = b"Cr24" + (3).to_bytes(4, "little") + (0).to_bytes(4, "little") + zipped
    keyed_id = keyed_copy(ext, tmp / "keyed")
    for name, blob in (
        ("CRX3 header without proofs", header_only),
        ("plain zip, manifest with a key", base64.b64decode(zipped_base64(tmp / "keyed"))),
    ):
        options = chromium_options()
        options.add_encoded_extension(base64.b64encode(blob).decode())
        seconds, driver, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=options))
        report("e", f"goog:chromeOptions.extensions: {name}", seconds=seconds, error=describe(exc))
        if driver is None:
            continue
        try:
            seconds, _, exc = timed(lambda: driver.get(f"chrome-extension://{keyed_id}/page.html"))
            found = None if exc else driver.execute_script("return [document.title, typeof chrome.sessions];")
            report("e", "its page at chrome-extension://<id from the key>/", found=found, error=describe(exc))
        finally:
            quit_quietly(driver)


def section_e() -> None:
    with Grid(1, browser="chromium", max_sessions=2) as grid, tempfile.TemporaryDirectory() as tmp:
        ext = Path(tmp) / "ext"
        make_mv3(ext)
        for args in (
            [],
            ["--enable-unsafe-extension-debugging"],
            ["--enable-unsafe-extension-debugging", "--remote-debugging-pipe"],
        ):
            options = chromium_options(*args)
            options.enable_bidi = True
            seconds, driver, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=options))
            report(
                "e",
                "new Chromium BiDi session",
                args=args,
                seconds=seconds,
                error=describe(exc),
                version=driver and driver.capabilities.get("browserVersion"),
                ws=driver and driver.capabilities.get("webSocketUrl"),
            )
            if driver is None:
                continue
            try:
                seconds, answer, exc = timed(lambda: driver.webextension.install(path=str(ext)))
                report("e", "webExtension.install path", args=args, seconds=seconds, answer=answer, error=describe(exc))
                if answer:
                    ext_id = answer.get("extension")
                    seconds, _, exc2 = timed(lambda: driver.get(f"chrome-extension://{ext_id}/page.html"))
                    found = (
                        None
                        if exc2
                        else driver.execute_script(
                            "return [document.title, chrome.runtime.id, typeof chrome.sessions];"
                        )
                    )
                    report(
                        "e",
                        "navigate chrome-extension:// page",
                        seconds=seconds,
                        found=found,
                        url=None if exc2 else driver.current_url,
                        error=describe(exc2),
                    )
                    seconds, answer2, exc2 = timed(lambda: driver.webextension.install(base64_value=zipped_base64(ext)))
                    report("e", "webExtension.install base64", seconds=seconds, answer=answer2, error=describe(exc2))
                    archive = Path(tmp) / "ext.zip"
                    archive.write_bytes(base64.b64decode(zipped_base64(ext)))
                    seconds, answer2, exc2 = timed(lambda: driver.webextension.install(archive_path=str(archive)))
                    report(
                        "e", "webExtension.install archivePath", seconds=seconds, answer=answer2, error=describe(exc2)
                    )
                missing = f"/nonexistent-{secrets.token_hex(4)}"
                seconds, _, exc = timed(lambda: driver.webextension.install(path=missing))
                report("e", "webExtension.install path missing on the node", error=describe(exc))
            finally:
                quit_quietly(driver)
        section_e_shipped(grid, ext, Path(tmp))


# -- (f) restart on the same profile ---------------------------------------------

MARK = (
    "const [name, text] = arguments; const done = arguments[arguments.length - 1];"
    "const path = PathUtils.join(PathUtils.profileDir, name);"
    "(async () => { if (text !== null) await IOUtils.writeUTF8(path, text);"
    "  return [PathUtils.profileDir, (await IOUtils.exists(path)) ? await IOUtils.readUTF8(path) : null]; })()"
    ".then(done, (e) => done(String(e)));"
)
OPEN_TAB = "window.open(arguments[0]);"
CLOSED = (
    "const { SessionStore } = ChromeUtils.importESModule('resource:///modules/sessionstore/SessionStore.sys.mjs');"
    "return SessionStore.getClosedTabCount ? SessionStore.getClosedTabCount() : null;"
)


MAKE_DIR = (
    "const [name] = arguments; const done = arguments[arguments.length - 1];"
    "const path = PathUtils.join(PathUtils.tempDir, name);"
    "IOUtils.makeDirectory(path).then(() => done(path), (e) => done('error: ' + e));"
)
REMOVE_DIR = (
    "const [path] = arguments; const done = arguments[arguments.length - 1];"
    "IOUtils.remove(path, { recursive: true }).then(() => done('removed'), (e) => done('error: ' + e));"
)


def section_f() -> None:
    with Grid(2, max_sessions=1) as grid:
        name = f"harness-remote-profile-{secrets.token_hex(4)}"
        missing = firefox_options("-profile", str(Path(tempfile.gettempdir()) / name))
        seconds, driver, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=missing))
        report("f", "session with -profile <a path missing on the node>", seconds=seconds, error=describe(exc))
        if driver is not None:
            quit_quietly(driver)
        # A throwaway session makes the folder on the node's disk, in the node's temp dir.
        driver = webdriver.Remote(command_executor=grid.url, options=firefox_options())
        made_on = session_node(grid.url, driver.session_id)
        profile = chrome_script(driver, MAKE_DIR, name, asynchronous=True)
        quit_quietly(driver)
        report("f", "profile folder made through chrome context (IOUtils.makeDirectory)", path=profile, node=made_on)
        options = firefox_options("-profile", profile)
        landed = []
        token = secrets.token_hex(4)
        try:
            for attempt in range(8):
                seconds, driver, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=options))
                if driver is None:
                    landed.append({"attempt": attempt, "seconds": seconds, "error": describe(exc)})
                    continue
                node = session_node(grid.url, driver.session_id)
                found = chrome_script(driver, MARK, "harness-token", token if attempt == 0 else None, asynchronous=True)
                landed.append(
                    {
                        "node": node,
                        "seconds": seconds,
                        "profileDir": found[0],
                        "marker": found[1],
                        "moz_profile": driver.capabilities.get("moz:profile"),
                    }
                )
                quit_quietly(driver)
            report(
                "f",
                "sessions with the same -profile (2 nodes, 1 slot each)",
                runs=landed,
                same_node_as_folder=sum(1 for run in landed if run.get("node") == made_on),
                marker_survived=sum(1 for run in landed[1:] if run.get("marker") == token),
            )
            report(
                "f",
                "after the last quit",
                kept=Path(profile).is_dir(),
                files=sorted(p.name for p in Path(profile).iterdir())[:15] if Path(profile).is_dir() else None,
            )
            # Two sessions at once on the same profile.
            first = webdriver.Remote(command_executor=grid.url, options=options)
            try:
                seconds, second, exc = timed(lambda: webdriver.Remote(command_executor=grid.url, options=options))
                report(
                    "f",
                    "second session on the profile while one runs (a shared disk)",
                    seconds=seconds,
                    error=describe(exc),
                )
                if second is not None:
                    quit_quietly(second)
            finally:
                quit_quietly(first)
            # Removing it remotely: a throwaway session on the node that has it.
            driver = webdriver.Remote(command_executor=grid.url, options=firefox_options())
            answer = chrome_script(driver, REMOVE_DIR, profile, asynchronous=True)
            quit_quietly(driver)
            report("f", "profile folder removed through chrome context", answer=answer, gone=not Path(profile).exists())
        finally:
            shutil.rmtree(profile, ignore_errors=True)


SECTIONS = {"a": section_ab, "b": section_ab, "c": section_c, "d": section_d, "e": section_e, "f": section_f}


def main(names: list[str]) -> int:
    done: set[Callable[[], None]] = set()
    failed = 0
    for name in names or ["a", "c", "d", "e", "f"]:
        fn = SECTIONS[name]
        if fn in done:
            continue
        done.add(fn)
        try:
            fn()
        except Exception:  # noqa: BLE001 - research: report and go on with the next section
            failed += 1
            report(name, "section failed", error=traceback.format_exc())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
