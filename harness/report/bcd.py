"""MDN's browser-compat-data (BCD) for `sessions`, checked against a run.

The data comes from a file or folder the user names, never from the network:
BCD's `data.json` (the `@mdn/browser-compat-data` npm package), that
package's folder, a `node_modules` folder holding it, or any JSON file with
BCD's shape that holds `webextensions.api.sessions`.

For the browser and version of a run, every member BCD lists gets BCD's
claim (supported since a version, not supported, behind a flag, unknown)
and what the run measured through the catalogue items in MEMBERS:
supported when one of them passed, unsupported when one of them was
unsupported (the suite's word for "the browser lacks it"), else not measured.
A contradiction is a member BCD calls supported that the run found missing,
or one BCD calls unsupported that the run found working; and a note of
BCD's that NOTES says a passing item disproves.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .outcomes import EXPECTED_FAILURES
from .results import Results

PACKAGE = Path("@mdn") / "browser-compat-data"
SESSIONS = ("webextensions", "api", "sessions")
NAMESPACE = "sessions"  # the namespace's own entry (BCD's sessions.__compat)

# The harness's --browser names -> BCD's browser keys.
BROWSERS = {"firefox": "firefox", "chromium": "chrome", "chrome": "chrome", "edge": "edge"}
# BCD's source files say "mirror" for browsers whose data follows another's (data.json has them resolved).
MIRRORS = {"edge": "chrome", "opera": "chrome", "firefox_android": "firefox", "safari_ios": "safari"}

# Which catalogue items exercise each member: their outcomes are what the run measured.
MEMBERS: dict[str, tuple[str, ...]] = {
    NAMESPACE: ("SURF-1",),
    "Filter": ("GRC-6",),
    "MAX_SESSION_RESULTS": ("MAX-1",),
    "Session": ("GRC-2",),
    "forgetClosedTab": ("FGT-1",),
    "forgetClosedWindow": ("FGT-2",),
    "getRecentlyClosed": ("GRC-1", "GRC-3"),
    "restore": ("RES-1", "RES-2"),
    "getTabValue": ("VAL-1", "VAL-3"),
    "setTabValue": ("VAL-1",),
    "removeTabValue": ("VAL-4",),
    "getWindowValue": ("VAL-9",),
    "setWindowValue": ("VAL-9",),
    "removeWindowValue": ("VAL-9",),
    "onChanged": ("EVT-1", "EVT-2"),
}


@dataclass(frozen=True)
class NoteRule:
    """A BCD note the suite can test: the note is contradicted when every item in `disproved_by` passed."""

    member: str
    pattern: str  # a regular expression matched (case-insensitively) against the note's text
    disproved_by: tuple[str, ...]
    finding: str  # what the passing items show
    see_also: tuple[str, ...] = ()  # related items, shown with their outcomes


NOTES = (
    NoteRule(
        "Session",
        r"url.+title.+favIconUrl",
        ("GRC-5",),
        "closed tabs carry the url and title of the page they showed (GRC-5)",
        ("PERM-1",),  # without the "tabs" permission they are absent
    ),
)


class BcdError(ValueError):
    """BCD data that cannot be used: the message names the file and what is wrong."""


@dataclass
class Bcd:
    sessions: dict[str, Any]  # BCD's webextensions.api.sessions
    source: str  # the file read
    version: str  # the BCD release, or "unknown"


def load(path: Path) -> Bcd:
    """BCD from a data.json, the npm package's folder, a node_modules folder, or an extract of BCD's shape."""
    path = Path(path)
    if path.is_dir():
        candidates = (path / PACKAGE, path / "node_modules" / PACKAGE, path)
        for candidate in (folder / "data.json" for folder in candidates):
            if candidate.is_file():
                path = candidate
                break
        else:
            raise BcdError(f"{path}: no BCD data here (looked for {PACKAGE}/data.json and data.json)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BcdError(f"{path}: cannot read BCD data: {exc}") from exc
    node: Any = data
    for key in SESSIONS:
        if not isinstance(node, dict) or key not in node:
            raise BcdError(f"{path}: not BCD data with {'.'.join(SESSIONS)} (no {key!r})")
        node = node[key]
    version = str((data.get("__meta") or {}).get("version") or _package_version(path) or "unknown")
    return Bcd(sessions=node, source=str(path), version=version)


def _package_version(data_json: Path) -> str | None:
    package = data_json.with_name("package.json")
    try:
        return str(json.loads(package.read_text(encoding="utf-8")).get("version"))
    except (OSError, json.JSONDecodeError, AttributeError):
        return None


# -- BCD's claims ----------------------------------------------------------------------------


@dataclass
class Claim:
    status: str  # "supported", "unsupported", "flag" (only behind a flag or pref), "unknown"
    detail: str  # e.g. "since 55", "not supported", "removed in 70", "no data"
    notes: list[str] = field(default_factory=list)
    partial: bool = False


def parse_version(text: str) -> tuple[int, ...] | None:
    """`153.7.0esr` -> (153, 7, 0); BCD's `≤37` -> (37,); None when there is no number."""
    match = re.search(r"\d+(?:\.\d+)*", text)
    return tuple(int(p) for p in match.group(0).split(".")) if match else None


def claim(support: dict[str, Any], browser: str, version: str) -> Claim:
    """What BCD's support block says about `browser` (a BCD key) at `version`."""
    statements = support.get(browser)
    if statements == "mirror" and browser in MIRRORS:
        return claim(support, MIRRORS[browser], version)
    if statements is None:
        return Claim("unknown", f"BCD has no {browser} entry")
    if not isinstance(statements, list):
        statements = [statements]
    wanted = parse_version(version)
    if wanted is None:
        return Claim("unknown", f"the browser's version ({version!r}) has no number to compare")
    # A prefixed or renamed implementation is another name for the member: not what the suite calls.
    statements = [
        s for s in statements if isinstance(s, dict) and not s.get("prefix") and not s.get("alternative_name")
    ]
    flagged: Claim | None = None
    known = False
    for statement in statements:
        added, removed = statement.get("version_added"), statement.get("version_removed")
        notes = _notes(statement.get("notes"))
        if added is None:
            continue
        known = True
        since = _covers(added, removed, wanted)
        if since is None:
            continue
        if statement.get("flags"):
            flagged = flagged or Claim("flag", f"behind a flag since {since}", notes)
            continue
        return Claim("supported", f"since {since}", notes, bool(statement.get("partial_implementation")))
    if flagged:
        return flagged
    if not known:
        return Claim("unknown", "no data")
    first = statements[0]
    removed = first.get("version_removed")
    detail = (
        f"removed in {removed}"
        if removed
        else ("not supported" if first.get("version_added") is False else f"only since {first.get('version_added')}")
    )
    return Claim("unsupported", detail, _notes(first.get("notes")))


def _covers(added: Any, removed: Any, wanted: tuple[int, ...]) -> str | None:
    """The version since which a statement covers `wanted`, else None."""
    if added is False:
        return None
    if added is True:
        since = "an unknown version"
    else:
        start = parse_version(str(added))
        if start is None or start[:1] > wanted[:1]:  # "preview", or a later major version
            return None
        since = str(added)
    if removed not in (None, False):
        end = parse_version(str(removed)) if removed is not True else ()
        if end is not None and wanted[:1] >= end[:1]:
            return None
    return since


def _notes(notes: Any) -> list[str]:
    found = notes if isinstance(notes, list) else [notes] if notes else []
    return [re.sub(r"<[^>]+>", "", str(n)) for n in found]


# -- the comparison ------------------------------------------------------------------------------


@dataclass
class MemberCheck:
    member: str
    claim: Claim
    measured: str  # "supported", "unsupported", "not measured"
    evidence: list[tuple[str, str]]  # (item id, outcome) of the items in MEMBERS
    contradiction: str  # "" when BCD and the run agree (or cannot be compared)


@dataclass
class NoteCheck:
    member: str
    note: str
    verdict: str  # "contradicted", "not contradicted", "not checked"
    detail: str


@dataclass
class Comparison:
    label: str  # the run: `firefox 153.7.0esr`
    bcd_browser: str | None
    bcd_version: str
    members: list[MemberCheck]
    notes: list[NoteCheck]
    problem: str = ""  # why nothing could be compared, if so

    @property
    def contradictions(self) -> list[str]:
        found = [f"{m.member}: {m.contradiction}" for m in self.members if m.contradiction]
        notes = [n for n in self.notes if n.verdict == "contradicted"]
        return found + [f"{n.member} note \u201c{n.note}\u201d: {n.detail}" for n in notes]


def compare(bcd: Bcd, results: Results, label: str | None = None) -> Comparison:
    """BCD against one run; `label` names the run (default: its browser and version)."""
    env = results.environment
    label = label or env.label
    browser = BROWSERS.get(env.browser)
    if browser is None:
        return Comparison(label, None, bcd.version, [], [], f"BCD has no browser for {env.browser!r}")
    outcomes = {item.id: item.outcome for item in results.items}
    members: list[MemberCheck] = []
    notes: list[NoteCheck] = []
    entries = {NAMESPACE: bcd.sessions.get("__compat", {})}
    entries.update(
        (k, v.get("__compat", {})) for k, v in bcd.sessions.items() if k != "__compat" and isinstance(v, dict)
    )
    for member, compat in entries.items():
        said = claim(compat.get("support", {}), browser, env.version)
        evidence = [(i, outcomes.get(i, "absent")) for i in MEMBERS.get(member, ())]
        measured = _measured([o for _, o in evidence])
        members.append(MemberCheck(member, said, measured, evidence, _contradiction(said, measured, evidence)))
        notes.extend(_check_note(member, note, outcomes) for note in said.notes)
    return Comparison(label, browser, bcd.version, members, notes)


def _measured(outcomes: list[str]) -> str:
    if "passed" in outcomes and "unsupported" not in outcomes:
        return "supported"
    if "unsupported" in outcomes and "passed" not in outcomes:
        return "unsupported"
    return "not measured"


def _contradiction(said: Claim, measured: str, evidence: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{i} {o}" for i, o in evidence)
    if said.status == "supported" and measured == "unsupported":
        return f"BCD says supported ({said.detail}); the run found it missing ({shown})"
    if said.status in ("unsupported", "flag") and measured == "supported":
        return f"BCD says {said.detail}; the run found it working ({shown})"
    return ""


def _check_note(member: str, note: str, outcomes: dict[str, str]) -> NoteCheck:
    for rule in NOTES:
        if rule.member == member and re.search(rule.pattern, note, re.IGNORECASE | re.DOTALL):
            items = ", ".join(f"{i} {outcomes.get(i, 'absent')}" for i in (*rule.disproved_by, *rule.see_also))
            found = [outcomes.get(i, "absent") for i in rule.disproved_by]
            if all(o == "passed" for o in found):
                return NoteCheck(member, note, "contradicted", f"the run shows {rule.finding} ({items})")
            if any(o in ("failed", *EXPECTED_FAILURES) for o in found):
                return NoteCheck(member, note, "not contradicted", f"the run did not show {rule.finding} ({items})")
            return NoteCheck(member, note, "not checked", f"the items that test it did not run ({items})")
    return NoteCheck(member, note, "not checked", "no catalogue item tests this note")
