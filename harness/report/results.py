"""The results file: one run of the conformance suite on one browser, as JSON.

Its format is `results.schema.json` (beside this module; `format_version`
changes when an older reader could misread a file). `load` checks what it
reads field by field and names the first thing that is wrong, so that
`report` and `diff` fail with a clear message on a file that is not a results
file, without needing a JSON Schema library at run time.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .outcomes import OUTCOMES

FORMAT_VERSION = 2  # 2: the outcomes of one meaning each (xfailed split into known_bug, differs, ...)
SCHEMA_PATH = Path(__file__).with_name("results.schema.json")


class ResultsError(ValueError):
    """A results file that cannot be read: the message names the file and the field."""


@dataclass
class Environment:
    browser: str
    version: str
    binary: str | None = None
    driver: str | None = None
    driver_version: str | None = None
    remote_url: str | None = None
    platform: str = ""
    python: str = ""
    harness_version: str = ""
    date: str = ""
    expectations: str = ""

    @property
    def label(self) -> str:
        """`firefox 153.7.0esr`: how a run is named in the matrix."""
        return f"{self.browser} {self.version}"


@dataclass
class Run:
    args: list[str] = field(default_factory=list)
    exit_status: int = 0
    duration: float = 0.0


@dataclass
class TestResult:
    nodeid: str
    outcome: str
    reason: str = ""
    duration: float = 0.0
    raw: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The test's name without its file: `test_x[1]`, `TestC::test_y`."""
        return self.nodeid.split("::", 1)[-1]


@dataclass
class ItemResult:
    id: str
    family: str
    section: str
    text: str
    outcome: str
    reason: str = ""
    duration: float = 0.0
    tests: list[TestResult] = field(default_factory=list)


@dataclass
class Results:
    environment: Environment
    run: Run
    items: list[ItemResult]
    format_version: int = FORMAT_VERSION

    def item(self, item_id: str) -> ItemResult | None:
        return next((i for i in self.items if i.id == item_id), None)

    def counts(self) -> dict[str, int]:
        """How many items took each outcome (every outcome listed, worst first)."""
        return {o: sum(1 for i in self.items if i.outcome == o) for o in OUTCOMES}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {"format_version": data.pop("format_version"), **data}


def save(results: Results, path: Path) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(results.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(path)


def load(path: Path) -> Results:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ResultsError(f"results file {path}: cannot read it: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResultsError(f"results file {path}: not JSON: {exc}") from exc
    try:
        return from_json(data)
    except ResultsError as exc:
        raise ResultsError(f"results file {path}: {exc}") from None


def from_json(data: Any) -> Results:
    """A Results from parsed JSON, checked against the format (ResultsError names what is wrong)."""
    top = _object(data, "the file", {"format_version", "environment", "run", "items"})
    version = top["format_version"]
    if version != FORMAT_VERSION:
        raise ResultsError(f"format_version {version!r} is not supported (this harness reads {FORMAT_VERSION})")
    return Results(
        environment=_environment(top["environment"]),
        run=_run(top["run"]),
        items=[_item(entry, f"items[{n}]") for n, entry in enumerate(_array(top["items"], "items"))],
    )


_OPTIONAL_TEXT = ("binary", "driver", "driver_version", "remote_url")


def _environment(data: Any) -> Environment:
    where = "environment"
    obj = _object(data, where, {f.name for f in Environment.__dataclass_fields__.values()})
    values: dict[str, Any] = {}
    for name in Environment.__dataclass_fields__:
        values[name] = _text(obj[name], f"{where}.{name}", optional=name in _OPTIONAL_TEXT)
    return Environment(**values)


def _run(data: Any) -> Run:
    obj = _object(data, "run", {"args", "exit_status", "duration"})
    args = [_text(a, f"run.args[{n}]") for n, a in enumerate(_array(obj["args"], "run.args"))]
    status = obj["exit_status"]
    if not isinstance(status, int) or isinstance(status, bool):
        raise ResultsError(f"run.exit_status: {status!r} is not an integer")
    return Run(args=args, exit_status=status, duration=_seconds(obj["duration"], "run.duration"))


_ID = re.compile(r"^[A-Z]+-[0-9]+$")


def _item(data: Any, where: str) -> ItemResult:
    obj = _object(data, where, {"id", "family", "section", "text", "outcome", "reason", "duration", "tests"})
    item_id = _text(obj["id"], f"{where}.id")
    if not _ID.match(item_id):
        raise ResultsError(f"{where}.id: {item_id!r} is not a catalogue id (like GRC-5)")
    tests = [_test(t, f"{where}.tests[{n}]") for n, t in enumerate(_array(obj["tests"], f"{where}.tests"))]
    return ItemResult(
        id=item_id,
        family=_text(obj["family"], f"{where}.family"),
        section=_text(obj["section"], f"{where}.section"),
        text=_text(obj["text"], f"{where}.text"),
        outcome=_outcome(obj["outcome"], f"{where}.outcome"),
        reason=_text(obj["reason"], f"{where}.reason"),
        duration=_seconds(obj["duration"], f"{where}.duration"),
        tests=tests,
    )


def _test(data: Any, where: str) -> TestResult:
    obj = _object(data, where, {"nodeid", "outcome", "reason", "duration", "raw"})
    raw = _array(obj["raw"], f"{where}.raw")
    for n, entry in enumerate(raw):
        _object(entry, f"{where}.raw[{n}]", {"item", "call", "got"}, exact=False)
    return TestResult(
        nodeid=_text(obj["nodeid"], f"{where}.nodeid"),
        outcome=_outcome(obj["outcome"], f"{where}.outcome"),
        reason=_text(obj["reason"], f"{where}.reason"),
        duration=_seconds(obj["duration"], f"{where}.duration"),
        raw=raw,
    )


def _object(data: Any, where: str, keys: set[str], exact: bool = True) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ResultsError(f"{where}: expected an object, found {type(data).__name__}")
    missing = sorted(keys - set(data))
    if missing:
        raise ResultsError(f"{where}: missing {', '.join(missing)}")
    extra = sorted(set(data) - keys)
    if exact and extra:
        raise ResultsError(f"{where}: unknown field {', '.join(extra)}")
    return data


def _array(data: Any, where: str) -> list[Any]:
    if not isinstance(data, list):
        raise ResultsError(f"{where}: expected an array, found {type(data).__name__}")
    return data


def _text(data: Any, where: str, optional: bool = False) -> Any:
    if isinstance(data, str) or (optional and data is None):
        return data
    raise ResultsError(f"{where}: expected a string{' or null' if optional else ''}, found {data!r}")


def _seconds(data: Any, where: str) -> float:
    if isinstance(data, int | float) and not isinstance(data, bool) and data >= 0:
        return float(data)
    raise ResultsError(f"{where}: expected a number of seconds (0 or more), found {data!r}")


def _outcome(data: Any, where: str) -> str:
    if data in OUTCOMES:
        return str(data)
    raise ResultsError(f"{where}: {data!r} is not an outcome ({', '.join(OUTCOMES)})")
