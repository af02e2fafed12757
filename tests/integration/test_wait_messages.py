"""A wait's timeout message shows its last result as JavaScript writes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness import Browser, HarnessTimeout

HERE = Path(__file__).parent / "user_extensions"


def test_the_last_result_reads_as_javascript(launch: Callable[..., Browser]) -> None:
    ext = launch(extensions=[HERE / "mv3_any"]).extension("any-probe@tests.invalid")
    for body, shown in (("return undefined;", "undefined"), ("return NaN;", "NaN"), ("return 0;", "0")):
        with pytest.raises(HarnessTimeout, match=rf"waiting for a value \(checked \d+ times, last result: {shown}\)"):
            ext.wait_for(body, message="a value", timeout=0.3)
