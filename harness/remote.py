"""Where a browser runs when it is not local: the disk policy for a Grid's nodes."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .config import LaunchConfig


def on_this_machine(url: str) -> bool:
    """Whether a remote end's URL names this machine by a loopback address
    (127.0.0.0/8, ::1, localhost): then its nodes share this disk (as with
    `python -m harness.grid`), at least the nodes that run here."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def shares_disk(config: LaunchConfig) -> bool:
    """Whether the browser runs on this machine's disk: locally, or on a Grid
    whose hub has a loopback address (its nodes run here). Then the harness
    makes the profile folder itself, and restart() and profile= work."""
    return config.remote_url is None or on_this_machine(config.remote_url)
