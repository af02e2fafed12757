"""The pytest plugin that builds a run's per-item outcomes, once: the results
file (`--conformance-report PATH`), the catalogue JUnit XML (`--junit-catalogue
PATH`) and the conformance suite's terminal summary render from them.

It reads only the test reports, on the process that writes the file: with
pytest-xdist they reach the controller through `pytest_runtest_logreport`.
A test belongs to the report when its reports carry the suite's
`("spec", [item ids])` user property. What the workers collected and
deselected (`-k`, `-m`), and the environment they noted, come to the
controller in xdist's `workeroutput` when they finish: a test whose only
report carries no user properties (xdist's report of a crashed worker) is
still counted for its items.

The environment. Whoever knows a fact about the browser under test notes it,
in any process (the controller or a worker), with
`note_environment(config, version="153.7.0esr", ...)`: the field names are
those of `results.Environment`. What nobody noted comes from the options
(`--browser`, `--browser-binary`, `--driver`, `--selenium-remote-url`) and
`<binary> --version`.
"""

from __future__ import annotations

import importlib.metadata
import platform
import time
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from . import junit, results
from .catalogue import Item
from .catalogue import load as load_catalogue
from .outcomes import classify, item_outcomes, raw_observations, raw_reason, spec_ids, worst
from .suite import suite_dir

PLUGIN_NAME = "harness-conformance-report"
ENVIRONMENT = pytest.StashKey[dict[str, Any]]()
_WORKER_KEY = "harness_conformance_report"
_FIELDS = {f.name for f in fields(results.Environment)}


def addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("harness")
    group.addoption(
        "--conformance-report",
        metavar="PATH",
        default=None,
        help="write the conformance results file (JSON, harness/report/results.schema.json) to PATH",
    )
    group.addoption(
        "--junit-catalogue",
        metavar="PATH",
        default=None,
        help="write JUnit XML with one test case per catalogue item (named by its id) to PATH",
    )


def configure(config: pytest.Config, launch_options: dict[str, Any]) -> None:
    """Register the collector when a report is asked for (`launch_options`: what the run launches)."""
    if config.getoption("conformance_report") is not None or config.getoption("junit_catalogue") is not None:
        ensure(config, launch_options)


def ensure(config: pytest.Config, launch_options: dict[str, Any]) -> Collector:
    """The run's collector, registered once (the conformance suite asks for it, for its summary)."""
    found = config.pluginmanager.get_plugin(PLUGIN_NAME)
    if isinstance(found, Collector):
        return found
    report = config.getoption("conformance_report")
    junit_path = config.getoption("junit_catalogue")
    here = config.invocation_params.dir
    collector = Collector(
        config,
        here / report if report else None,
        here / junit_path if junit_path else None,
        launch_options,
    )
    config.pluginmanager.register(collector, PLUGIN_NAME)
    return collector


def note_environment(config: pytest.Config, **facts: Any) -> None:
    """Record facts about the browser under test for the results file (see the module docstring)."""
    unknown = sorted(set(facts) - _FIELDS)
    if unknown:
        raise TypeError(f"note_environment: unknown field {', '.join(unknown)} (known: {', '.join(sorted(_FIELDS))})")
    config.stash.setdefault(ENVIRONMENT, {}).update(facts)


@dataclass
class _Test:
    spec: list[str]
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    duration: float = 0.0
    raw: list[dict[str, Any]] = field(default_factory=list)
    items: dict[str, tuple[str, str]] = field(default_factory=dict)  # each item's own outcome, when recorded
    call_outcome: str = ""


class Collector:
    def __init__(
        self, config: pytest.Config, report: Path | None, junit_path: Path | None, launch_options: dict[str, Any]
    ) -> None:
        self.config = config
        self.report = report
        self.junit = junit_path
        self.launch_options = launch_options
        self.date = datetime.now(UTC).isoformat(timespec="seconds")
        self.started = time.monotonic()
        self.tests: dict[str, _Test] = {}  # what the reports said, by node id
        self.collected: dict[str, list[str]] = {}  # node id -> item ids, tests that were to run
        self.deselected: dict[str, list[str]] = {}
        self.worker_environment: dict[str, Any] = {}
        self.results: results.Results | None = None

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        test = self.tests.setdefault(report.nodeid, _Test([]))
        test.spec = test.spec or spec_ids(report)
        test.duration += report.duration
        decided = classify(report)
        if decided is not None:
            test.outcomes.append(decided)
            if report.when == "call":
                test.call_outcome = decided[0]
        if raw_observations(report):  # each phase's report holds all the test recorded so far
            test.raw = raw_observations(report)
        test.items.update(item_outcomes(report))

    @pytest.hookimpl(trylast=True)  # after deselection
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.collected.update((item.nodeid, spec_ids(item)) for item in items if spec_ids(item))

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected.update((item.nodeid, spec_ids(item)) for item in items if spec_ids(item))

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist controller: what a finished worker collected, deselected and noted."""
        output = (getattr(node, "workeroutput", None) or {}).get(_WORKER_KEY) or {}
        self.collected.update(output.get("collected", {}))
        self.deselected.update(output.get("deselected", {}))
        for name, value in output.get("environment", {}).items():
            self.worker_environment.setdefault(name, value)

    @pytest.hookimpl(trylast=True)  # after plugins that change the exit status (the catalogue coverage check)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.is_worker:
            self.config.workeroutput[_WORKER_KEY] = {  # type: ignore[attr-defined]
                "collected": self.collected,
                "deselected": self.deselected,
                "environment": self._noted(),
            }
            return
        self.results = results.Results(
            environment=self.environment(),
            run=results.Run(
                args=[str(a) for a in self.config.invocation_params.args],
                exit_status=int(session.exitstatus),
                duration=round(time.monotonic() - self.started, 3),
            ),
            items=self.items(),
        )
        if self.report is not None:
            results.save(self.results, self.report)
        if self.junit is not None:
            junit.write([self.results], self.junit)

    def _noted(self) -> dict[str, Any]:
        noted: dict[str, Any] = self.config.stash.get(ENVIRONMENT, {})
        return {**noted}

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        for what, path in (("conformance results", self.report), ("catalogue JUnit XML", self.junit)):
            if path is not None and self.results is not None:
                terminalreporter.write_sep("-", f"{what}: {path}")

    # -- building the results -------------------------------------------------------------

    def items(self) -> list[results.ItemResult]:
        catalogue = self.catalogue()
        declared: dict[str, list[str]] = {}
        for nodeid in sorted({*self.tests, *self.collected, *self.deselected}):
            test = self.tests.get(nodeid)
            spec = (test.spec if test else []) or self.collected.get(nodeid) or self.deselected.get(nodeid) or []
            for item_id in spec:
                declared.setdefault(item_id, []).append(nodeid)
        ids = list(catalogue) + [i for i in declared if i not in catalogue]
        return [self.item(catalogue.get(i) or Item(i, "", ""), declared.get(i, [])) for i in ids]

    def item(self, item: Item, nodeids: list[str]) -> results.ItemResult:
        tests = [self.test_result(nodeid, item.id) for nodeid in nodeids]
        outcome = worst(t.outcome for t in tests)
        if not tests:
            reason = "no test of this run checks it"
        elif outcome == "not_run":
            reason = "; ".join(dict.fromkeys(t.reason for t in tests))
        else:
            worst_tests = [t for t in tests if t.outcome == outcome and t.reason]
            reason = "; ".join(dict.fromkeys(f"{t.name}: {t.reason}" for t in worst_tests))
        return results.ItemResult(
            id=item.id,
            family=item.family,
            section=item.section,
            text=item.text,
            outcome=outcome,
            reason=reason,
            duration=round(sum(t.duration for t in tests), 3),
            tests=tests,
        )

    def test_result(self, nodeid: str, item_id: str) -> results.TestResult:
        test = self.tests.get(nodeid)
        if test is None:
            reason = "deselected" if nodeid in self.deselected else "no result reported (the run stopped first)"
            return results.TestResult(nodeid, "not_run", reason)
        if not test.outcomes:
            return results.TestResult(nodeid, "not_run", "no result reported", round(test.duration, 3))
        outcome = worst(o for o, _ in test.outcomes)
        reason = "; ".join(dict.fromkeys(r for o, r in test.outcomes if o == outcome and r))
        own = test.items.get(item_id)
        if own is not None and outcome == test.call_outcome:  # no other phase did worse than the call
            outcome, reason = own[0], own[1] or reason
        if outcome == "passed" and test.raw:  # values recorded after the call (in a fixture's teardown)
            outcome, reason = "raw", raw_reason(len(test.raw))
        raw = [r for r in test.raw if r.get("item", item_id) == item_id]
        return results.TestResult(nodeid, outcome, reason, round(test.duration, 3), raw)

    def catalogue(self) -> dict[str, Item]:
        """The CATALOGUE.md beside the run's conformance tests, else the installed suite's."""
        candidates = [(self.config.rootpath / n.split("::")[0]).parent for n in [*self.tests, *self.deselected]]
        try:
            candidates.append(suite_dir())
        except FileNotFoundError:
            pass
        for folder in candidates:
            if (folder / "CATALOGUE.md").is_file():
                return load_catalogue(folder / "CATALOGUE.md")
        return {}

    def environment(self) -> results.Environment:
        noted = {**self._noted(), **self.worker_environment}
        facts = {**options_environment(self.launch_options), **{k: v for k, v in noted.items() if v is not None}}
        facts.update(platform=platform.platform(), python=platform.python_version(), date=self.date)
        facts.setdefault("harness_version", _harness_version())
        facts.setdefault("expectations", "not reported by the suite")
        return results.Environment(**{k: v for k, v in facts.items() if k in _FIELDS})


def options_environment(options: dict[str, Any]) -> dict[str, Any]:
    """What the launch options say about the browser, with the versions its binaries report.
    (The one place that asks the binaries; the browser under test notes better facts.)"""
    from ..browsers import engine_for  # the binaries found as a launch finds them
    from ..discovery import version_output
    from ..errors import SetupError

    browser = options.get("browser") or "firefox"
    facts: dict[str, Any] = {"browser": browser, "version": "unknown", "remote_url": options.get("remote_url")}
    if facts["remote_url"]:
        return facts  # the binaries are on the remote machine
    try:
        engine = engine_for(browser)
        facts.update(binary=engine.find_binary(options.get("binary")), driver=engine.find_driver(options.get("driver")))
        # "Mozilla Firefox 153.8.0esr" -> "153.8.0esr"
        facts["version"] = version_output(facts["binary"]).split(" ")[-1]
        facts["driver_version"] = version_output(facts["driver"])
    except SetupError:
        facts.setdefault("binary", options.get("binary"))
        facts.setdefault("driver", options.get("driver"))
    return facts


def _harness_version() -> str:
    try:
        return importlib.metadata.version("webext-sessions-harness")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
