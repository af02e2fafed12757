"""The engine interface: everything that depends on which browser runs.

An engine knows how to find its browser and driver, which options and
profile set-up they need, how to install an extension and open an
extension's page, and the privileged operations a test needs (private
windows, clearing values, prefs, reading the console). `Browser`
(harness/browser.py), the bridge and the facades never ask which engine
runs; where a browser runs (locally or on a Grid) is the Connection's
business (harness/connection.py).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.common.service import Service

from ..discovery import parse_version
from ..errors import BrowserCrashed, HarnessError, HarnessTimeout, SetupError

if TYPE_CHECKING:
    from ..config import LaunchConfig
    from ..connection import Connection


class Engine(ABC):
    """One browser engine. Stateless apart from what a launch tells it."""

    name: ClassVar[str]  # as in launch(browser=...): "firefox"
    title: ClassVar[str]  # for messages: "Firefox"
    driver_name: ClassVar[str]  # "geckodriver"
    min_version: ClassVar[int]  # the oldest major version the harness supports
    binary_option: ClassVar[str] = "launch(binary=/path/to/browser) or --browser-binary /path/to/browser"
    fixture_id: ClassVar[str]  # the fixture extension's id in this engine
    fixture_opens_its_page: ClassVar[bool]  # True: its background opens the bridge page at start
    has_prefs: ClassVar[bool] = False  # set_prefs / get_pref / launch(prefs=...) work
    installs_by_path: ClassVar[bool] = False  # extensions install from a folder on the browser's disk
    private_access_at_runtime: ClassVar[bool] = False  # allow_private() works in a running browser
    driver_class: ClassVar[Any]  # the Selenium WebDriver class for a local session

    # -- finding things ------------------------------------------------------------

    @abstractmethod
    def find_binary(self, explicit: str | None) -> str:
        """The browser executable (SetupError listing what was tried)."""

    @abstractmethod
    def find_driver(self, explicit: str | None) -> str:
        """The WebDriver executable (SetupError listing what was tried)."""

    def check_driver(self, binary: str, driver: str) -> None:
        """SetupError when this driver cannot drive this browser (checked before the start)."""
        return None

    def check_version(self, version: str, binary: str) -> None:
        """SetupError when `version` is below the supported floor."""
        parsed = parse_version(version)
        if parsed and parsed[0] < self.min_version:
            found = ".".join(str(part) for part in parsed)
            raise SetupError(
                f"{self.title} {found} ({binary}) is older than the oldest version the harness supports, "
                f"{self.title} {self.min_version}. Point it at a newer {self.title} with "
                f"{self.binary_option}, or ${self.binary_env}."
            )

    binary_env: ClassVar[str]  # the environment variable naming the binary

    # -- extensions ------------------------------------------------------------------

    @abstractmethod
    def check_id(self, source: str | Path, manifest: dict[str, Any], copy: Path | None = None) -> str:
        """The id an extension will have in this engine when installed from `copy`
        (where the id depends on the folder), or SetupError saying how to give it one."""

    def check_loadable(self, source: str | Path, manifest: dict[str, Any]) -> None:
        """SetupError, saying what to change, when this engine cannot load the extension at all."""
        return None

    def warnings(self, source: str | Path, manifest: dict[str, Any]) -> list[str]:
        """What of the extension will not work in this engine, though it loads."""
        return []

    def manifest_for_copy(self, manifest: dict[str, Any], extension_id: str) -> dict[str, Any] | None:
        """The manifest the harness's copy gets instead (None: the extension's own)."""
        return None

    def aliases(self, manifest: dict[str, Any]) -> tuple[str, ...]:
        """Other ids a test may name the extension by in `browser.extension(id)`."""
        return ()

    @abstractmethod
    def fixture(self, workdir: Path) -> Path:
        """The fixture extension as this engine installs it (a folder)."""

    @abstractmethod
    def page_url(self, extension_id: str, path: str) -> str:
        """The URL of a page inside an installed extension."""

    # -- a session -------------------------------------------------------------------

    def options(
        self,
        config: LaunchConfig,
        binary: str | None,
        profile: Path,
        extension_ids: list[str],
        *,
        private_ids: Sequence[str] = (),
        own_disk: bool = True,
    ) -> ArgOptions:
        """Selenium options for a session on `profile`: the steps every engine takes,
        in one order; what differs is in new_options(), profile_options() and
        ARGUMENTS. `private_ids`: the extensions allowed in private windows from the
        start. `own_disk` False: the node runs elsewhere, on a profile of its own."""
        if config.prefs and not self.has_prefs:
            raise self.no_prefs(f"prefs={{{', '.join(sorted(config.prefs))}}}", SetupError)
        options = self.new_options()
        options.enable_bidi = True  # the harness reaches its pages (and Chromium installs) through BiDi
        self.profile_options(options, config, binary, profile, extension_ids, private_ids, own_disk)
        if binary:
            options.binary_location = binary  # type: ignore[attr-defined]  # on each engine's own options
        if config.headless:
            options.add_argument(self.headless_argument)
        for argument in self.arguments():
            options.add_argument(argument)
        return options

    headless_argument: ClassVar[str]  # "-headless", "--headless"

    @abstractmethod
    def new_options(self) -> ArgOptions:
        """This engine's empty Selenium options."""

    @abstractmethod
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
        """The profile (prepared on this disk, or its settings sent in the capabilities)."""

    def arguments(self) -> tuple[str, ...]:
        """Command-line arguments every session of this engine gets."""
        return ()

    @abstractmethod
    def service(self, driver: str, log_path: Path, env: dict[str, str]) -> Service:
        """A local driver service writing its log to `log_path`."""

    def browser_pid(self, capabilities: dict[str, Any]) -> int | None:
        """The browser's process id, where the driver tells it."""
        return None

    def before_install(self, connection: Connection, extension_ids: list[str], private_ids: Sequence[str]) -> None:
        """What must happen in a fresh session before the extensions are installed
        (`private_ids`: those allowed in private windows)."""
        return None

    @abstractmethod
    def install(self, connection: Connection, path: Path, extension_id: str, shown_as: str | None = None) -> str:
        """Install an extension for this session (SetupError naming why the browser
        refused, and the extension as the user gave it: `shown_as`); return its id in
        the browser (another than `extension_id` only where the engine derives ids from
        a folder, and the folder is on a node elsewhere)."""

    @contextmanager
    def installing(
        self, connection: Connection, what: str, path: Path, extension_id: str, shown_as: str | None
    ) -> Iterator[None]:
        """Where install() sends its command (`what`, as translate() names it). A crash or a
        timeout stays what it is; any other error is the browser refusing the extension, worded
        once for every engine, with what the browser said about it where the engine can read that."""
        started = time.time()
        try:
            with connection.translate(what, (str(path),)):
                yield
        except (BrowserCrashed, HarnessTimeout):
            raise
        except HarnessError as exc:
            why = "".join(f"\n  {p}" for p in self.install_problems(connection, extension_id, started))
            raise SetupError(f"{self.title} refused to install extension {shown_as or path}: {exc}{why}") from exc

    @abstractmethod
    def uninstall(self, connection: Connection, extension_id: str) -> None:
        """Remove an extension installed with install(), in the running browser."""

    def before_adding(self, connection: Connection, extension_ids: list[str]) -> None:
        """What must happen in the running browser before more extensions are installed."""
        return None

    def allow_private(self, connection: Connection, extension_id: str, allowed: bool) -> None:
        """Allow or disallow an extension in private windows in the running browser;
        its pages close (and the harness opens its page again)."""
        raise SetupError(
            f"{self.title} cannot change an extension's access to private windows while it runs: "
            "launch with private_browsing=True"
        )

    @abstractmethod
    def open_page(self, connection: Connection, url: str, beside: str | None) -> str | None:
        """Open an extension page in a background tab (of the window showing the
        page `beside`, when given); return its window handle when known."""

    def wait_restored(self, connection: Connection, url: str, seconds: float) -> None:
        """After a restart: wait until session restore shows its copy of the page at `url`
        again, where the engine's own start does not wait for that."""
        return None

    def open_first_page(self, connection: Connection, url: str) -> str | None:
        """open_page() for the fixture's page at a start, where an engine can do it faster."""
        return self.open_page(connection, url, None)

    @abstractmethod
    def wait_page(self, connection: Connection, url: str, seconds: float) -> None:
        """Wait, on the browser's own events, until a tab has loaded `url`."""

    def profile_file(self, connection: Connection, name: str) -> str | None:
        """The text of file `name` in the profile the browser runs on, as the
        browser itself reads it ("" when there is no such file); None where the
        engine cannot tell."""
        return None

    def clear_values(self, connection: Connection) -> None:
        """Remove every extension's tab and window values (reset())."""
        return None

    def set_prefs(self, connection: Connection, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Set prefs now; return what each was before ({value, userSet})."""
        raise self.no_prefs("set_prefs")

    def get_pref(self, connection: Connection, name: str) -> Any:
        raise self.no_prefs(f"get_pref({name!r})")

    def no_prefs(self, what: str, kind: type[HarnessError] = HarnessError) -> HarnessError:
        """The one answer to anything that sets or reads prefs where the engine has none."""
        return kind(f"{what}: prefs are Firefox's (about:config); {self.title} has none. This needs Firefox.")

    def extension_errors(
        self, connection: Connection, ids: list[str], since: float, after: float = 0.0, wait: float = 0.0
    ) -> list[dict[str, Any]]:
        """Errors the browser holds from these extensions since `since`; with `wait`,
        when none came after `after`, first waits up to `wait` seconds (on the
        browser's events) for the next one."""
        return []

    def install_problems(self, connection: Connection, extension_id: str, since: float) -> list[str]:
        """What the browser said about an extension it refused to load."""
        return []

    # -- an extension's background and entry points (harness/background.py) -----------

    def unsupported(self, what: str, why: str) -> HarnessError:
        """The error for a member this browser cannot offer, naming the browser and why."""
        return HarnessError(f"{what} is not available on {self.title}: {why}")

    def evaluate_background(
        self, connection: Connection, extension_id: str, expression: str, seconds: float, wake: Callable[[], None]
    ) -> Any:
        """Evaluate `expression` in the extension's background realm; return what it resolves to.
        `wake` starts a stopped background from the extension's own page."""
        raise self.unsupported("evaluate_background", "the harness has no road into its extension backgrounds")

    def suspend_background(self, connection: Connection, extension_id: str) -> None:
        """Stop the extension's event page or service worker now; return once stopped."""
        raise self.unsupported("suspend_background", "the harness cannot stop its extension backgrounds")

    def click_action(
        self,
        connection: Connection,
        extension_id: str,
        tab_id: int | None,
        describe: Callable[[int], dict[str, Any]],
    ) -> None:
        """Click the extension's toolbar button with tab `tab_id` active (None: the
        active tab), as a user does; `describe` gives a tab's tabs.Tab."""
        raise self.unsupported("click_action", "the harness cannot press its toolbar buttons")

    def run_command(self, connection: Connection, extension_id: str, name: str) -> None:
        """Run one of the extension's `commands` as its shortcut would, in the active tab."""
        raise self.unsupported("run_command", "the harness cannot run its extension commands")

    def menu_items(
        self, connection: Connection, extension_id: str, context: str, tab_id: int | None
    ) -> list[dict[str, Any]]:
        """The extension's items in a menu context, after its onShown listeners ran: [{id, title}]."""
        raise self.unsupported("menu_items", "the harness cannot open its menus")

    def click_menu_item(
        self, connection: Connection, extension_id: str, item_id: str, context: str, tab_id: int | None
    ) -> None:
        """Click one of the extension's menu items in a menu context."""
        raise self.unsupported("click_menu_item", "the harness cannot open its menus")
