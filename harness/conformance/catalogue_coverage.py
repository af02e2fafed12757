"""Coverage of the catalogue (CATALOGUE.md) by the conformance suite.

Every test declares the catalogue items it checks with
`@pytest.mark.spec("GRC-6", ...)`, and what it needs of the browser beyond the
catalogue's common ground with `@pytest.mark.needs("forgetClosedTab", ...)`
(members, concepts such as "prefs", or what the harness needs to arrange it).
At the end of a run this prints how many items were checked and how each came
out (with reasons), and the run fails when a catalogue item has no test at all.
The outcomes and their one meaning each are harness.report.outcomes'; the
per-item outcomes are built once, by the report's collector
(harness.report.collect), which the summary, the results file and JUnit render.

Expected failures are judged when a test's result is made
(`pytest_runtest_makereport`):
- a test that needs what the row lacks must fail with the browser's own error
  for it (the row's regex): its items read `unsupported`, `not_applicable` or
  `cannot_arrange`, as the row says;
- a test the row knows to fail must fail on its item with exactly the pinned
  answer: that item reads `differs`, `known_bug` or `cannot_arrange`, and each
  other item of the test reads its own outcome (passed when its checks passed
  first, not run when they were never reached).
Any other exception, or a pass where a failure was expected, is a failure.

Works with pytest-xdist: workers collect and send what the tests declare in
`workeroutput`; outcomes come to the controller in the test reports'
`user_properties`. Nothing is read from worker state on the controller.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from harness import BrowserCrashed, ExtensionError, HarnessError, HarnessTimeout, PageGone
from harness.report import outcomes
from harness.report.collect import PLUGIN_NAME as COLLECTOR
from harness.report.collect import Collector

from . import catalogue, check, expectations

HERE = Path(__file__).parent
PLUGIN_NAME = "conformance-coverage"
TITLE = "sessions API conformance: catalogue coverage"


@dataclass
class Coverage:
    declared: dict[str, list[str]] = field(default_factory=dict)  # item id -> node ids of its tests
    complete: bool = False  # the run collected the whole suite, so "no test" means no test
    missing: list[str] = field(default_factory=list)
    expectations: set[str] = field(default_factory=set)  # which row(s) the tests ran with


COVERAGE = pytest.StashKey[Coverage]()


def spec_ids(item: pytest.Item) -> list[str]:
    ids: list[str] = []
    for marker in item.iter_markers("spec"):
        ids.extend(str(arg) for arg in marker.args)
    return ids


def needs_of(item: pytest.Item) -> list[str]:
    names: list[str] = []
    for marker in item.iter_markers("needs"):
        names.extend(str(arg) for arg in marker.args)
    return names


def register(config: pytest.Config) -> None:
    """Install the plugin once per process (harness/conformance/conftest.py asks)."""
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(CoveragePlugin(config, catalogue.load()), PLUGIN_NAME)


def judge(known: expectations.Known, excinfo: pytest.ExceptionInfo[BaseException] | None) -> str | None:
    """How a test with a known failure came out: None when the failure is exactly
    the known one (its item, the pinned answer), else why the result is a real failure."""
    if excinfo is None:
        return f"the known failure of {known.item} did not happen (fixed in this browser?): {known.reason}"
    error = excinfo.value
    if isinstance(error, check.ConformanceFailure) and error.item == known.item:
        if check.same(error.got, known.got):
            return None
        return f"{known.item} failed, but not as known (known answer: {known.got!r})"
    return f"not the known failure of {known.item} ({known.reason})"


def judge_lack(
    lacking: list[expectations.Lack], excinfo: pytest.ExceptionInfo[BaseException] | None
) -> tuple[expectations.Lack | None, str | None]:
    """(the lack the browser's error proves, None) or (None, why it is a real failure)."""
    names = ", ".join(lack.name for lack in lacking)
    if excinfo is None:
        return None, f"the test passed, but the row says this browser lacks {names}: update the row"
    answer = browser_answer(excinfo.value)
    for lack in lacking:
        if answer and re.search(lack.error, answer):
            return lack, None
    wanted = " or ".join(f"/{lack.error}/" for lack in lacking)
    return None, f"not the browser's error for a missing {names} (expected {wanted}, got {answer!r})"


def browser_answer(error: BaseException) -> str:
    """What the browser (or the engine) said in a failure, for a missing member's
    message: an ExtensionError's message, a failed check's answer (`rejected: ...`),
    or the text of a HarnessError the harness raised for what the browser cannot do
    (prefs on Chromium, an extension it refuses). Never a timeout, a crash or a lost
    page: those are failures."""
    if isinstance(error, ExtensionError):
        return error.message
    if isinstance(error, check.ConformanceFailure):
        return error.got if isinstance(error.got, str) else repr(error.got)
    if isinstance(error, HarnessError) and not isinstance(error, (HarnessTimeout, BrowserCrashed, PageGone)):
        return str(error)
    return ""


def failing_items(spec: list[str], passed: list[str], error: BaseException | None) -> list[str]:
    """The items a failure is about: the failed check's item, else those whose checks never passed."""
    if isinstance(error, check.ConformanceFailure) and error.item in spec:
        return [error.item]
    return [i for i in spec if i not in passed] or list(spec)


def per_item(
    spec: list[str], failing: list[str], outcome: str, reason: str, passed: list[str], unreached: tuple[str, str]
) -> dict[str, list[str]]:
    """Each item's own outcome: the failing ones `outcome`, those whose checks passed first
    passed, the others `unreached`."""
    result: dict[str, list[str]] = {}
    for item_id in spec:
        if item_id in failing:
            result[item_id] = [outcome, reason]
        elif item_id in passed:
            result[item_id] = ["passed", ""]
        else:
            result[item_id] = list(unreached)
    return result


class CoveragePlugin:
    """Registered by harness/conformance/conftest.py; state lives in `config.stash`."""

    def __init__(self, config: pytest.Config, items: dict[str, catalogue.Item]) -> None:
        self.config = config
        self.catalogue = items
        config.stash[COVERAGE] = Coverage()

    @property
    def coverage(self) -> Coverage:
        return self.config.stash[COVERAGE]

    @pytest.hookimpl(tryfirst=True)  # before -k/-m deselection: coverage counts every test that exists
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        modules = set()
        for item in items:
            if HERE not in item.path.parents:
                continue
            modules.add(item.path)
            ids = spec_ids(item)
            if not ids:
                raise pytest.UsageError(f"{item.nodeid}: declare the catalogue items it checks: @pytest.mark.spec(...)")
            unknown = [i for i in ids if i not in self.catalogue]
            if unknown:
                raise pytest.UsageError(f"{item.nodeid}: not in CATALOGUE.md: {', '.join(unknown)}")
            for item_id in ids:
                self.coverage.declared.setdefault(item_id, []).append(item.nodeid)
            item.user_properties.append(("spec", ids))
        on_disk = set(HERE.glob("test_*.py"))
        self.coverage.complete = (
            bool(modules) and modules == on_disk and not any("::" in arg for arg in self.config.args)
        )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """An expected failure of this browser's row becomes its outcome, but only when it is
        exactly the expected one; each item of the test gets its own outcome."""
        report = yield
        if call.when != "call" or HERE not in item.path.parents:
            return report
        resolution = expectations.resolved()
        spec, passed = spec_ids(item), check.passed_items()
        error = call.excinfo.value if call.excinfo is not None else None
        lacking = resolution.lacking(needs_of(item)) if resolution is not None else []
        known = resolution.known_failure(getattr(item, "originalname", item.name)) if resolution else None
        if lacking:
            lack, why = judge_lack(lacking, call.excinfo)
            if lack is not None:
                failing = failing_items(spec, passed, error)
                self._expected(
                    report,
                    lack.kind,
                    lack.note,
                    per_item(spec, failing, lack.kind, lack.note, passed, (lack.kind, lack.note)),
                )
                return report
        elif known is not None:
            why = judge(known, call.excinfo)
            if why is None:
                unreached = ("not_run", f"not reached: the check of {known.item} failed first")
                self._expected(
                    report,
                    known.kind,
                    known.reason,
                    per_item(spec, [known.item], known.kind, _known_reason(known), passed, unreached),
                )
                return report
        elif report.failed:
            failing = failing_items(spec, passed, error)
            unreached = ("not_run", f"not reached: the check of {', '.join(failing)} failed first")
            report.user_properties.append(("item_outcomes", per_item(spec, failing, "failed", "", passed, unreached)))
            return report
        else:
            return report
        report.outcome = "failed"
        if call.excinfo is None:
            report.longrepr = why
        else:
            report.sections.append(("conformance: expected failure", str(why)))
        return report

    @staticmethod
    def _expected(report: pytest.TestReport, kind: str, reason: str, items: dict[str, list[str]]) -> None:
        report.outcome = "skipped"
        report.wasxfail = f"{kind}: {reason}"
        report.user_properties.append(("item_outcomes", items))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        described = dict(report.user_properties).get("expectations")
        if described:
            self.coverage.expectations.add(str(described))

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist controller: what a worker's collection declared."""
        output = getattr(node, "workeroutput", None) or {}
        for item_id, tests in output.get("conformance_declared", {}).items():
            known = self.coverage.declared.setdefault(item_id, [])
            known.extend(t for t in tests if t not in known)
        self.coverage.complete = self.coverage.complete or bool(output.get("conformance_complete"))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller judges
            workeroutput["conformance_declared"] = self.coverage.declared
            workeroutput["conformance_complete"] = self.coverage.complete
            return
        if self.coverage.complete:
            self.coverage.missing = [i for i in self.catalogue if i not in self.coverage.declared]
            if self.coverage.missing and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        coverage = self.coverage
        collector = self.config.pluginmanager.get_plugin(COLLECTOR)
        built = collector.results if isinstance(collector, Collector) else None
        if built is None or not coverage.declared:
            return
        write = terminalreporter.write_line
        terminalreporter.section(TITLE)
        for described in sorted(coverage.expectations) or ["expectations: no test ran on a browser"]:
            write(described)
        assert isinstance(collector, Collector)
        raw = {nodeid: test.raw for nodeid, test in collector.tests.items()}
        for line in summary_lines(built.items, len(self.catalogue), raw):
            write(line)
        if not coverage.complete:
            write("partial run: the whole suite was not collected, so items without a test are not judged")
            return
        if coverage.missing:
            write(f"NO TEST for {len(coverage.missing)} catalogue items (the run fails): {', '.join(coverage.missing)}")
        else:
            write(f"every catalogue item has a test ({len(self.catalogue)} items)")
        unchecked = [i.id for i in built.items if i.id in coverage.declared and not _checked(i)]
        if unchecked:
            write(f"declared but not run this time (deselected): {', '.join(unchecked)}")


def _known_reason(known: expectations.Known) -> str:
    return f"{known.reason} ({known.bug})" if known.bug else known.reason


def _checked(item: Any) -> bool:
    """Whether a test of the item ran (deselected tests do not count)."""
    return any(t.reason != "deselected" for t in item.tests)


def summary_lines(
    items: list[Any], catalogue_size: int, recorded: dict[str, list[dict[str, Any]]] | None = None
) -> list[str]:
    """The counts per outcome and one line per item that did not simply pass, from the collector's items
    (`recorded`: each test's raw values, by node id)."""
    recorded = recorded or {}
    checked = [i for i in items if _checked(i)]
    counts = {name: sum(1 for i in checked if i.outcome == name) for name in outcomes.OUTCOMES}
    shown = ", ".join(
        f"{outcomes.label(name)} {counts[name]}" + (" (no expectations)" if name == "raw" else "")
        for name in SUMMARY_ORDER
    )
    lines = [f"catalogue: {catalogue_size} items; checked {len(checked)}: {shown}"]
    for name in SUMMARY_ORDER[1:]:
        for item in checked:
            if item.outcome == name:
                reason = _recorded(item, recorded) if name == "raw" else item.reason
                lines.append(f"  {outcomes.label(name).upper()} {item.id}: {reason}")
    return lines


def _recorded(item: Any, recorded: dict[str, list[dict[str, Any]]]) -> str:
    """What a raw item's tests recorded (all of it, whichever item a value was checked for):
    `test: call -> answer`."""
    shown = []
    for test in item.tests:
        values = "; ".join(f"{o['call']} -> {o['got']!r}" for o in recorded.get(test.nodeid, []))
        if values:
            shown.append(f"{test.name}: {values[: outcomes.MAX_REASON]}")
    return "; ".join(shown) or item.reason


# The summary's order: what passed first, then each kind of expected failure, then the rest.
SUMMARY_ORDER = (
    "passed",
    "failed",
    "raw",
    outcomes.UNSUPPORTED,
    outcomes.NOT_APPLICABLE,
    outcomes.CANNOT_ARRANGE,
    outcomes.DIFFERS,
    outcomes.KNOWN_BUG,
    "not_run",
)
