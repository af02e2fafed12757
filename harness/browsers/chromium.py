"""Chromium: finding it and chromedriver (whose major versions must match), its
user data dir and Preferences, installing extensions over WebDriver BiDi, and
opening extension pages by navigation.

Supported: Chromium (and Chrome) 156 and newer, the versions measured (see
docs/CHROMIUM.md). Extensions are installed unpacked with BiDi
`webExtension.install`, which needs `--enable-unsafe-extension-debugging`
(Selenium adds it with `enable_webextensions`). WebDriver can navigate to
`chrome-extension://` URLs, so the harness opens extension pages itself and
the fixture extension needs no background. Chromium has no privileged
context like Firefox's: what must be set before a start (developer mode,
incognito access, restoring the last session) is written to the profile's
Preferences before the browser reads them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from .. import discovery
from ..errors import HarnessError, SetupError
from ..extensions import fixture_extension_path
from ..remote import upload
from ..scripts import script
from . import chromium_cdp
from .base import Engine
from .firefox import gecko_id

if TYPE_CHECKING:
    from ..config import LaunchConfig
    from ..connection import Connection

CHROMIUM_ENV = "HARNESS_CHROMIUM"
CHROMEDRIVER_ENV = "HARNESS_CHROMEDRIVER"
INSTALL = "apt-get install -y chromium chromium-driver"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Debian's places, for a PATH without /usr/bin (a restricted CI shell, say).
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
CHROMEDRIVER_PATHS = ("/usr/bin/chromedriver",)

# The fixture extension: the files both engines share, and Chromium's manifest (Manifest V3, with a
# fixed `key`, so that its id is the same in every profile).
FIXTURE_FILES = ("page.html", "encoding.js", "dispatch.js", "helpers.js", "bridge.js")
FIXTURE_MANIFEST = "manifest.chromium.json"

# What the session's first tab shows before anything loads in it (chromedriver starts on "data:,").
BLANK_URLS = ("about:blank", "data:,")

# Arguments, each with its reason. chromedriver adds its own automation set
# (--disable-background-networking, --disable-sync, --no-first-run, ...: see docs/CHROMIUM.md).
ARGUMENTS = (
    "--disable-background-networking",  # Debian's wrapper drops it with --enable-remote-extensions: no fetches
    "--disable-component-update",  # no component downloads at start
    "--no-default-browser-check",
    "--disable-dev-shm-usage",  # containers often have a small /dev/shm
    "--password-store=basic",  # no keyring prompt
    # No omnibox popup pages made ahead (a headless browser never shows them): a renderer fewer
    # at every start, and a launch that much faster.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
)


def _id_from_digest(digest: str) -> str:
    """Chromium's extension id: the first 32 hex digits of a SHA-256, 0-f written as a-p."""
    return "".join(chr(ord("a") + int(c, 16)) for c in digest[:32])


def extension_id_from_key(key: str) -> str:
    """The id of an extension whose manifest has `key` (the base64 DER public key)."""
    try:
        der = base64.b64decode(key, validate=True)
    except ValueError as exc:
        raise SetupError(f'the manifest "key" is not base64 ({exc}); Chromium would refuse it') from exc
    return _id_from_digest(hashlib.sha256(der).hexdigest())


def extension_id_from_path(path: str | Path) -> str:
    """The id of an unpacked extension without `key`: from its folder's absolute path."""
    return _id_from_digest(hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest())


def fixture_manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((fixture_extension_path() / FIXTURE_MANIFEST).read_text(encoding="utf-8"))
    return manifest


def assemble_fixture(target: Path) -> Path:
    """Chromium's fixture extension in `target`: the shared page and scripts, and
    manifest.chromium.json as manifest.json (Firefox's manifest and background stay out)."""
    source = fixture_extension_path()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    for name in FIXTURE_FILES:
        shutil.copyfile(source / name, target / name)
    shutil.copyfile(source / FIXTURE_MANIFEST, target / "manifest.json")
    return target


def _at(path: str) -> discovery.Candidate:
    """A fixed place to look, for discovery."""
    return (f"{path}: not there", lambda: path)


@cache
def _version(path: str, mtime: float) -> str:
    """`path --version`, once per file version."""
    return discovery.version_output(path)


def version_of(path: str) -> str:
    try:
        mtime = os.stat(path).st_mtime
    except OSError as exc:
        raise SetupError(f"{path}: {exc}") from exc
    return _version(path, mtime)


def preferences(private_ids: Sequence[str]) -> dict[str, Any]:
    """What the harness sets in Preferences before a start: developer mode (an
    unpacked extension reloaded outside it comes back disabled), incognito
    access for `private_ids` (no reload needed when set before the start), and
    "continue where you left off" (restart() brings the session back)."""
    settings: dict[str, Any] = {extension_id: {"incognito": True} for extension_id in private_ids}
    return {
        "extensions": {"ui": {"developer_mode": True}, "settings": settings},
        "session": {"restore_on_startup": 1},
    }


def merge(into: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`values` written into `into`, nested dictionaries merged key by key."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value
    return into


def write_preferences(profile: Path, values: dict[str, Any]) -> None:
    """Merge `values` into the profile's Default/Preferences (Chromium's own
    settings there are kept, so a restart keeps its session)."""
    path = profile / "Default" / "Preferences"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, json.JSONDecodeError) as exc:
        raise SetupError(f"{path} is not a Preferences file Chromium wrote ({exc}); use a fresh profile") from exc
    current = current if isinstance(current, dict) else {}
    for extension_id in values.get("extensions", {}).get("settings", {}):
        forget_extension(current, extension_id)
    path.write_text(json.dumps(merge(current, values)), encoding="utf-8")


def forget_extension(preferences: dict[str, Any], extension_id: str) -> None:
    """Drop what a previous session recorded of an extension, and the checksums Chromium keeps
    of it: installed again, it then reads the harness's settings as at a first start (an
    extension installed again over its own record came back without incognito access)."""
    preferences.get("extensions", {}).get("settings", {}).pop(extension_id, None)
    macs = preferences.get("protection", {}).get("macs", {}).get("extensions", {})
    for key in ("settings", "settings_encrypted_hash"):
        macs.get(key, {}).pop(extension_id, None)


class Chromium(Engine):
    name = "chromium"
    title = "Chromium"
    driver_name = "chromedriver"
    min_version = 156
    binary_env = CHROMIUM_ENV
    fixture_id = extension_id_from_key(fixture_manifest()["key"])
    fixture_opens_its_page = False  # no background: the harness navigates a tab to the page
    installs_by_path = True  # chromedriver's BiDi install refuses archives and base64: a folder is sent to a node
    driver_class: ClassVar[Any] = webdriver.Chrome

    def __init__(self) -> None:
        # When the harness first saw each extension error (Chromium keeps no time), per session.
        self._seen_on: Connection | None = None
        self._seen: dict[str, float] = {}
        # Extensions without a manifest key installed on a node elsewhere: id derived here -> id there.
        self._node_ids: dict[str, str] = {}

    # -- finding things ------------------------------------------------------------

    def find_binary(self, explicit: str | None) -> str:
        """Chromium: explicit, $HARNESS_CHROMIUM, PATH (chromium, chromium-browser,
        google-chrome, google-chrome-stable), then Debian's paths."""
        return discovery.find_executable(
            "Chromium",
            f"{INSTALL}, or pass binary=/path/to/chromium (--browser-binary), or set ${CHROMIUM_ENV}",
            explicit,
            CHROMIUM_ENV,
            CHROMIUM_NAMES,
            [_at(path) for path in CHROMIUM_PATHS],
        )

    def find_driver(self, explicit: str | None) -> str:
        """chromedriver: explicit, $HARNESS_CHROMEDRIVER, PATH, then Debian's path.
        Never Selenium Manager: it downloads and can hang offline."""
        return discovery.find_executable(
            "chromedriver",
            f"{INSTALL}, or pass driver=/path/to/chromedriver (--driver), or set ${CHROMEDRIVER_ENV}",
            explicit,
            CHROMEDRIVER_ENV,
            ("chromedriver",),
            [
                *(_at(path) for path in CHROMEDRIVER_PATHS),
                ("Selenium Manager: not used (it downloads from the network and can hang offline)", lambda: None),
            ],
        )

    def check_driver(self, binary: str, driver: str) -> None:
        """chromedriver drives only the major version it was built for: say so before the start."""
        browser, chromedriver = version_of(binary), version_of(driver)
        ours, theirs = discovery.parse_version(browser)[:1], discovery.parse_version(chromedriver)[:1]
        if ours and theirs and ours != theirs:
            raise SetupError(
                f"{browser} ({binary}) and {chromedriver} ({driver}) have different major versions "
                f"({ours[0]} and {theirs[0]}); chromedriver drives only its own major version. Install the "
                f"matching pair ({INSTALL}), or point --browser-binary and --driver (${CHROMIUM_ENV}, "
                f"${CHROMEDRIVER_ENV}) at a browser and driver of the same major version."
            )

    # -- extensions ------------------------------------------------------------------

    def check_id(self, source: str | Path, manifest: dict[str, Any], copy: Path | None = None) -> str:
        """From the manifest's `key` when it has one; else from the folder it is
        installed from (the copy), as Chromium derives it."""
        key = manifest.get("key")
        if key is not None:
            if not isinstance(key, str) or not key:
                raise SetupError(f'extension {source}: broken manifest: "key" must be a base64 string.')
            try:
                return extension_id_from_key(key)
            except SetupError as exc:
                raise SetupError(f"extension {source}: {exc}") from exc
        return extension_id_from_path(copy if copy is not None else source)

    def check_loadable(self, source: str | Path, manifest: dict[str, Any]) -> None:
        """Chromium no longer loads Manifest V2 extensions (it refuses them at install)."""
        if manifest.get("manifest_version") == 2:
            raise SetupError(
                f"extension {source}: it is a Manifest V2 extension, which Chromium {self.min_version} and newer "
                "no longer load. Test it on Firefox (--browser firefox), or port it to Manifest V3: "
                '"manifest_version": 3, "background": {"service_worker": ...}, "action" instead of "browser_action".'
            )

    def aliases(self, manifest: dict[str, Any]) -> tuple[str, ...]:
        """The gecko id an extension shared with Firefox declares: tests written for both
        browsers call `browser.extension("name@example.com")` on either."""
        declared = gecko_id(manifest)
        return (declared,) if declared else ()

    def fixture(self, workdir: Path) -> Path:
        return assemble_fixture(workdir / "fixture-chromium")

    def page_url(self, extension_id: str, path: str) -> str:
        return f"chrome-extension://{self._node_ids.get(extension_id, extension_id)}/{path}"

    # -- a session -------------------------------------------------------------------

    headless_argument = "--headless"

    def new_options(self) -> webdriver.ChromeOptions:
        options = webdriver.ChromeOptions()
        options.enable_webextensions = True  # adds --enable-unsafe-extension-debugging
        return options

    def profile_options(
        self,
        options: Any,
        config: LaunchConfig,
        binary: str | None,
        profile: Path,
        extension_ids: list[str],
        private_ids: Sequence[str],
        own_disk: bool,
    ) -> None:
        values = preferences(private_ids)
        if not own_disk:
            # A node elsewhere: its own fresh user data dir, where chromedriver writes these Preferences.
            options.add_experimental_option("prefs", values)
        else:
            # Here, or on a Grid whose nodes run here: the profile folder made here (restart() keeps it).
            write_preferences(profile, values)
            options.add_argument(f"--user-data-dir={profile}")

    def arguments(self) -> tuple[str, ...]:
        # Chromium refuses to run as root with its sandbox.
        as_root = ("--no-sandbox",) if hasattr(os, "geteuid") and os.geteuid() == 0 else ()
        return (*as_root, *ARGUMENTS)

    def service(self, driver: str, log_path: Path, env: dict[str, str]) -> Service:
        return Service(executable_path=driver, log_output=str(log_path), env=env)

    def browser_pid(self, capabilities: dict[str, Any]) -> int | None:
        pid = capabilities.get("goog:processID")
        return int(pid) if isinstance(pid, int) else None

    def install(self, connection: Connection, path: Path, extension_id: str, shown_as: str | None = None) -> str:
        """BiDi webExtension.install of the unpacked folder (chromedriver refuses archives
        and base64), sent to the node first when it does not share this disk. The id
        Chromium answers must be the one the harness derived; for an extension without a
        manifest key sent to a node, the one its folder there gives (returned; uninstall()
        and page_url() take the id derived here too)."""
        seconds = connection.timeouts.scaled(connection.timeouts.launch)
        with self.installing(connection, "install extension", path, extension_id, shown_as):
            there = str(path) if connection.shares_disk else upload(connection.driver, path)
            # On the harness's own socket: Selenium's client reads its answer up to 0.1 s late.
            data = {"extensionData": {"type": "path", "path": there}}
            answer = connection.bidi_command("webExtension.install", data, seconds)
        got = answer.get("extension")
        expected = extension_id
        if there != str(path) and extension_id == extension_id_from_path(path):
            expected = _id_from_digest(hashlib.sha256(there.encode()).hexdigest())  # the folder on the node
            self._node_ids[extension_id] = expected
        if got != expected:
            raise SetupError(
                f"Chromium installed extension {shown_as or path} as {got!r}, not as {expected!r}, the id the "
                "harness derived from its manifest key or folder"
            )
        return expected

    def uninstall(self, connection: Connection, extension_id: str) -> None:
        """BiDi webExtension.uninstall."""
        there = self._node_ids.pop(extension_id, extension_id)
        with connection.translate("uninstall extension", (extension_id,)):
            connection.bidi_command("webExtension.uninstall", {"extension": there})

    def open_page(self, connection: Connection, url: str, beside: str | None) -> str | None:
        """Load the page in a background tab and return its handle once loaded
        (WebDriver BiDi, which selects no tab): a tab already at `url` (a copy
        session restore brought back dead, its extension not yet installed
        again) is loaded again; else a new tab, in the window of the tab at
        `beside` when given."""
        tabs = connection.tabs()  # read once for both lookups
        handle = connection.find_handle(url, [], tabs)
        if handle is None:
            handle = connection.open_tab(connection.find_handle(beside, [], tabs) if beside else None)
            # chromedriver's classic window list leaves out a tab it first sees showing an
            # extension page (measured on 156); seen blank first, it keeps it, and
            # `browser.driver` can switch to it.
            connection.handles()
        connection.navigate(handle, url)
        return handle

    def wait_restored(self, connection: Connection, url: str, seconds: float) -> None:
        """A restored tab is there when the session starts, but shows its URL only once its
        navigation commits; until then the harness would miss its copy of its own page."""
        what = f"session restore to bring back the tab showing {url}"
        chromium_cdp.wait_target(connection, lambda: connection.find_handle(url, []), True, what, seconds)

    def open_first_page(self, connection: Connection, url: str) -> str | None:
        """At a start, the session's one blank tab becomes the page's, and the user's blank
        tab opens meanwhile (two page loads side by side rather than one after the other:
        the tab order is then the one reset() leaves). Anything else open: open_page()."""
        tabs = connection.tabs()
        if len(tabs) != 1 or tabs[0][1] not in BLANK_URLS:
            return self.open_page(connection, url, None)
        handle = tabs[0][0]
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="harness-user-tab") as pool:
            user_tab = pool.submit(connection.open_tab, None, background=False)
            connection.navigate(handle, url)
            user_tab.result()
        return handle

    def wait_page(self, connection: Connection, url: str, seconds: float) -> None:
        """open_page returns once the page has loaded: here the page only has to be there."""
        if connection.find_handle(url, []) is None:
            raise HarnessError(f"no tab shows {url}")

    def extension_errors(
        self, connection: Connection, ids: list[str], since: float, after: float = 0.0, wait: float = 0.0
    ) -> list[dict[str, Any]]:
        """Read in a chrome://extensions page (developerPrivate), shown for a moment in
        the tab of the harness's page in the first extension: navigated there and back
        (in the background: nothing is selected), never closed, so the closed list does
        not change. Chromium keeps no time for an error, so each is dated when the
        harness first sees it."""
        from ..extensions import CONTEXT_DIR, CONTEXT_PAGE, FIXTURE_PAGE

        page = self.page_url(ids[0], CONTEXT_PAGE)
        handle = connection.find_handle(page, []) or self.open_page(
            connection, page, self.page_url(self.fixture_id, FIXTURE_PAGE)
        )
        assert handle is not None
        if self._seen_on is not connection:
            self._seen_on, self._seen = connection, {}
        # Errors first seen after `after` are the ones it has not seen by then.
        known = [key for key, first_seen in self._seen.items() if first_seen <= after]
        seconds = connection.timeouts.scaled(connection.timeouts.call) + wait
        connection.navigate(handle, "chrome://extensions/")
        try:
            answer = connection.call_in(
                handle,
                "read extension errors",
                tuple(ids),
                seconds,
                script("chromium/extension_errors.js"),
                ids,
                CONTEXT_DIR,
                known,
                int(wait * 1000),
            )
        finally:
            connection.navigate(handle, page)
        if not isinstance(answer, dict) or "errors" not in answer:
            raise HarnessError(f"could not read the extensions' errors in chrome://extensions: {answer!r}")
        now = time.time()
        found = []
        for error in answer["errors"]:
            first_seen = self._seen.setdefault(error.pop("key"), now)
            if first_seen >= since:
                found.append({**error, "time": first_seen * 1000})
        return found

    # -- an extension's service worker and entry points (harness/browsers/chromium_cdp.py) -----

    def evaluate_background(
        self, connection: Connection, extension_id: str, expression: str, seconds: float, wake: Callable[[], None]
    ) -> Any:
        return chromium_cdp.evaluate(connection, extension_id, expression, seconds, wake)

    def suspend_background(self, connection: Connection, extension_id: str) -> None:
        chromium_cdp.stop(connection, extension_id, connection.timeouts.scaled(connection.timeouts.call))

    def click_action(
        self,
        connection: Connection,
        extension_id: str,
        tab_id: int | None,
        describe: Callable[[int], dict[str, Any]],
    ) -> None:
        target = (
            chromium_cdp.active_tab(connection)
            if tab_id is None
            else chromium_cdp.tab_target(connection, describe(tab_id))
        )
        chromium_cdp.trigger_action(connection, extension_id, target)

    def run_command(self, connection: Connection, extension_id: str, name: str) -> None:
        """`_execute_action` is the toolbar button, clicked for the active tab; other commands have no road."""
        if name in ("_execute_action", "_execute_browser_action"):
            chromium_cdp.trigger_action(connection, extension_id, chromium_cdp.active_tab(connection))
            return
        raise self.unsupported(
            f"run_command({name!r})",
            "Chromium dispatches extension commands only from real key presses in its own UI, which neither "
            "WebDriver nor the DevTools Protocol can send",
        )

    def menu_items(
        self, connection: Connection, extension_id: str, context: str, tab_id: int | None
    ) -> list[dict[str, Any]]:
        raise self.unsupported("menu_items", _NO_MENUS)

    def click_menu_item(
        self, connection: Connection, extension_id: str, item_id: str, context: str, tab_id: int | None
    ) -> None:
        raise self.unsupported("click_menu_item", _NO_MENUS)


_NO_MENUS = (
    "Chromium's context menus are native menus that neither WebDriver nor the DevTools Protocol can open or "
    "read, and contextMenus.onClicked has no other trigger"
)
