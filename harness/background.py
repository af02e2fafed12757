"""Evaluating in an extension's background: the engine-neutral half.

The engines (harness/browsers/) reach the background's realm with the
browser's own debugger and evaluate one expression there; this module
builds that expression (harness/js/background_eval.js around the caller's
body, arguments in the wire format of harness/encoding.py) and turns its
answer into a Python value or a harness error.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .encoding import decode, encode
from .errors import ExtensionError, HarnessError, HarnessTimeout


@cache
def _encoding_js() -> str:
    """The fixture extension's encoding functions, without its "use strict"
    (which would make the caller's body strict too)."""
    from .extensions import fixture_extension_path

    text = (fixture_extension_path() / "encoding.js").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if line.strip() != '"use strict";')


def expression(body: str, args: tuple[Any, ...], seconds: float) -> str:
    """One JavaScript expression that runs `body` with `args` and resolves to a JSON answer."""
    if not isinstance(body, str) or not body.strip():
        raise TypeError(f"evaluate_background: the JavaScript body must be a non-empty string, not {body!r}")
    wire = json.dumps(encode(list(args)))
    template = resources.files("harness").joinpath("js", "background_eval.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in template.splitlines() if not line.lstrip().startswith("//"))
    values = {"ENCODING": _encoding_js(), "ARGS": wire, "BODY": body, "TIMEOUT": str(int(seconds * 1000))}
    return fill(code, values)


def fill(template: str, values: dict[str, str]) -> str:
    """`template` with each `/* NAME */` marker replaced, in the order they
    appear; inserted text is never searched again (a body may contain a marker)."""
    out, rest = [], template
    for name, value in values.items():
        before, found, rest = rest.partition(f"/* {name} */")
        if not found:
            raise ValueError(f"marker {name} missing or out of order in the template")
        out += [before, value]
    return "".join(out) + rest


def result(answer: Any, what: str, args: tuple[Any, ...], seconds: float) -> Any:
    """The body's value from the expression's JSON answer, or the error it threw."""
    try:
        parsed = json.loads(answer) if isinstance(answer, str) else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise HarnessError(f"{what}: the background answered {answer!r}, not the harness's JSON answer")
    if parsed.get("timeout"):
        raise HarnessTimeout(f"{what}: the body had not settled after {seconds:g}s")
    if parsed.get("ok"):
        return decode(parsed.get("value"))
    error = parsed.get("error") or {}
    raise ExtensionError(str(error.get("message", "")), method=what, args=args, name=str(error.get("name", "Error")))
