"""Imports in harness/ run one way: a module imports only from its own layer or those below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[2] / "harness"

# Bottom first. A module belongs to the first entry naming it or a package above it.
LAYERS: list[list[str]] = [
    ["config", "errors", "timeouts", "encoding", "types", "console", "interrupts", "scripts", "bidi"],
    ["processes", "discovery", "remote", "pages"],
    ["orphans", "connection", "runcheck"],
    ["bridge"],
    ["browsers", "extensions"],  # engines install extensions; extensions name the engine interface
    ["sessions", "tabs", "background"],
    ["contexts"],
    ["browser", "grid"],
    ["", "plugin", "cli", "report", "conformance"],  # "" is harness/__init__.py
]


def layer_of(module: str) -> int:
    """The layer of a dotted module name under harness (e.g. "browsers.base")."""
    for index, names in enumerate(LAYERS):
        if any(module == name or (name and module.startswith(name + ".")) for name in names):
            return index
    raise AssertionError(f"harness.{module} is in no layer of tests/unit/test_layers.py: add it")


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """The harness modules a source imports, at any depth (lazy imports count), relative to harness."""
    parts = module.split(".") if module else []
    package = parts if is_package else parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "harness")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(["harness", *package[: len(package) - node.level + 1]])
                names = [f"{base}.{node.module}"] if node.module else [f"{base}.{a.name}" for a in node.names]
            else:
                names = [node.module or ""]
            found.update(name for name in names if name.split(".")[0] == "harness")
    return {name.removeprefix("harness").removeprefix(".") for name in found}


def upward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    here = layer_of(module)
    return [
        f"harness.{module or '__init__'} imports harness.{name} from a layer above it"
        for name in sorted(imports_of(source, module, is_package))
        if layer_of(name) > here
    ]


def test_no_harness_module_imports_upward() -> None:
    problems = []
    for path in sorted(HARNESS.rglob("*.py")):
        parts = path.relative_to(HARNESS).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        problems += upward_imports(path.read_text(encoding="utf-8"), module, is_package)
    assert problems == []


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from ..browser import Browser\n", "browsers.base"),
        ("def f():\n    from .plugin import x\n", "config"),
        ("import harness.browser\n", "contexts"),
    ],
)
def test_a_planted_upward_import_fails(source: str, module: str) -> None:
    assert len(upward_imports(source, module)) == 1


def test_imports_downward_and_within_a_layer_pass() -> None:
    assert upward_imports("from ..config import LaunchConfig\nfrom . import firefox_prefs\n", "browsers.firefox") == []


def test_the_launch_request_imports_nothing_of_the_harness() -> None:
    """LaunchConfig is read by every layer; it depends on none of them, its own included."""
    assert imports_of((HARNESS / "config.py").read_text(encoding="utf-8"), "config", False) == set()
