"""Settings resolve in one order: option, ini, environment, default."""

from __future__ import annotations

import pytest

from harness.plugin import launch_options


def test_defaults(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HARNESS_BROWSER", "HARNESS_BROWSER_BINARY", "HARNESS_DRIVER", "HARNESS_HEADED", "HARNESS_EXTENSIONS"):
        monkeypatch.delenv(name, raising=False)
    options = launch_options(pytester.parseconfigure())
    assert options == {
        "browser": "firefox",
        "headless": True,
        "binary": None,
        "driver": None,
        "remote_url": None,
        "extensions": (),
    }


def test_option_beats_ini_beats_environment(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARNESS_BROWSER_BINARY", "/env/firefox")
    monkeypatch.setenv("HARNESS_DRIVER", "/env/geckodriver")
    monkeypatch.setenv("HARNESS_HEADED", "1")
    pytester.makeini("[pytest]\nbrowser_binary = /ini/firefox\nextensions =\n    /ini/ext1\n    /ini/ext2\n")
    assert launch_options(pytester.parseconfigure())["binary"] == "/ini/firefox"
    assert launch_options(pytester.parseconfigure())["driver"] == "/env/geckodriver"
    assert launch_options(pytester.parseconfigure())["headless"] is False
    assert launch_options(pytester.parseconfigure())["extensions"] == ("/ini/ext1", "/ini/ext2")
    config = pytester.parseconfigure(
        "--browser-binary", "/cli/firefox", "--extension", "/cli/a", "--extension", "/cli/b"
    )
    assert launch_options(config)["binary"] == "/cli/firefox"
    assert launch_options(config)["extensions"] == ("/cli/a", "/cli/b")


def test_headed_flag(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARNESS_HEADED", raising=False)
    assert launch_options(pytester.parseconfigure("--headed"))["headless"] is False


def test_options_are_in_the_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    for option in ("--browser", "--browser-binary", "--driver", "--headed", "--selenium-remote-url", "--extension"):
        result.stdout.fnmatch_lines([f"*{option}*"])
