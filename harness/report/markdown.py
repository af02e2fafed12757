"""The matrix as Markdown, for CI logs and job summaries: the runs, the
outcome counts, every item by run, the reasons of what did not pass, and
the MDN comparison."""

from __future__ import annotations

from .bcd import Comparison
from .matrix import Matrix
from .outcomes import EXPECTED_FAILURES, OUTCOMES, label

NOT_PASSED = ("failed", "raw", *EXPECTED_FAILURES)


def cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _outcome(outcome: str | None) -> str:
    if outcome is None:
        return "(absent)"
    return f"**{outcome}**" if outcome == "failed" else label(outcome)


def render(matrix: Matrix, comparisons: list[Comparison] | None = None) -> str:
    labels = [c.label for c in matrix.columns]
    out = ["# sessions API conformance", ""]
    env_rows = []
    for column in matrix.columns:
        env, run = column.results.environment, column.results.run
        driver = " ".join(x for x in (env.driver_version, f"({env.driver})" if env.driver else "") if x)
        env_rows.append(
            [
                column.label,
                env.binary or env.remote_url or "",
                driver,
                env.expectations,
                env.date,
                env.harness_version,
                str(run.exit_status),
                f"{run.duration:.0f}s",
            ]
        )
    out += _table(["run", "binary", "driver", "expectations", "date", "harness", "pytest exit", "time"], env_rows)
    out += ["", "## Outcomes", ""]
    counts = matrix.counts()
    out += _table(["outcome", *labels], [[label(o), *(str(c[o]) for c in counts)] for o in OUTCOMES])
    out += ["", "## Items", ""]
    rows = [[row.id, *(_outcome(c.outcome if c else None) for c in row.cells)] for row in matrix.rows]
    out += _table(["item", *labels], rows)
    for column in matrix.columns:
        items = column.results.items
        shown = [i for i in items if i.outcome in NOT_PASSED]
        not_run = [i.id for i in items if i.outcome == "not_run"]
        if not shown and not not_run:
            continue
        out += ["", f"## Not passed on {column.label}", ""]
        for outcome in NOT_PASSED:
            out += [f"- {_outcome(outcome)} {i.id}: {cell(i.reason)}" for i in shown if i.outcome == outcome]
        if not_run:
            out.append(f"- not run ({len(not_run)}): {', '.join(not_run)}")
    if comparisons is not None:
        out += ["", *render_bcd(comparisons)]
    return "\n".join(out) + "\n"


def render_bcd(comparisons: list[Comparison]) -> list[str]:
    out = ["## MDN browser-compat-data"]
    for comparison in comparisons:
        out += ["", f"### {comparison.label}: BCD {comparison.bcd_version}, {comparison.bcd_browser or '?'}", ""]
        if comparison.problem:
            out.append(f"Not compared: {comparison.problem}")
            continue
        found = comparison.contradictions
        out.append(f"{len(found)} contradiction(s)" + (":" if found else "."))
        out += [f"- {cell(c)}" for c in found]
        out.append("")
        rows = [
            [m.member, f"{m.claim.status} ({m.claim.detail})", m.measured, ", ".join(f"{i} {o}" for i, o in m.evidence)]
            for m in comparison.members
        ]
        out += _table(["member", "BCD says", "the run measured", "items"], rows)
        if comparison.notes:
            out.append("")
            for n in comparison.notes:
                out.append(f"- note on {n.member}: \u201c{cell(n.note)}\u201d: {n.verdict}: {cell(n.detail)}")
    return out
