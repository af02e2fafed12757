"""Stage-1 prototype of harness/browsers/chromium.py (issue 12), standalone.

Shaped like the Engine interface of the browser seam (notes/SEAM.md): the
functions and `ChromiumEngine` methods below are what the engine module will
hold; `ProtoSession` stands in for the seam's Connection + Browser (one local
chromedriver session, the fixture page, calls through harness/js/call.js) so
that the engine part can be exercised and measured before the seam exists.

Run it:  .venv/bin/python proto/chromium_engine.py [--binary PATH] [--driver PATH] [--headed]
It starts Chromium with the fixture extension, pings the bridge page, prints
the timings and stops everything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common import exceptions as se
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import encoding  # noqa: E402
from harness.bridge import script  # noqa: E402
from harness.errors import ExtensionError, HarnessError, SetupError  # noqa: E402
from harness.extensions import fixture_extension_path  # noqa: E402

CHROMIUM_ENV = "HARNESS_CHROMIUM"
CHROMEDRIVER_ENV = "HARNESS_CHROMEDRIVER"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_DEBIAN_PATHS = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
CHROMEDRIVER_NAMES = ("chromedriver",)
CHROMEDRIVER_DEBIAN_PATHS = ("/usr/bin/chromedriver",)
INSTALL = "apt-get install -y chromium chromium-driver"

# The fixture extension's files shared by both engines, and Chromium's manifest.
FIXTURE_SHARED = ("page.html", "encoding.js", "dispatch.js", "helpers.js", "bridge.js")
FIXTURE_MANIFEST = "manifest.chromium.json"
FIXTURE_PAGE = "page.html"

# Flags, each with its reason. The first group is what this machine needs
# (its network is closed: without them Chromium opens many refused
# connections at every start and looks up Google's hosts).
CHROMIUM_ARGS = (
    "--disable-background-networking",  # no update/safe-browsing/variations fetches
    "--disable-component-update",  # no component downloads
    "--disable-sync",  # no sync service (getDevices answers from it)
    "--disable-quic",
    "--no-first-run",  # no first-run tab or dialog
    "--no-default-browser-check",
    "--disable-gpu",  # headless on a machine without a GPU
    "--disable-dev-shm-usage",  # containers often have a small /dev/shm
    "--password-store=basic",  # no keyring prompt
)


# -- discovery -------------------------------------------------------------------


@dataclass
class Search:
    what: str
    fix: str
    tried: list[str]

    def fail(self) -> SetupError:
        lines = "\n".join(f"  - {place}" for place in self.tried)
        return SetupError(f"{self.what} not found. Tried:\n{lines}\nFix: {self.fix}")


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _find(
    what: str, fix: str, explicit: str | None, source: str, env: str, names: tuple[str, ...], paths: tuple[str, ...]
) -> str:
    """explicit (option) > $env > PATH > fixed paths; SetupError listing every place tried."""
    search = Search(what, fix, [])
    for value, where in ((explicit, source), (os.environ.get(env), f"${env}")):
        if value is None:
            if where.startswith("$"):
                search.tried.append(f"{where}: not set")
            continue
        if _executable(value):
            return str(Path(value).resolve()) if "/" in value else value
        resolved = shutil.which(value)
        if resolved:
            return resolved
        search.tried.append(f"{where}: {value} (not an executable file)")
        raise search.fail()
    for name in names:
        resolved = shutil.which(name)
        if resolved:
            return resolved
        search.tried.append(f"PATH: no {name}")
    for path in paths:
        if _executable(path):
            return path
        search.tried.append(f"{path}: not there")
    raise search.fail()


def find_binary(explicit: str | None = None) -> str:
    """Chromium: explicit, $HARNESS_CHROMIUM, PATH, Debian's paths."""
    fix = f"{INSTALL}, or pass binary=/path/to/chromium (--browser-binary) or set ${CHROMIUM_ENV}"
    return _find("Chromium", fix, explicit, "binary argument", CHROMIUM_ENV, CHROMIUM_NAMES, CHROMIUM_DEBIAN_PATHS)


def find_driver(explicit: str | None = None) -> str:
    """chromedriver: explicit, $HARNESS_CHROMEDRIVER, PATH, Debian's path."""
    fix = f"{INSTALL}, or pass driver=/path/to/chromedriver (--driver) or set ${CHROMEDRIVER_ENV}"
    return _find(
        "chromedriver",
        fix,
        explicit,
        "driver argument",
        CHROMEDRIVER_ENV,
        CHROMEDRIVER_NAMES,
        CHROMEDRIVER_DEBIAN_PATHS,
    )


_VERSION = re.compile(r"\b(\d+)\.(\d+)\.(\d+)\.(\d+)\b")


def _version_of(path: str, what: str) -> str:
    """`path --version` -> "156.0.8078.108"; SetupError when it does not say."""
    try:
        done = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SetupError(f"{what} {path} did not answer --version: {exc}") from exc
    match = _VERSION.search(done.stdout)
    if not match:
        output = (done.stdout + done.stderr).strip()[:300]
        raise SetupError(f"{what} {path} --version printed no version number: {output!r}")
    return match.group(0)


def binary_version(binary: str) -> str:
    """Chromium's version from `chromium --version` ("Chromium 156.0.8078.108 built on Debian ...")."""
    return _version_of(binary, "Chromium")


def driver_version(driver: str) -> str:
    """chromedriver's version from `chromedriver --version` ("ChromeDriver 156.0.8078.108 (...)")."""
    return _version_of(driver, "chromedriver")


def check_versions(binary: str, driver: str) -> tuple[str, str]:
    """Both versions; SetupError when their major versions differ (chromedriver
    refuses a browser of another major version with a long, late message)."""
    browser, chromedriver = binary_version(binary), driver_version(driver)
    if browser.split(".")[0] != chromedriver.split(".")[0]:
        raise SetupError(
            f"Chromium {browser} ({binary}) and chromedriver {chromedriver} ({driver}) have different major "
            f"versions; chromedriver drives only its own major version. Install the matching pair "
            f"({INSTALL}), or pass --browser-binary / --driver to a pair that matches."
        )
    return browser, chromedriver


# -- the fixture extension and manifests -----------------------------------------------


def extension_id_from_key(key: str) -> str:
    """The id Chromium gives an extension whose manifest has `key` (the base64
    DER SubjectPublicKeyInfo of an RSA key): the first 32 hex digits of the
    key's SHA-256, each digit 0-f written as a letter a-p."""
    digest = hashlib.sha256(base64.b64decode(key)).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def extension_id_from_path(path: str | Path) -> str:
    """The id Chromium gives an unpacked extension without `key`: the same
    mapping over the SHA-256 of its absolute path (as Chromium saw it)."""
    digest = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def fixture_manifest() -> dict[str, Any]:
    text = (fixture_extension_path() / FIXTURE_MANIFEST).read_text(encoding="utf-8")
    manifest: dict[str, Any] = json.loads(text)
    return manifest


FIXTURE_ID = extension_id_from_key(fixture_manifest()["key"])


def assemble_fixture(target: Path) -> Path:
    """Chromium's fixture extension in `target` (a new folder): the shared
    page and scripts plus manifest.chromium.json as manifest.json. Firefox's
    files (manifest.json, background.js) stay out."""
    source = fixture_extension_path()
    target.mkdir(mode=0o700, parents=True)
    for name in FIXTURE_SHARED:
        shutil.copyfile(source / name, target / name)
    shutil.copyfile(source / FIXTURE_MANIFEST, target / "manifest.json")
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    for name in _manifest_files(manifest):
        if not (target / name).is_file():
            shutil.copyfile(source / name, target / name)
    return target


def _manifest_files(manifest: dict[str, Any]) -> list[str]:
    """Files a manifest names (its background service worker)."""
    worker = (manifest.get("background") or {}).get("service_worker")
    return [worker] if worker else []


# -- the engine ------------------------------------------------------------------------


class ChromiumEngine:
    """What the Chromium engine module will hold (names as in SEAM.md).
    Methods take the Selenium driver where the seam will pass its Connection."""

    name = "chromium"
    min_version = 156  # the only version measured (BiDi webExtension.install, the flags below)

    find_binary = staticmethod(find_binary)
    find_driver = staticmethod(find_driver)
    binary_version = staticmethod(binary_version)

    def check_manifest(self, source: str, manifest: dict[str, Any]) -> str | None:
        """The id Chromium will give the extension when its manifest has `key`,
        else None (the id then comes from the install; see install_extension)."""
        key = manifest.get("key")
        return extension_id_from_key(key) if isinstance(key, str) and key else None

    def prepare_profile(
        self, user_data_dir: Path, private_ids: tuple[str, ...] = (), restore_last_session: bool = False
    ) -> None:
        """Settings Chromium reads from Default/Preferences at start, merged into
        what is there: developer mode (extension errors are collected only in
        it, and an unpacked extension reloaded outside it comes back disabled),
        incognito access for `private_ids` (no chrome://extensions visit and no
        extension reload), and "continue where you left off" for restart()."""
        path = user_data_dir / "Default" / "Preferences"
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        prefs: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        extensions = prefs.setdefault("extensions", {})
        extensions.setdefault("ui", {})["developer_mode"] = True
        for extension_id in private_ids:
            extensions.setdefault("settings", {}).setdefault(extension_id, {})["incognito"] = True
        if restore_last_session:
            prefs.setdefault("session", {})["restore_on_startup"] = 1
        path.write_text(json.dumps(prefs), encoding="utf-8")

    def options(
        self, binary: str, user_data_dir: Path, headless: bool, extra_args: tuple[str, ...] = ()
    ) -> webdriver.ChromeOptions:
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        options.enable_bidi = True  # webExtension.install is a BiDi command
        options.enable_webextensions = True  # adds --enable-unsafe-extension-debugging --remote-debugging-pipe
        if headless:
            options.add_argument("--headless")
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        options.add_argument(f"--user-data-dir={user_data_dir}")
        for arg in (*CHROMIUM_ARGS, *extra_args):
            options.add_argument(arg)
        return options

    def service(self, driver: str, log_path: Path, env: dict[str, str]) -> Service:
        return Service(executable_path=driver, log_output=str(log_path), env=env)

    def browser_pid(self, capabilities: dict[str, Any]) -> int | None:
        """chromedriver reports the browser's pid as goog:processID."""
        pid = capabilities.get("goog:processID")
        return int(pid) if isinstance(pid, int) else None

    def install_extension(self, driver: Any, path: Path) -> str:
        """Install an unpacked extension over BiDi webExtension.install; returns
        the id Chromium gave it (from `key`, else from the folder's path)."""
        try:
            result = driver.webextension.install(path=str(path))
        except se.WebDriverException as exc:
            raise SetupError(f"Chromium refused to install the extension {path}: {exc.msg}") from exc
        return str(result["extension"])

    def page_url(self, extension_id: str, path: str) -> str:
        return f"chrome-extension://{extension_id}/{path}"

    def open_page(self, driver: Any, extension_id: str, path: str) -> str:
        """Open the extension's page in a new tab of the current window; returns
        its window handle once the page loaded (WebDriver's navigation waits for load)."""
        driver.switch_to.new_window("tab")
        driver.get(self.page_url(extension_id, path))
        return str(driver.current_window_handle)

    def allow_private(self, driver: Any, extension_id: str, timeout: float) -> None:
        """Allow an installed extension in incognito windows while Chromium runs
        (prepare_profile does it before the start, without a reload): in the
        current tab, chrome://extensions and its developerPrivate API, then
        back to about:blank. The tab is navigated, not closed, so the closed
        list stays empty. The extension reloads: its pages close."""
        driver.get("chrome://extensions/")
        driver.set_script_timeout(timeout)
        answer = driver.execute_async_script(script_text("allow_private_chromium.js"), extension_id)
        driver.get("about:blank")
        if answer.get("error"):
            raise SetupError(f"could not allow {extension_id} in incognito windows: {answer['error']}")

    def clear_values(self, driver: Any) -> None:
        """Chromium has no tab/window values: nothing to clear."""

    def set_prefs(self, *_: Any) -> None:
        raise HarnessError("set_prefs: Chromium has no Firefox prefs; this test needs Firefox")

    get_pref = set_prefs


def script_text(name: str) -> str:
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _tree(pid: int) -> list[int]:
    out = [pid]
    for child in _children(pid):
        out.extend(_tree(child))
    return out


# -- a stand-in for the seam's Connection/Browser --------------------------------------------


class ProtoSession:
    """One Chromium with the fixture extension and its page, for measuring."""

    def __init__(
        self,
        binary: str | None = None,
        driver: str | None = None,
        headless: bool = True,
        user_data_dir: Path | None = None,
        extensions: tuple[Path, ...] = (),
        private: bool = False,
        timeout: float = 10.0,
        extra_args: tuple[str, ...] = (),
        private_at_runtime: bool = False,
        restore_last_session: bool = False,
    ) -> None:
        self.extra_args = extra_args
        self.private_at_runtime = private_at_runtime
        self.restore_last_session = restore_last_session
        self.engine = ChromiumEngine()
        self.timeout = timeout
        self.tmp = Path(tempfile.mkdtemp(prefix="harness-chromium-"))
        self.user_data_dir = user_data_dir or self.tmp / "user-data"
        self.headless = headless
        self.binary = self.engine.find_binary(binary)
        self.driver_path = self.engine.find_driver(driver)
        self.version, self.driver_version = check_versions(self.binary, self.driver_path)
        self.fixture = assemble_fixture(self.tmp / "fixture")
        self.extensions = extensions
        self.private = private
        self.extension_ids: dict[Path, str] = {}
        self.driver: Any = None
        self.service: Service | None = None
        self.page = ""
        self.handle = ""
        self.timings: dict[str, float] = {}
        try:
            self.start()
        except BaseException:
            self.close()
            raise

    def start(self) -> None:
        t0 = time.monotonic()
        self.user_data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        private_ids = (FIXTURE_ID,) if self.private and not self.private_at_runtime else ()
        self.engine.prepare_profile(self.user_data_dir, private_ids, self.restore_last_session)
        options = self.engine.options(self.binary, self.user_data_dir, self.headless, self.extra_args)
        self.service = self.engine.service(self.driver_path, self.tmp / "chromedriver.log", {**os.environ})
        try:
            self.driver = webdriver.Chrome(options=options, service=self.service)
        except se.WebDriverException as exc:
            self.stop()
            raise SetupError(f"Chromium would not start: {exc.msg}") from exc
        self.timings["session"] = time.monotonic() - t0
        self.browser_pid = self.engine.browser_pid(self.driver.capabilities)
        t1 = time.monotonic()
        got = self.engine.install_extension(self.driver, self.fixture)
        if got != FIXTURE_ID:
            raise SetupError(f"the fixture extension got id {got}, expected {FIXTURE_ID} (from its manifest key)")
        for path in self.extensions:
            self.extension_ids[path] = self.engine.install_extension(self.driver, path)
        self.timings["install"] = time.monotonic() - t1
        if self.private and self.private_at_runtime:
            t2 = time.monotonic()
            self.engine.allow_private(self.driver, FIXTURE_ID, self.timeout)
            self.timings["allow_private"] = time.monotonic() - t2
        t3 = time.monotonic()
        self.connect()
        self.timings["open_page"] = time.monotonic() - t3
        self.timings["start"] = time.monotonic() - t0

    def connect(self, extension_id: str = FIXTURE_ID, path: str = FIXTURE_PAGE) -> None:
        self.handle = self.engine.open_page(self.driver, extension_id, path)
        self.page = self.engine.page_url(extension_id, path)
        self.call("harness.ping")

    def call(self, method: str, *args: Any, timeout: float | None = None) -> Any:
        """As harness.Bridge.call, minus its error translation (the seam's job)."""
        seconds = timeout or self.timeout
        self.driver.set_script_timeout(seconds + 2)
        if self.driver.current_window_handle != self.handle:
            self.driver.switch_to.window(self.handle)
        answer = self.driver.execute_async_script(
            script("call.js"), method, encoding.encode(list(args)), int(seconds * 1000)
        )
        return unwrap(method, answer)

    def run(self, body: str, *args: Any, timeout: float | None = None) -> Any:
        """As harness.Bridge.run: an async function body with browser, chrome, args."""
        seconds = timeout or self.timeout
        self.driver.set_script_timeout(seconds + 2)
        if self.driver.current_window_handle != self.handle:
            self.driver.switch_to.window(self.handle)
        source = script("execute.js").replace("/* BODY */", body)
        answer = self.driver.execute_async_script(source, encoding.encode(list(args)), int(seconds * 1000))
        return unwrap("execute", answer)

    def stop(self) -> None:
        """quit(), then SIGKILL whatever of chromedriver's tree is left."""
        driver, service, self.driver = self.driver, self.service, None
        roots = []
        if service is not None and service.process is not None:
            roots = _tree(service.process.pid)
        if driver is not None:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001 - best effort, the kill below follows
                pass
        for pid in roots:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> ProtoSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def unwrap(method: str, answer: Any) -> Any:
    if not isinstance(answer, dict):
        raise HarnessError(f"{method}: malformed answer {answer!r}")
    if answer.get("ok"):
        return encoding.decode(answer.get("value"))
    if answer.get("timeout"):
        raise HarnessError(f"{method}: timed out {answer.get('waiting')}")
    if answer.get("notReady"):
        raise HarnessError(f"{method}: the page has no bridge")
    error = answer.get("error") or {}
    raise ExtensionError(
        str(error.get("message")),
        method=method,
        args=(),
        name=str(error.get("name")),
        synchronous=bool(error.get("synchronous")),
    )


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary")
    parser.add_argument("--driver")
    parser.add_argument("--headed", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    for _ in range(args.runs):
        t0 = time.monotonic()
        with ProtoSession(args.binary, args.driver, headless=not args.headed) as session:
            ping = session.call("harness.ping")
            print(json.dumps({"version": session.version, "ping": ping, "timings": session.timings}))
        print(f"total with close: {time.monotonic() - t0:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
