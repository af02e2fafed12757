"""Figures and targets: pure logic, no browser (unit-tested in tests/unit)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured quantity: every run's value, summarised by its median
    and its spread (lowest and highest run)."""

    key: str
    label: str
    unit: str
    samples: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.samples:
            raise ValueError(f"figure {self.key!r} has no samples")

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    @property
    def spread(self) -> float:
        """(highest - lowest) / median: 0.1 means the runs lie within 10 % of the median."""
        return (self.high - self.low) / self.median if self.median else 0.0


def figure(key: str, label: str, unit: str, samples: Sequence[float]) -> Figure:
    return Figure(key, label, unit, tuple(float(s) for s in samples))


def ratios(numerators: Sequence[float], denominators: Sequence[float], scale: float = 1.0) -> list[float]:
    """Run by run: numerator / denominator (both measured in the same run, so
    that slow moments of a shared machine hit both sides alike)."""
    if len(numerators) != len(denominators):
        raise ValueError(f"{len(numerators)} numerators but {len(denominators)} denominators")
    return [scale * n / d for n, d in zip(numerators, denominators, strict=True)]


@dataclass(frozen=True)
class Target:
    """A bound on a figure's median, from the benchmark issue."""

    key: str
    limit: float
    at_most: bool  # True: the median must be <= limit; False: >= limit

    def applies_to(self, key: str) -> bool:
        """The target's figure, for any browser (`chromium.calls.ratio` too)."""
        return key == self.key or key.endswith("." + self.key)

    def met(self, fig: Figure) -> bool:
        return fig.median <= self.limit if self.at_most else fig.median >= self.limit

    def met_by_every_run(self, fig: Figure) -> bool:
        return fig.high <= self.limit if self.at_most else fig.low >= self.limit

    def describe(self, unit: str) -> str:
        return f"{'<=' if self.at_most else '>='} {format_value(self.limit, unit)}"


TARGETS = (
    Target("calls.ratio", 1.15, at_most=True),
    Target("reset.share", 5.0, at_most=True),
    # Speed II (they replace the first issue's -n 2 <= 0.65x serial and >= 10x browser-per-test):
    # Chromium's own start is most of a launch there: the target is that the harness adds nothing.
    Target("chromium.launch.ratio", 1.0, at_most=True),
    Target("launch.ratio", 0.8, at_most=True),
    Target("suite.harness_share", 1.25, at_most=True),
    Target("suite.parallel_ratio", 1.0, at_most=True),
)


def format_value(value: float, unit: str) -> str:
    """A value with its unit, to as many digits as the unit deserves."""
    if unit == "x":
        return f"{value:.2f}x" if value < 10 else f"{value:.1f}x"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:g} {unit}".strip()
