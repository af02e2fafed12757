"""The one place where expected results depend on the browser and its version:
the rows in `rows/*.toml`, one file per browser row (the format is described in
README.md, "Expectations").

A row holds every expected value that could change between versions (exact
error messages, limits, quirks), each with its source ("observed" on the
browser of its row, or "documented" with where); what the browser lacks (a
member, a concept, or something the harness cannot arrange there), each with
the error regex that proves it; and the tests whose check is known to fail
there, each with the browser's exact answer and its kind (`differs`, `known
bug` with a bug reference, `cannot arrange`). Test bodies read `expected("KEY",
...)`, declare what they need with `@pytest.mark.needs(...)`, and never branch
on a version.

A browser or version without a row is not judged by another row: the run
says "no expectations for <browser> <version>: results are raw", and
`expected()` returns an `Unjudged` placeholder, which the checks in check.py
accept and record (the browser's answer becomes a raw result of the item).

Which row applies is decided from the browser the run launched (its name and
version as the driver reports them), not from a binary's --version.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import UNDEFINED
from harness.discovery import Version, parse_version
from harness.report import outcomes

ROWS_DIR = Path(__file__).with_name("rows")

# What a row's `lacks` entry and `known` entry may say (the outcome its items then read), by the
# word the row files use.
KINDS = {outcomes.label(kind): kind for kind in outcomes.EXPECTED_FAILURES}
LACK_KINDS = (outcomes.UNSUPPORTED, outcomes.NOT_APPLICABLE, outcomes.CANNOT_ARRANGE)
KNOWN_KINDS = (outcomes.DIFFERS, outcomes.KNOWN_BUG, outcomes.CANNOT_ARRANGE)


def _kind(word: str, where: str) -> str:
    if word not in KINDS:
        raise ValueError(f"{where}: kind {word!r} is none of {', '.join(KINDS)}")
    return KINDS[word]


@dataclass(frozen=True)
class Lack:
    """Something the browser of a row does not have: a member (`unsupported`), a
    concept (`not_applicable`), or what the harness needs to arrange a scenario
    (`cannot_arrange`). A test that needs it must fail with an error matching `error`."""

    name: str
    kind: str
    error: str
    note: str

    def __post_init__(self) -> None:
        if self.kind not in LACK_KINDS:
            raise ValueError(f"lacks.{self.name}: kind {self.kind!r} is none of {', '.join(LACK_KINDS)}")
        if not self.error:
            raise ValueError(f"lacks.{self.name}: an error regex is required (the browser's own answer)")
        re.compile(self.error)


@dataclass(frozen=True)
class Known:
    """A known failure of one test on one browser: the catalogue item whose check
    fails there and the browser's exact answer in it (`got`, compared strictly).
    Any other failure of the test is a real one."""

    reason: str
    item: str
    got: Any
    kind: str = outcomes.DIFFERS
    bug: str | None = None  # for a known bug: the bug's reference

    def __post_init__(self) -> None:
        if self.kind not in KNOWN_KINDS:
            raise ValueError(f"known {self.item}: kind {self.kind!r} is none of {', '.join(KNOWN_KINDS)}")
        if self.kind == outcomes.KNOWN_BUG and not self.bug:
            raise ValueError(f"known {self.item}: a known bug needs its bug reference (`bug`)")


@dataclass(frozen=True)
class Absent:
    """A value the browser of a row has no counterpart for (the message of a
    function it lacks): no answer equals it, so a test that reads it fails unless
    it needs what the row lacks or the row lists it as known."""

    reason: str


@dataclass(frozen=True)
class ByField:
    """A value that depends on one field of the call (`expected(key, function=...)`)."""

    field: str
    cases: dict[str, Any]
    otherwise: Any = None


@dataclass(frozen=True)
class Row:
    browser: str
    since: Version  # inclusive
    until: Version  # exclusive
    label: str
    values: dict[str, Any]
    # Test function name -> what fails there on this browser (differs, a known bug, cannot arrange).
    known_failures: dict[str, Known] = field(default_factory=dict)
    lacks: dict[str, Lack] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # value key -> "observed: ..." / "documented: ..."

    def covers(self, browser: str, version: Version) -> bool:
        return browser == self.browser and self.since <= version < self.until


# -- reading the rows ---------------------------------------------------------------------------


def decode(value: Any, where: str) -> Any:
    """A TOML value as the checks compare it: `{js = "null"}` and `{js = "undefined"}`
    (TOML has neither), `{regex = "..."}`, `{absent = "why"}`, `{by = "field", cases = {...}}`."""
    if isinstance(value, list):
        return [decode(v, where) for v in value]
    if not isinstance(value, dict):
        return value
    keys = set(value)
    if keys == {"js"}:
        if value["js"] not in ("null", "undefined"):
            raise ValueError(f"{where}: js = {value['js']!r} (null or undefined)")
        return None if value["js"] == "null" else UNDEFINED
    if keys == {"regex"}:
        return re.compile(value["regex"])
    if keys == {"absent"}:
        return Absent(value["absent"])
    if "by" in keys and keys <= {"by", "cases", "otherwise"}:
        cases = {k: decode(v, where) for k, v in value.get("cases", {}).items()}
        return ByField(value["by"], cases, decode(value.get("otherwise"), where))
    return {k: decode(v, where) for k, v in value.items()}


def _note(entry: dict[str, Any], where: str) -> str:
    source = entry.get("source")
    if source not in ("observed", "documented"):
        raise ValueError(f"{where}: source must be observed or documented, not {source!r}")
    return f"{source}: {entry['note']}" if entry.get("note") else str(source)


def read_row(path: Path, folder: Path | None = None) -> Row:
    """One row file; `inherits = "<file stem>"` starts from that row's values, lacks and known entries."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    lacks: dict[str, Lack] = {}
    known: dict[str, Known] = {}
    if "inherits" in data:
        base = read_row((folder or path.parent) / f"{data['inherits']}.toml", folder)
        values, notes, lacks, known = dict(base.values), dict(base.notes), dict(base.lacks), dict(base.known_failures)
    for key, entry in data.get("values", {}).items():
        where = f"{path.name}: values.{key}"
        values[key] = decode(entry["value"], where)
        notes[key] = _note(entry, where)
    for name, entry in data.get("lacks", {}).items():
        kind = _kind(entry["kind"], f"{path.name}: lacks.{name}")
        lacks[name] = Lack(name, kind, entry.get("error", ""), entry.get("note", ""))
    for entry in data.get("known", []):
        where = f"{path.name}: known {entry.get('test')}"
        if "got" not in entry:
            raise ValueError(f"{where}: the browser's exact answer (`got`) is required")
        kind = _kind(entry["kind"], where)
        known[entry["test"]] = Known(entry["note"], entry["item"], decode(entry["got"], where), kind, entry.get("bug"))
    return Row(
        data["browser"],
        parse_version(data["since"]),
        parse_version(data["until"]),
        data["label"],
        values,
        known,
        lacks,
        notes,
    )


def load_rows(folder: Path = ROWS_DIR) -> tuple[Row, ...]:
    return tuple(read_row(path, folder) for path in sorted(folder.glob("*.toml")))


ROWS: tuple[Row, ...] = load_rows()


class Unjudged:
    """What `expected()` gives without a row: the checks accept any answer in
    its place and record it as a raw result of the item."""

    def __init__(self, key: str, fields: dict[str, Any]) -> None:
        self.key = key
        self.fields = fields

    def __repr__(self) -> str:
        return f"<no expectation for {self.key}>"


@dataclass(frozen=True)
class Resolution:
    """The row a run uses (None: no row, results are raw) for the browser it launched."""

    row: Row | None
    browser: str
    version: str

    def describe(self) -> str:
        if self.row is None:
            return f"no expectations for {self.browser} {self.version or '(version unknown)'}: results are raw"
        return f"expectations: {self.browser} {self.version} -> {self.row.label}"

    def known_failure(self, test_name: str) -> Known | None:
        return self.row.known_failures.get(test_name) if self.row is not None else None

    def lacking(self, needs: list[str]) -> list[Lack]:
        """What of `needs` (a test's members, concepts, arrangements) this browser lacks."""
        if self.row is None:
            return []
        return [self.row.lacks[name] for name in needs if name in self.row.lacks]


def resolve(browser: str, version: str, rows: tuple[Row, ...] | None = None) -> Resolution:
    """The row covering this browser and version; None when no row does
    (never another version's row: those results are raw)."""
    parsed = parse_version(version)
    found = next((row for row in (ROWS if rows is None else rows) if row.covers(browser, parsed)), None)
    return Resolution(found, browser, version)


_current: Resolution | None = None


def use(resolution: Resolution) -> None:
    """Set the row this process's tests read (conftest does it once the browser runs)."""
    global _current
    _current = resolution


def resolved() -> Resolution | None:
    """The resolution, once a browser has run in this process."""
    return _current


def current() -> Resolution:
    if _current is None:
        raise RuntimeError("expectations: no browser resolved yet (harness/conformance/conftest.py sets it)")
    return _current


def expected(key: str, **fields: Any) -> Any:
    """The expected value for `key` on the browser under test; strings are
    formatted with `fields` (`expected("VAL-8.invalid_tab", id=5)`), a value that
    depends on a field picked by it. Without a row: an Unjudged placeholder."""
    row = current().row
    if row is None:
        return Unjudged(key, fields)
    if key not in row.values:
        raise KeyError(f"expectations: no value {key!r} in the row {row.label}")
    value = row.values[key]
    if isinstance(value, ByField):
        value = value.cases.get(str(fields[value.field]), value.otherwise)
        if isinstance(value, Absent):
            value = Absent(value.reason.format(**fields))
    return value.format(**fields) if isinstance(value, str) and fields else value
