"""Where a remote browser runs: whether its Grid node shares this machine's disk,
checked per session, and files sent to a node that does not.

A Selenium Grid node takes a file from the client (`POST /session/{id}/se/file`,
a base64 zip) and answers where it unpacked it. The zip must hold one entry, and
that entry may be a folder: so an extension folder reaches a node whole, and a
marker file sent that way shows whether the node writes where this machine reads.
"""

from __future__ import annotations

import base64
import io
import ipaddress
import json
import secrets
import urllib.request
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.command import Command

# The Grid's upload endpoint (/session/{id}/se/file).
UPLOAD_COMMAND = Command.UPLOAD_FILE
MARKER_PREFIX = "harness-disk-marker-"
# A node's slot stereotypes may say which disk it has: "PATH#TOKEN", a file on its disk and what the
# file holds (python -m harness.grid sets it). A session asking for the claim of a node that shares
# this disk goes to such a node only: the Grid matches a namespaced capability against the stereotype.
DISK_CAPABILITY = "harness:disk"


def disk_claim_here(claim: object) -> bool:
    """Whether a node's disk claim ("PATH#TOKEN") holds on this machine: the file is here, with the token."""
    if not isinstance(claim, str) or "#" not in claim:
        return False
    path, token = claim.rsplit("#", 1)
    try:
        return Path(path).read_text(encoding="utf-8") == token
    except (OSError, UnicodeDecodeError):
        return False


def shared_disk_claim(status: dict[str, Any], browser_name: str) -> str | None:
    """The disk claim of a node that is up, runs `browser_name` and shares this disk; None when no node says so."""
    for node in status.get("nodes") or []:
        if node.get("availability", "UP") != "UP":
            continue
        for slot in node.get("slots", []):
            stereotype = slot.get("stereotype", {})
            claim = stereotype.get(DISK_CAPABILITY)
            if stereotype.get("browserName") == browser_name and disk_claim_here(claim):
                return str(claim)
    return None


def on_this_machine(url: str) -> bool:
    """Whether a URL names this machine by a loopback address (127.0.0.0/8, ::1,
    localhost). Says where a hub listens, not where its nodes' files are: see
    `node_shares_disk` for that."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def zip_entry(path: Path) -> str:
    """`path` (a file or a folder) as a base64 zip with one top-level entry of its name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file():
                    archive.write(item, f"{path.name}/{item.relative_to(path).as_posix()}")
        else:
            archive.write(path, path.name)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def upload(driver: Any, path: Path) -> str:
    """Send a file or folder to the node running `driver`'s session; return its
    path on the node (removed by the node when the session ends)."""
    answer = driver.execute(UPLOAD_COMMAND, {"file": zip_entry(path)})
    return str(answer["value"])


def node_shares_disk(driver: Any, workdir: Path) -> bool:
    """Whether the node running this session writes where this machine reads: a
    marker with a fresh token is sent to the node, and the path it answers is read
    here. False also when the remote end takes no uploads (then it is no Grid node
    of this machine either)."""
    token = secrets.token_hex(16)
    marker = workdir / f"{MARKER_PREFIX}{token}"
    marker.write_text(token, encoding="utf-8")
    try:
        there = upload(driver, marker)
    except WebDriverException:  # a remote end without uploads: no Grid node of this machine either
        return False
    finally:
        marker.unlink(missing_ok=True)
    try:
        return Path(there).read_text(encoding="utf-8") == token
    except OSError:
        return False


# -- the hub ---------------------------------------------------------------------

# What Selenium calls each engine's browser in capabilities and node stereotypes.
BROWSER_NAMES = {"firefox": "firefox", "chromium": "chrome"}


def hub_json(url: str, path: str, seconds: float, body: dict[str, Any] | None = None) -> Any:
    """One bounded request to the hub (OSError or ValueError when it gives no JSON answer)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url.rstrip("/") + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=seconds) as answer:
        return json.load(answer)


def hub_status(url: str, seconds: float) -> dict[str, Any] | None:
    """The hub's /status `value` ({ready, message, nodes}), or None when it gives none."""
    try:
        value = hub_json(url, "/status", seconds)["value"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def slot_browsers(node: dict[str, Any]) -> list[str]:
    """The browsers a node's slots offer, as their stereotypes say ("firefox 153.0"), each once."""
    found: list[str] = []
    for slot in node.get("slots", []):
        stereotype = slot.get("stereotype", {})
        name = " ".join(str(part) for part in (stereotype.get("browserName"), stereotype.get("browserVersion")) if part)
        if name and name not in found:
            found.append(name)
    return found


def no_node_for(status: dict[str, Any], browser_name: str) -> str | None:
    """Why a hub with this /status cannot give a `browser_name` session, in its own
    words (its message, and what its nodes offer); None when a node up offers it."""
    nodes = status.get("nodes") or []
    for node in nodes:
        if node.get("availability", "UP") != "UP":
            continue
        for slot in node.get("slots", []):
            if slot.get("stereotype", {}).get("browserName") == browser_name:
                return None
    offered = "; ".join(
        f"{node.get('uri')} ({node.get('availability', '?')}): {', '.join(slot_browsers(node)) or 'no slots'}"
        for node in nodes
    )
    return f"{status.get('message', '')} Its nodes: {offered or 'none'}".strip()


def describe_nodes(status: dict[str, Any]) -> list[str]:
    """The hub's nodes in a few lines: address, state, free slots, browsers."""
    lines = []
    for node in status.get("nodes") or []:
        slots = node.get("slots", [])
        free = sum(1 for slot in slots if not slot.get("session"))
        limit = node.get("maxSessions", len(slots))
        browsers = ", ".join(slot_browsers(node)) or "no browsers"
        lines.append(
            f"node {node.get('uri')}: {node.get('availability', '?')}, {free} of {len(slots)} slot(s) free "
            f"(at most {limit} session(s) at once), {browsers}"
        )
    return lines
