"""The matrix as one static HTML page: inline CSS and JavaScript, no
network needed to view it; sortable, filterable by family and outcome, each
cell's message on hover (its title) and, with its tests, on click. Rendered
from templates/report.html.j2 with Jinja2 (autoescaped)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import jinja2

from .bcd import Comparison
from .matrix import Matrix, severity
from .outcomes import OUTCOMES, label

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("harness.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def render(matrix: Matrix, comparisons: list[Comparison] | None = None, title: str = "sessions API conformance") -> str:
    return _ENV.get_template("report.html.j2").render(
        title=title,
        matrix=matrix,
        comparisons=comparisons,
        outcomes=OUTCOMES,
        label=label,
        severity=severity,
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def write(path: Path, matrix: Matrix, comparisons: list[Comparison] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(matrix, comparisons), encoding="utf-8")
