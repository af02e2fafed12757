"""Where a remote browser runs, and the Grid hub client: whether its node shares
this machine's disk (checked per session, asked of the hub, proved by a marker
in the profile), files sent to a node that does not, and what the hub says.

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

from .timeouts import Timeouts

# The Grid's upload endpoint (/session/{id}/se/file).
UPLOAD_COMMAND = Command.UPLOAD_FILE
MARKER_PREFIX = "harness-disk-marker-"
# A node's slot stereotypes may say which disk it has: "PATH#TOKEN", a file on its disk and what the
# file holds (python -m harness.grid sets it). A session asking for the claim of a node that shares
# this disk goes to such a node only: the Grid matches a namespaced capability against the stereotype.
DISK_CAPABILITY = "harness:disk"
# A file the harness writes into the profile folder made here for a browser on a Grid, and the
# browser reads back: proof that it runs on that folder, not only on a node sharing this disk.
PROFILE_MARKER = "harness-profile-marker"


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


def disk_claim_for(url: str, engine: str, timeouts: Timeouts) -> str | None:
    """The disk claim a session needing this machine's disk asks for: that of a node of the hub
    at `url` that runs `engine` ("firefox", "chromium") and shares this disk; None when none says so."""
    status = hub_status(url, timeouts.scaled(timeouts.grid_check))
    return shared_disk_claim(status, BROWSER_NAMES[engine]) if status is not None else None


def mark_profile(profile_dir: Path, token: str) -> None:
    """Write the profile marker into a folder made here, once (a restart keeps the first)."""
    marker = profile_dir / PROFILE_MARKER
    if not marker.exists():
        marker.write_text(token, encoding="utf-8")


def runs_on_profile(seen: str | None, profile_dir: Path) -> bool:
    """Whether a browser runs on `profile_dir`, from what it read of the marker in its own profile
    (None where its engine cannot tell: then the node's disk check alone decides)."""
    return seen is None or seen == (profile_dir / PROFILE_MARKER).read_text(encoding="utf-8")


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


def hub_state(url: str, timeouts: Timeouts) -> str | None:
    """The hub's /status in a few words ("2 nodes, 2 of 2 slots busy, 1 request queued"),
    or None when it gives none (not a Grid, or down)."""
    seconds = timeouts.scaled(timeouts.death_grace)
    try:
        nodes = hub_json(url, "/status", seconds)["value"]["nodes"]
        queue = hub_json(url, "/graphql", seconds, {"query": "{ grid { sessionQueueSize } }"})
    except (OSError, ValueError, KeyError, TypeError):
        return None
    slots = [slot for node in nodes for slot in node.get("slots", [])]
    busy = sum(1 for slot in slots if slot.get("session"))
    queued = (queue.get("data") or {}).get("grid", {}).get("sessionQueueSize")
    waiting = f", {queued} request(s) queued" if isinstance(queued, int) else ""
    return f"{len(nodes)} node(s), {busy} of {len(slots)} slot(s) busy{waiting}"


def node_of(url: str, session_id: str | None, timeouts: Timeouts) -> str | None:
    """The node running a session, as the hub's GraphQL says (None when it does not)."""
    query = {"query": f'{{ session (id: "{session_id}") {{ nodeUri }} }}'}
    try:
        answer = hub_json(url, "/graphql", timeouts.scaled(timeouts.death_grace), query)
        return str(answer["data"]["session"]["nodeUri"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


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
