"""Remote sessions without a Grid: URL checks, files sent to a node and the
per-session disk check, how a failed session start reads, and what a broken
remote connection says."""

from __future__ import annotations

import base64
import io
import socket
import zipfile
from pathlib import Path
from typing import Any

import pytest
import urllib3
from selenium.common import exceptions as se

from harness import BrowserCrashed, SetupError, remote
from harness.connection import Connection, check_remote_url, remote_start_error
from harness.remote import describe_nodes, no_node_for, node_shares_disk, on_this_machine, zip_entry
from harness.timeouts import WATCHDOG_MARGIN, Timeouts

GRID = "http://grid.example:4444"


@pytest.mark.parametrize("url", ["grid.example:4444", "ftp://grid.example", "http://", "127.0.0.1", ""])
def test_a_remote_url_that_is_not_http_is_refused_naming_it(url: str) -> None:
    with pytest.raises(SetupError, match="is not a Selenium Grid URL: give an http"):
        check_remote_url(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:4444", "https://grid.example/wd/hub", "http://[::1]:4444"])
def test_http_urls_pass(url: str) -> None:
    check_remote_url(url)


@pytest.mark.parametrize(
    ("url", "here"),
    [
        ("http://127.0.0.1:4444", True),
        ("http://127.1.2.3:4444", True),
        ("http://localhost:4444/wd/hub", True),
        ("http://[::1]:4444", True),
        ("http://192.0.2.2:4444", False),
        ("http://grid.example:4444", False),
        ("http://[2001:db8::1]:4444", False),
    ],
)
def test_loopback_addresses_are_this_machine(url: str, here: bool) -> None:
    assert on_this_machine(url) is here


def test_a_folder_is_sent_as_a_zip_with_one_entry_holding_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "ext"
    (folder / "sub").mkdir(parents=True)
    (folder / "manifest.json").write_text("{}")
    (folder / "sub" / "page.html").write_text("<p>")
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(zip_entry(folder))))
    assert sorted(archive.namelist()) == ["ext/manifest.json", "ext/sub/page.html"]
    assert archive.read("ext/sub/page.html") == b"<p>"
    single = zipfile.ZipFile(io.BytesIO(base64.b64decode(zip_entry(folder / "manifest.json"))))
    assert single.namelist() == ["manifest.json"]


class UploadingDriver:
    """A remote driver whose node unpacks uploads into `node_dir` and answers the path
    it would have there (`answer_prefix`: the node's own view of that folder)."""

    def __init__(self, node_dir: Path, answer_prefix: Path | None = None, error: BaseException | None = None) -> None:
        self.node_dir, self.answer_prefix, self.error = node_dir, answer_prefix or node_dir, error

    def execute(self, command: str, params: dict[str, Any]) -> dict[str, Any]:
        assert command == "uploadFile"
        if self.error is not None:
            raise self.error
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(params["file"])))
        [name] = archive.namelist()
        archive.extractall(self.node_dir)
        return {"value": str(self.answer_prefix / name)}


def test_a_node_that_writes_where_this_machine_reads_shares_its_disk(tmp_path: Path) -> None:
    (tmp_path / "node").mkdir()
    assert node_shares_disk(UploadingDriver(tmp_path / "node"), tmp_path) is True
    assert [p.name for p in tmp_path.iterdir()] == ["node"], "the marker made here is removed"


def test_a_node_whose_files_are_not_seen_here_does_not_share_it(tmp_path: Path) -> None:
    (tmp_path / "root" / "tmp").mkdir(parents=True)
    # A node in its own root: it writes into root/tmp and answers /tmp/..., a path that is not this file here.
    driver = UploadingDriver(tmp_path / "root" / "tmp", answer_prefix=tmp_path / "elsewhere")
    assert node_shares_disk(driver, tmp_path) is False


def test_a_file_there_with_other_content_is_not_the_marker(tmp_path: Path) -> None:
    (tmp_path / "node").mkdir()
    stale = tmp_path / "node" / "stale"
    stale.write_text("another token")

    class Stale(UploadingDriver):
        def execute(self, command: str, params: dict[str, Any]) -> dict[str, Any]:
            return {"value": str(stale)}

    assert node_shares_disk(Stale(tmp_path / "node"), tmp_path) is False


def test_a_remote_end_without_uploads_does_not_share_it(tmp_path: Path) -> None:
    driver = UploadingDriver(tmp_path, error=se.UnknownMethodException("Command not found: POST /session/x/se/file"))
    assert node_shares_disk(driver, tmp_path) is False


def test_a_grid_that_is_down_is_named_with_the_refusal() -> None:
    refused = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111]")  # type: ignore[arg-type]
    error = urllib3.exceptions.MaxRetryError(None, "/session", refused)  # type: ignore[arg-type]
    message = str(remote_start_error(GRID, error, 60, "Firefox", None))
    assert message.startswith(f"no Selenium Grid answers at {GRID}: ")
    assert "[Errno 111]" in message


def test_a_client_timeout_says_how_long_and_what_the_hub_reports() -> None:
    timeout = urllib3.exceptions.ReadTimeoutError(None, "/session", "Read timed out. (read timeout=12)")  # type: ignore[arg-type]
    message = str(remote_start_error(GRID, timeout, 12, "Firefox", "1 node(s), 1 of 1 slot(s) busy"))
    assert f"the Selenium Grid at {GRID} gave no Firefox session within 12s" in message
    assert "The hub says: 1 node(s), 1 of 1 slot(s) busy." in message
    assert "HARNESS_TIMEOUT_MULTIPLIER" in message


def test_the_hubs_queue_timeout_is_quoted_verbatim() -> None:
    answer = "Could not start a new session. New session request timed out \nHost info: ..."
    error = se.SessionNotCreatedException(answer)
    message = str(remote_start_error(GRID, error, 60, "Firefox", None))
    assert "every slot was busy, or a browser start took longer than the hub's --session-request-timeout" in message
    assert f"Its answer: {answer}" in message


def test_a_node_error_at_start_is_passed_on_verbatim() -> None:
    answer = "Could not start a new session. Failed to set preferences: Unable to write Firefox profile"
    message = str(remote_start_error(GRID, se.SessionNotCreatedException(answer), 60, "Firefox", None))
    assert message.startswith(f"the Selenium Grid at {GRID} could not start a Firefox session: {answer}")


class FakeRemoteDriver:
    """A webdriver.Remote whose commands fail as a node that lost its driver answers."""

    session_id = "abc-123"

    class command_executor:  # noqa: N801 - Selenium's attribute name
        class client_config:  # noqa: N801
            timeout: float | None = None

    def __init__(self, error: BaseException) -> None:
        self.error = error

    @property
    def window_handles(self) -> Any:
        raise self.error


@pytest.fixture(autouse=True)
def hub_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hub of these fake sessions answers /status (no request leaves the process)."""
    monkeypatch.setattr("harness.connection.hub_status", lambda url, seconds: {"ready": True, "nodes": []})


def remote_connection(error: BaseException) -> Connection:
    connection = Connection(
        FakeRemoteDriver(error), Timeouts(), remote_url=GRID, browser_title="Firefox", driver_title="geckodriver"
    )
    connection.node = "http://10.0.0.7:5555"
    connection._set_http_timeout(60.0)
    return connection


@pytest.mark.parametrize(
    "error",
    [
        se.WebDriverException("Connection error (POST http://localhost:33115/session/x/execute/async)"),
        se.WebDriverException("Failed to execute request (POST http://localhost:33115/session/x/window)"),
        se.WebDriverException("Failed to decode response from marionette"),
        urllib3.exceptions.ReadTimeoutError(None, "/session/x/window/handles", "Read timed out."),  # type: ignore[arg-type]
    ],
)
def test_a_remote_death_names_the_node_and_session_and_where_the_log_is(error: BaseException) -> None:
    connection = remote_connection(error)
    assert connection.alive
    with pytest.raises(BrowserCrashed) as crashed:
        connection.handles()
    message = str(crashed.value)
    assert message.startswith("window_handles(): Firefox or its geckodriver died, or stopped answering within 60s")
    assert f"on node http://10.0.0.7:5555 of the Selenium Grid at {GRID} (session abc-123)" in message
    assert "the geckodriver log is in that node's output" in message
    assert not connection.alive  # no local process to look at: the last command decides
    assert connection.browser_pid is None


def test_a_remote_log_tail_says_where_the_log_is() -> None:
    tail = remote_connection(RuntimeError()).log_tail()
    assert f"runs on node http://10.0.0.7:5555 of the Selenium Grid at {GRID} (session abc-123)" in tail
    assert "node-N.log in the --log-dir of `python -m harness.grid`" in tail


def test_scripts_widen_the_remote_request_bound_beyond_their_own_watchdog() -> None:
    connection = remote_connection(RuntimeError())
    connection.driver.set_script_timeout = lambda seconds: None
    connection._set_script_timeout(200.0)
    assert connection.driver.command_executor.client_config.timeout == 200.0 + WATCHDOG_MARGIN
    connection._set_script_timeout(3.0)
    assert connection.driver.command_executor.client_config.timeout == 60.0  # never below the launch bound


def test_a_hub_that_does_not_answer_is_named_instead_of_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("harness.connection.hub_status", lambda url, seconds: None)
    connection = remote_connection(urllib3.exceptions.ProtocolError("Connection aborted."))
    with pytest.raises(BrowserCrashed) as crashed:
        connection.handles()
    assert str(crashed.value) == (
        f"window_handles(): the Selenium Grid's hub at {GRID} does not answer (stopped, or unreachable); "
        "the Firefox session abc-123 on node http://10.0.0.7:5555 is lost"
    )


def slot(browser: str, version: str = "", busy: bool = False) -> dict[str, Any]:
    stereotype = {"browserName": browser, **({"browserVersion": version} if version else {})}
    return {"stereotype": stereotype, "session": {"sessionId": "x"} if busy else None}


STATUS = {
    "ready": True,
    "message": "Selenium Grid ready.",
    "nodes": [
        {
            "uri": "http://127.0.0.1:5555",
            "availability": "UP",
            "maxSessions": 2,
            "slots": [slot("firefox", "153.0", busy=True), slot("firefox", "153.0"), slot("chrome"), slot("chrome")],
        },
        {"uri": "http://127.0.0.1:5556", "availability": "DOWN", "maxSessions": 1, "slots": [slot("chrome")]},
    ],
}


def test_the_nodes_are_listed_with_their_state_free_slots_and_browsers() -> None:
    assert describe_nodes(STATUS) == [
        "node http://127.0.0.1:5555: UP, 3 of 4 slot(s) free (at most 2 session(s) at once), firefox 153.0, chrome",
        "node http://127.0.0.1:5556: DOWN, 1 of 1 slot(s) free (at most 1 session(s) at once), chrome",
    ]
    assert describe_nodes({"ready": False, "nodes": []}) == []


def test_a_browser_no_node_offers_is_refused_in_the_hubs_words() -> None:
    assert no_node_for(STATUS, "firefox") is None
    assert no_node_for(STATUS, "chrome") is None
    assert no_node_for(STATUS, "MicrosoftEdge") == (
        "Selenium Grid ready. Its nodes: http://127.0.0.1:5555 (UP): firefox 153.0, chrome; "
        "http://127.0.0.1:5556 (DOWN): chrome"
    )
    down_only = {"message": "Selenium Grid not ready.", "nodes": STATUS["nodes"][1:]}
    assert (
        no_node_for(down_only, "chrome") == "Selenium Grid not ready. Its nodes: http://127.0.0.1:5556 (DOWN): chrome"
    )
    assert no_node_for({"message": "Selenium Grid not ready.", "nodes": []}, "chrome") == (
        "Selenium Grid not ready. Its nodes: none"
    )
    assert remote.BROWSER_NAMES == {"firefox": "firefox", "chromium": "chrome"}


def claiming(uri: str, claim: str, browser: str = "firefox", availability: str = "UP") -> dict[str, Any]:
    stereotype = {"browserName": browser, remote.DISK_CAPABILITY: claim}
    return {"uri": uri, "availability": availability, "slots": [{"stereotype": stereotype, "session": None}]}


def test_a_node_whose_disk_claim_holds_here_is_found_for_its_browser(tmp_path: Path) -> None:
    marker = tmp_path / "disk"
    marker.write_text("token-1", encoding="utf-8")
    here, stale = f"{marker}#token-1", f"{marker}#token-0"
    elsewhere = "/tmp/not-on-this-disk-3f9c#token-2"
    status = {
        "nodes": [
            claiming("http://127.0.0.1:1", elsewhere),
            claiming("http://127.0.0.1:2", here, availability="DOWN"),
            claiming("http://127.0.0.1:3", stale),
            claiming("http://127.0.0.1:4", here, browser="chrome"),
        ]
    }
    assert remote.shared_disk_claim(status, "firefox") is None, "down, stale, elsewhere, or another browser"
    assert remote.shared_disk_claim(status, "chrome") == here
    status["nodes"].append(claiming("http://127.0.0.1:5", here))
    assert remote.shared_disk_claim(status, "firefox") == here
    claims = (here, stale, elsewhere, str(marker), None, 7)
    assert [remote.disk_claim_here(c) for c in claims] == [True, False, False, False, False, False]
    assert remote.shared_disk_claim({"nodes": [{"uri": "x", "slots": [slot("firefox")]}]}, "firefox") is None


def test_the_profile_marker_is_written_once_and_proves_the_folder_the_browser_runs_on(tmp_path: Path) -> None:
    remote.mark_profile(tmp_path, "first")
    remote.mark_profile(tmp_path, "second")  # a restart keeps the first
    assert (tmp_path / remote.PROFILE_MARKER).read_text(encoding="utf-8") == "first"
    assert [remote.runs_on_profile(seen, tmp_path) for seen in ("first", "second", "", None)] == [
        True,
        False,
        False,
        True,  # the engine cannot tell: the node's disk check alone decides
    ]


def test_no_hub_gives_no_state_no_node_and_no_disk_claim() -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))  # bound, never listening: a connection to it is refused
        url = f"http://127.0.0.1:{held.getsockname()[1]}"
        timeouts = Timeouts(death_grace=0.5, grid_check=0.5)
        assert remote.hub_state(url, timeouts) is None
        assert remote.node_of(url, "session-1", timeouts) is None
        assert remote.disk_claim_for(url, "firefox", timeouts) is None
