"""Profile templates: a fresh Firefox profile starts faster when it is a copy
of one that Firefox has already started and quit once (its startup cache,
databases and certificate store exist; measured about 0.6x the start of an
empty profile). One template per Firefox build and prefs table, built on first
use under a file lock (so pytest-xdist workers build it once), kept in the
cache folder and copied into each new profile.

`HARNESS_PROFILE_TEMPLATES=0` turns templates off (every profile starts
empty); `HARNESS_CACHE` moves the cache folder. A user's own `profile=` and
remote browsers never use one.
"""

from __future__ import annotations

import configparser
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..discovery import version_output
from ..errors import HarnessError

CACHE_ENV = "HARNESS_CACHE"
TEMPLATES_ENV = "HARNESS_PROFILE_TEMPLATES"
COMPLETE = ".harness-template-complete"

# What a template does not pass on: its locks, its session, caches of web content, crash data, and the
# prefs file the harness writes for every launch anyway.
_NOT_COPIED = shutil.ignore_patterns(
    "lock",
    ".parentlock",
    "parent.lock",
    ".startup-incomplete",
    "*.sqlite-shm",
    "sessionstore.jsonlz4",
    "sessionstore-backups",
    "sessionCheckpoints.json",
    "cache2",
    "crashes",
    "minidumps",
    "datareporting",
    "user.js",
    COMPLETE,
)


def cache_root() -> Path:
    """Where the harness keeps what it may reuse between runs."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "webext-sessions-harness"


def enabled() -> bool:
    return os.environ.get(TEMPLATES_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def build_id(binary: str) -> str:
    """What identifies a Firefox build: its application.ini (version and build id)
    next to the real binary, else what `--version` prints."""
    real = Path(binary).resolve()
    ini = real.parent / "application.ini"
    if ini.is_file():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(ini, encoding="utf-8")
            app = parser["App"]
            return f"{real}|{app.get('Version', '')}|{app.get('BuildID', '')}"
        except (configparser.Error, KeyError, UnicodeDecodeError):
            pass
    return f"{real}|{version_output(binary)}"


def template_key(binary: str, prefs: dict[str, Any]) -> str:
    """One template per Firefox build and prefs (a changed table builds a new one)."""
    text = json.dumps([build_id(binary), prefs], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock across processes; the kernel wakes the waiter when it is free."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def template_for(binary: str, prefs: dict[str, Any], build: Callable[[Path], None]) -> Path | None:
    """The template for this build and prefs, built first if there is none
    (`build(folder)` starts and quits Firefox on `folder`). None when the
    cache cannot be written: the caller then starts an empty profile."""
    folder = cache_root() / "profiles"
    template = folder / f"firefox-{template_key(binary, prefs)}"
    if (template / COMPLETE).is_file():
        return template
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder / f"{template.name}.lock"):
            if (template / COMPLETE).is_file():  # another process built it while we waited
                return template
            scratch = Path(tempfile.mkdtemp(prefix=f"{template.name}-", dir=folder))
            try:
                build(scratch)
                (scratch / COMPLETE).touch()
                shutil.rmtree(template, ignore_errors=True)
                scratch.rename(template)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    except (OSError, HarnessError):
        return None
    return template


def fill(profile: Path, template: Path) -> None:
    """Copy a template into an empty profile folder."""
    shutil.copytree(template, profile, ignore=_NOT_COPIED, dirs_exist_ok=True, copy_function=shutil.copyfile)
