"""Where the figures came from: the machine, its load, and the versions."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import selenium

from harness.browsers.chromium import Chromium
from harness.browsers.firefox import Firefox


def _first_line(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"? ({exc})"
    return out.strip().splitlines()[0] if out.strip() else "?"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f}"
    except OSError:
        pass
    return "?"


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def describe() -> dict[str, Any]:
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "selenium": selenium.__version__,
        "firefox": _first_line([Firefox().find_binary(None), "--version"]),
        "geckodriver": _first_line([Firefox().find_driver(None), "--version"]),
        "load_before": load(),
    }


def browsers(names: tuple[str, ...]) -> dict[str, Any]:
    """The versions of the browsers other than Firefox that the run measures."""
    if "chromium" not in names:
        return {}
    engine = Chromium()
    return {
        "chromium": _first_line([engine.find_binary(None), "--version"]),
        "chromedriver": _first_line([engine.find_driver(None), "--version"]),
    }
