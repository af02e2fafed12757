"""No orphans: every process the harness started in a test run is gone when the run ends.

While the run guard is on (harness.runcheck), each pytest process (the
controller, every pytest-xdist worker, or a run without xdist) has a tag of
its own, which `processes.with_tag` adds to the environment of every process
the harness starts (a Browser's geckodriver, hence Firefox and its helpers),
so each can be found again by that tag, however deeply and wherever it was
re-parented. A test author's own subprocesses do not carry it, and other
browsers on the machine never do. At the end of the run, what still runs with
the tag is an orphan: it is stopped and reported, and the run fails.

Zombies are not orphans. A zombie has exited and holds nothing but its pid
until its parent reaps it; Firefox helpers (crashhelper, forkserver, RDD,
Utility) re-parented to pid 1 stay zombies until pid 1 reaps them, which no
test run can hasten. See docs/RELIABILITY.md for what was measured.

The controller also owns the run's temporary directory, under which every
Browser of the run, in any worker, makes its own; it is removed at the end,
also when a worker was killed before it could clean up.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import processes
from .timeouts import DEFAULT

# The run's temporary directory while a run guard is on in this process.
_temp_root: str | None = None


def new_tag(kind: str) -> str:
    """A tag no other process on the machine carries."""
    return f"{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def temp_root() -> str | None:
    """Where a Browser makes its temporary directory: the run's, or the system default."""
    return _temp_root if _temp_root and os.path.isdir(_temp_root) else None


def wait_gone(tag: str, grace: float | None = None) -> list[int]:
    """Processes carrying `tag` still running after `grace` seconds (default:
    the exit grace of harness.timeouts, how long processes of the run may take
    to exit once their owner stopped them)."""
    left = processes.tagged(tag)
    if left:
        processes.wait_gone(left, DEFAULT.scaled(DEFAULT.exit_grace) if grace is None else grace)
        left = processes.tagged(tag)
    return left


@dataclass
class RunGuard:
    """One pytest process's tag, and (for a controller) the run's temp directory."""

    tag: str
    temp_dir: Path | None = None
    orphans: list[str] = field(default_factory=list)
    _previous: tuple[tuple[str, ...], str | None] | None = None

    @classmethod
    def begin(cls, worker_id: str | None = None, controller: dict[str, str] | None = None) -> RunGuard:
        """Start tagging what the harness starts in this process. A controller (or
        a run without xdist) makes the run's temp dir; a worker gets its
        controller's tag and temp dir (`controller`, see `handed_to_workers`) and
        derives its own tag from it, so the controller can clean up after a
        worker that died."""
        global _temp_root
        if worker_id is not None and controller:
            guard = cls(tag=worker_tag(controller["tag"], worker_id))
            tags: tuple[str, ...] = (controller["tag"], guard.tag)
            root: str | None = controller["temp_dir"]
        else:
            guard = cls(tag=new_tag("run"), temp_dir=Path(tempfile.mkdtemp(prefix="harness-run-")))  # mode 0700
            tags, root = (guard.tag,), str(guard.temp_dir)
        guard._previous = (processes.set_run_tags(tags), _temp_root)
        _temp_root = root
        return guard

    def handed_to_workers(self) -> dict[str, str]:
        """What a controller's workers need to begin their guards (xdist's workerinput)."""
        return {"tag": self.tag, "temp_dir": str(self.temp_dir or "")}

    def stop_worker(self, worker_id: str) -> list[str]:
        """Stop what a worker that died left running (its browser)."""
        return processes.kill_tagged(worker_tag(self.tag, worker_id))

    def end(self) -> list[str]:
        """Stop and return what the run left running; remove the run's temp
        dir; stop tagging. Idempotent."""
        global _temp_root
        left = wait_gone(self.tag)
        if left:
            described = [processes.describe(pid) for pid in left]
            processes.stop(left)
            self.orphans.extend(described)
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
            self.temp_dir = None
        if self._previous is not None:
            tags, _temp_root = self._previous
            processes.set_run_tags(tags)
            self._previous = None
        return self.orphans


def worker_tag(controller_tag: str, worker_id: str) -> str:
    return f"{controller_tag}/{worker_id}"
