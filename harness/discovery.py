"""Finding a browser or driver executable, and asking it its version.

Order, for each executable: the explicit argument (or pytest option), an
environment variable, PATH, then places an engine knows (a distribution's
paths, a Python package). When nothing is found, `SetupError` lists every
place tried and how to fix it. Engines (harness/browsers/) say what to look for.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SetupError
from .timeouts import DEFAULT

Version = tuple[int, ...]


@dataclass
class Search:
    """What was tried, for the error message when nothing is found."""

    what: str
    fix: str
    tried: list[str] = field(default_factory=list)

    def fail(self) -> SetupError:
        lines = "\n".join(f"  - {place}" for place in self.tried)
        return SetupError(f"{self.what} not found. Tried:\n{lines}\nFix: {self.fix}")


def executable(path: str | os.PathLike[str]) -> bool:
    p = Path(path)
    return p.is_file() and os.access(p, os.X_OK)


def _explicit(search: Search, path: str | None, source: str) -> str | None:
    if path is None:
        return None
    if executable(path):
        return str(Path(path).resolve())
    resolved = shutil.which(path)
    if resolved:
        return resolved
    search.tried.append(f"{source}: {path} (not an executable file)")
    raise search.fail()


# A place an engine knows: a label for the message, and a function giving a path or None.
Candidate = tuple[str, Callable[[], str | None]]


def find_executable(
    what: str,
    fix: str,
    explicit: str | None,
    env_var: str,
    names: Iterable[str],
    candidates: Iterable[Candidate] = (),
) -> str:
    """The first of: `explicit`, $env_var, each name on PATH, each candidate."""
    search = Search(what, fix)
    found = _explicit(search, explicit, "explicit path") or _explicit(search, os.environ.get(env_var), f"${env_var}")
    if found:
        return found
    search.tried.append(f"${env_var}: not set")
    for name in names:
        resolved = shutil.which(name)
        if resolved:
            return resolved
        search.tried.append(f"PATH: no {name}")
    for label, candidate in candidates:
        path = candidate()
        if path and executable(path):
            return path
        search.tried.append(label)
    raise search.fail()


def version_output(binary: str) -> str:
    """What `<binary> --version` prints (first line), e.g. `Mozilla Firefox 153.8.0esr`."""
    try:
        done = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=DEFAULT.scaled(DEFAULT.version_probe)
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SetupError(f"could not ask {binary} for its version: {exc}") from exc
    lines = (done.stdout or done.stderr).strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SetupError(f"{binary} --version failed (exit {done.returncode}): {(done.stderr or '').strip()[:300]}")
    return lines[0].strip()


def parse_version(text: str) -> Version:
    """`153.8.0esr` or `Mozilla Firefox 153.8.0esr` -> (153, 8, 0); () when there is none."""
    match = re.search(r"(\d+(?:\.\d+)*)", text)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def network_reachable(host: str = "github.com", port: int = 443) -> bool:
    """True when a download host answers quickly; never waits longer than the network probe timeout."""
    try:
        with socket.create_connection((host, port), timeout=DEFAULT.scaled(DEFAULT.network_probe)):
            return True
    except OSError:
        return False
