"""One place for every duration: named defaults, a per-call override, and one
multiplier (`HARNESS_TIMEOUT_MULTIPLIER`) for slow machines."""

from __future__ import annotations

import os
from dataclasses import dataclass

# The Python-side watchdog waits this much longer than the browser-side timer,
# so that the browser reports a timeout (with what it was waiting for) first,
# also on a loaded machine (1 s was not enough for a 0.3 s wait on Firefox ESR
# 140 with five browsers on two cores).
WATCHDOG_MARGIN = 2.0

# The part of a call's bound that a wait the browser runs inside that call may take (as
# forgetClosedPage does), so that the call answers with what it found before its own bound.
BROWSER_WAIT_SHARE = 0.5


def multiplier() -> float:
    raw = os.environ.get("HARNESS_TIMEOUT_MULTIPLIER", "1")
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"HARNESS_TIMEOUT_MULTIPLIER must be a number, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"HARNESS_TIMEOUT_MULTIPLIER must be positive, not {raw!r}")
    return value


@dataclass(frozen=True)
class Timeouts:
    """Seconds. A bound is scaled by the multiplier where it is used; a cadence (how often
    something is checked again) is not: a slower machine needs no slower checks."""

    call: float = 10.0  # any single bridge call or wait
    launch: float = 60.0  # starting the browser and finding the extension page
    quit: float = 10.0  # a graceful quit before escalating to signals
    stop_grace: float = 3.0  # SIGTERM to SIGKILL, when stopping processes
    death_grace: float = 2.0  # a killed process may close its sockets before it shows as exited
    exit_grace: float = 5.0  # processes of a run may take this long to exit once their owner stopped them
    version_probe: float = 30.0  # `<browser> --version`
    network_probe: float = 1.5  # is a download host reachable at all
    suite_teardown: float = 60.0  # an interrupted pytest run (the CLI's, the flake gate's) before it is killed
    page_delay_cap: float = 60.0  # the longest delay a test page (pages.url(name, delay=...)) may ask for
    grid_start: float = 90.0  # a local Grid's hub to start and every node to register
    grid_stop_grace: float = 5.0  # a local Grid's Java servers, SIGTERM to SIGKILL
    grid_check: float = 30.0  # the Grid preflight: the hub's status and one short session per browser
    socket_close: float = 1.0  # a BiDi socket's reader thread to end once the socket is shut
    poll: float = 0.05  # the cadence of a wait for what sends no event (an exiting non-child, a CDP target)
    zombie_check: float = 0.1  # the cadence of a wait for processes to exit: psutil would wait on a zombie
    menu_shown: float = 1.0  # a no-op round trip through an extension's background: its onShown listeners ran
    # A local Grid's cadences, in whole seconds (its flags take integers). The hub checks its queue for
    # requests past --session-request-timeout this often (Selenium's default, 10 s, would add up to 10 s).
    grid_queue_check: int = 1
    grid_register_cycle: int = 1  # a node retries registering this often until the hub (started with it) listens

    def scaled(self, seconds: float) -> float:
        return seconds * multiplier()


DEFAULT = Timeouts()
