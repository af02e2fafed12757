"""Extension files: where the bundled fixture extension is, and what an
extension's manifest says."""

from __future__ import annotations

import json
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import SetupError

FIXTURE_ID = "sessions-harness@fixture.invalid"
FIXTURE_PAGE = "page.html"


def fixture_extension_path() -> Path:
    """The fixture extension: inside the installed wheel (harness/fixture_extension),
    or at the top of a source checkout."""
    packaged = resources.files("harness").joinpath("fixture_extension")
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "fixture_extension"
    if checkout.is_dir():
        return checkout
    raise SetupError(f"the fixture extension is missing: looked in {packaged} and {checkout}. Reinstall the package.")


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of an extension directory or .xpi/.zip file."""
    p = Path(path)
    if p.is_dir():
        text = (p / "manifest.json").read_text(encoding="utf-8")
    else:
        with zipfile.ZipFile(p) as archive:
            text = archive.read("manifest.json").decode("utf-8")
    manifest = json.loads(text)
    if not isinstance(manifest, dict):
        raise ValueError("manifest.json is not a JSON object")
    return manifest


def gecko_id(manifest: dict[str, Any]) -> str | None:
    """`browser_specific_settings.gecko.id` (or the older `applications.gecko.id`)."""
    for key in ("browser_specific_settings", "applications"):
        gecko = (manifest.get(key) or {}).get("gecko") or {}
        if isinstance(gecko, dict) and gecko.get("id"):
            return str(gecko["id"])
    return None
