"""Browser engines behind one interface (base.Engine): `engine_for("firefox")`."""

from __future__ import annotations

from ..errors import SetupError
from .base import Engine
from .chromium import Chromium
from .firefox import Firefox

ENGINES: dict[str, type[Engine]] = {"firefox": Firefox, "chromium": Chromium}


def engine_for(name: str) -> Engine:
    """The engine called `name`, or SetupError listing the supported ones."""
    engine = ENGINES.get(str(name).lower())
    if engine is None:
        raise SetupError(f"browser {name!r} is not supported; supported: {', '.join(ENGINES)}")
    return engine()


__all__ = ["ENGINES", "Engine", "engine_for"]
