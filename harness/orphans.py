"""No orphans: every process a test run started is gone when the run ends.

Each pytest process (the controller, every pytest-xdist worker, or a run
without xdist) adds a tag of its own to the environment (see
`processes.TAGS_ENV`), so every process started under it, however deeply and
wherever it was re-parented, can be found again by that tag; other browsers
on the machine never carry it. At the end of the run, what still runs with
the tag is an orphan: it is stopped and reported, and the run fails.

Zombies are not orphans. A zombie has exited and holds nothing but its pid
until its parent reaps it; Firefox helpers (crashhelper, forkserver, RDD,
Utility) re-parented to pid 1 stay zombies until pid 1 reaps them, which no
test run can hasten. See docs/RELIABILITY.md for what was measured.

The controller also owns the run's temporary directory (`HARNESS_TMPDIR`),
under which every Browser of the run, in any worker, makes its own; it is
removed at the end, also when a worker was killed before it could clean up.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import processes

TMPDIR_ENV = "HARNESS_TMPDIR"

# How long processes of the run may take to exit once their owner stopped them.
EXIT_GRACE = 5.0


def new_tag(kind: str) -> str:
    """A tag no other process on the machine carries."""
    return f"{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def temp_root() -> str | None:
    """Where a Browser makes its temporary directory: the run's, or the system default."""
    root = os.environ.get(TMPDIR_ENV)
    return root if root and os.path.isdir(root) else None


def wait_gone(tag: str, grace: float = EXIT_GRACE) -> list[int]:
    """Processes carrying `tag` still running after `grace` seconds."""
    deadline = time.monotonic() + grace
    while True:
        left = processes.tagged(tag)
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.1)  # allowed-sleep: polling /proc for exiting processes; non-children give no event


@dataclass
class RunGuard:
    """One pytest process's tag, and (for a controller) the run's temp directory."""

    tag: str
    temp_dir: Path | None = None
    saved_env: dict[str, str | None] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)

    @classmethod
    def begin(cls, worker_id: str | None) -> RunGuard:
        """Tag this process's environment; a controller also makes the run's temp dir.
        A worker's tag is derived from its controller's, so the controller can
        clean up after a worker that died."""
        saved = {name: os.environ.get(name) for name in (processes.TAGS_ENV, TMPDIR_ENV)}
        if worker_id is not None and os.environ.get(processes.TAGS_ENV):
            controller = os.environ[processes.TAGS_ENV].split(",")[-1]
            guard = cls(tag=worker_tag(controller, worker_id), saved_env=saved)
        else:
            temp_dir = Path(tempfile.mkdtemp(prefix="harness-run-"))  # mode 0700
            guard = cls(tag=new_tag("run"), temp_dir=temp_dir, saved_env=saved)
            os.environ[TMPDIR_ENV] = str(temp_dir)
        os.environ[processes.TAGS_ENV] = processes.with_tag(dict(os.environ), guard.tag)[processes.TAGS_ENV]
        return guard

    def stop_worker(self, worker_id: str) -> list[str]:
        """Stop what a worker that died left running (its browser)."""
        return processes.kill_tagged(worker_tag(self.tag, worker_id))

    def end(self) -> list[str]:
        """Stop and return what the run left running; remove the run's temp
        dir; restore the environment. Idempotent."""
        left = wait_gone(self.tag)
        if left:
            described = [processes.describe(pid) for pid in left]
            processes.stop(left)
            self.orphans.extend(described)
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
            self.temp_dir = None
        for name, value in self.saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self.saved_env = {}
        return self.orphans


def worker_tag(controller_tag: str, worker_id: str) -> str:
    return f"{controller_tag}/{worker_id}"
