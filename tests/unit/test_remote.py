"""Remote sessions without a Grid: URL checks, which Grids share this disk,
how a failed session start reads, and what a broken remote connection says."""

from __future__ import annotations

from typing import Any

import pytest
import urllib3
from selenium.common import exceptions as se

from harness import BrowserCrashed, SetupError
from harness.config import LaunchConfig
from harness.connection import Connection, check_remote_url, remote_start_error
from harness.remote import on_this_machine, shares_disk
from harness.timeouts import Timeouts

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
def test_only_a_loopback_hub_counts_as_sharing_this_disk(url: str, here: bool) -> None:
    assert on_this_machine(url) is here
    assert shares_disk(LaunchConfig(remote_url=url)) is here


def test_a_local_browser_shares_this_disk() -> None:
    assert shares_disk(LaunchConfig()) is True


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
    assert connection.driver.command_executor.client_config.timeout == 201.0
    connection._set_script_timeout(3.0)
    assert connection.driver.command_executor.client_config.timeout == 60.0  # never below the launch bound


def test_chromium_on_a_grid_elsewhere_is_refused_before_any_request() -> None:
    """chromedriver installs extensions only by a path on the node: a Grid that does not
    share this disk cannot get the harness's copies (no network is touched)."""
    import harness

    with pytest.raises(SetupError, match="Chromium installs extensions only from a folder on the browser's own disk"):
        harness.launch(browser="chromium", remote_url=GRID)
