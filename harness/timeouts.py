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
    """Seconds, before the multiplier is applied."""

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

    def scaled(self, seconds: float) -> float:
        return seconds * multiplier()


DEFAULT = Timeouts()
