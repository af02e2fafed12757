"""Extension files: where the bundled fixture extension is, what an
extension's manifest says, and the checked copy of a user's extension that
the harness installs (with a page of its own added, see harness/contexts.py).

What an engine requires of an id (Firefox: an explicit gecko id; Chromium: the
manifest key or the folder's path) is the engine's business: `prepare_extensions`
asks it through `check_id`."""

from __future__ import annotations

import json
import re
import shutil
import warnings
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import HarnessWarning, SetupError

if TYPE_CHECKING:
    from .browsers.base import Engine

# The fixture extension's bridge page (each engine knows the fixture's id).
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


# -- a user's extension ----------------------------------------------------------

# The folder the harness adds to its copy of a user's extension, and the page in it.
# Not starting with "_": Chromium refuses to load an extension with such a file or folder
# ("Filenames starting with "_" are reserved for use by the system.").
CONTEXT_DIR = "sessions-harness"
CONTEXT_PAGE = f"{CONTEXT_DIR}/page.html"


@dataclass(frozen=True)
class UserExtension:
    """An extension a user asked to install (`extensions=`, `--extension`),
    checked, and copied with the harness's page added. Their files are never changed."""

    id: str
    name: str
    manifest_version: int
    source: Path  # what the user gave: a directory, .xpi or .zip
    copy: Path  # the directory the harness installs
    aliases: tuple[str, ...] = ()  # other ids tests may name it by (the engine says which)


def prepare_extensions(
    sources: tuple[str, ...], workdir: Path, engine: Engine, installed: tuple[UserExtension, ...] = ()
) -> list[UserExtension]:
    """Check every extension before it is installed (beside those `installed`
    already) and copy each into `workdir`. Raises SetupError saying what is
    wrong and how to fix it."""
    prepared: list[UserExtension] = []
    for index, source in enumerate(sources):
        manifest = load_manifest(source)
        check_manifest(source, manifest)
        engine.check_loadable(source, manifest)
        copy = workdir / f"{index}-{re.sub(r'[^A-Za-z0-9._-]', '_', Path(source).stem)}"
        extension_id = engine.check_id(source, manifest, copy)
        aliases = tuple(a for a in engine.aliases(manifest) if a != extension_id)
        # Every id a test may name an extension by (on Chromium also its gecko id) names one extension.
        taken = {engine.fixture_id: "the harness's fixture extension"}
        taken.update({name: str(e.source) for e in (*installed, *prepared) for name in (e.id, *e.aliases)})
        for name in (extension_id, *aliases):
            if name in taken:
                raise SetupError(
                    f"extension {source}: its id {name!r} is already used by {taken[name]}. "
                    "Give each extension an id of its own."
                )
        _copy_with_context_page(Path(source), copy)
        replaced = engine.manifest_for_copy(manifest, extension_id)
        if replaced is not None:
            (copy / "manifest.json").write_text(json.dumps(replaced, indent=2), encoding="utf-8")
        for warning in engine.warnings(source, manifest):
            warnings.warn(HarnessWarning(warning), stacklevel=2)
        prepared.append(
            UserExtension(
                id=extension_id,
                name=str(manifest.get("name")),
                manifest_version=int(manifest["manifest_version"]),
                source=Path(source),
                copy=copy,
                aliases=aliases,
            )
        )
    return prepared


def load_manifest(source: str | Path) -> dict[str, Any]:
    """The manifest of a directory or .xpi/.zip, or SetupError if `source` is not an extension."""
    path = Path(source)
    where = f"extension {source}"
    if not path.exists():
        raise SetupError(f"{where}: no such file or directory. Pass the extension's folder or its .xpi/.zip file.")
    if path.is_dir():
        manifest_file = path / "manifest.json"
        if not manifest_file.is_file():
            nested = sorted(str(p.parent) for p in path.glob("*/manifest.json"))
            hint = f" Did you mean {nested[0]}?" if nested else ""
            raise SetupError(
                f"{where}: not an extension: the folder has no manifest.json. "
                f"Pass the folder that holds manifest.json (or an .xpi/.zip of it).{hint}"
            )
        raw = manifest_file.read_bytes()
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "manifest.json" not in names:
                nested = [n for n in names if n.endswith("/manifest.json")]
                hint = (
                    f" It holds {nested[0]}: zip the extension's files, not the folder around them." if nested else ""
                )
                raise SetupError(f"{where}: not an extension: the archive has no manifest.json at its top level.{hint}")
            raw = archive.read("manifest.json")
    else:
        raise SetupError(
            f"{where}: not an extension: a file must be an .xpi or .zip archive with manifest.json at its top "
            "level. Pass the extension's folder, or zip its files."
        )
    try:
        text = raw.decode("utf-8-sig")
        # Firefox accepts whole-line // comments in manifest.json.
        manifest = json.loads(re.sub(r"(?m)^\s*//.*$", "", text))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SetupError(
            f"{where}: broken manifest: manifest.json is not valid JSON ({exc}). Firefox would refuse it too; fix it."
        ) from exc
    if not isinstance(manifest, dict):
        raise SetupError(
            f"{where}: broken manifest: manifest.json must hold a JSON object, not a {type(manifest).__name__}."
        )
    return manifest


def check_manifest(source: str | Path, manifest: dict[str, Any]) -> None:
    """SetupError naming what the manifest lacks for the harness on any browser."""
    where = f"extension {source}"
    version = manifest.get("manifest_version")
    if version not in (2, 3) or isinstance(version, bool):
        raise SetupError(f"{where}: broken manifest: manifest_version must be 2 or 3, not {version!r}.")
    for key in ("name", "version"):
        if not isinstance(manifest.get(key), str) or not manifest[key]:
            raise SetupError(f'{where}: broken manifest: "{key}" is missing or not a string; browsers require it.')
    permissions = manifest.get("permissions") or []
    if "sessions" not in permissions:
        optional = "sessions" in (manifest.get("optional_permissions") or [])
        where_now = ' It is only in "optional_permissions", which is not granted at install.' if optional else ""
        raise SetupError(
            f'{where}: it does not ask for the "sessions" permission, so browser.sessions does not exist in it.'
            f'{where_now} Add "sessions" to "permissions" in manifest.json.'
        )


def _copy_with_context_page(source: Path, copy: Path) -> None:
    """Copy the extension to `copy` (extracting an archive) and add the
    harness's page, which runs calls in the extension's context."""
    if source.is_dir():
        shutil.copytree(source, copy, copy_function=shutil.copyfile)
    else:
        with zipfile.ZipFile(source) as archive:
            archive.extractall(copy)
    for folder in [copy, *(p for p in copy.rglob("*") if p.is_dir())]:
        folder.chmod(0o700)  # a read-only source must not make the copy undeletable
    target = copy / CONTEXT_DIR
    if target.exists():
        raise SetupError(f"extension {source}: it has a folder named {CONTEXT_DIR}, which the harness reserves.")
    target.mkdir()
    shared = fixture_extension_path()
    for name in ("encoding.js", "dispatch.js"):
        shutil.copyfile(shared / name, target / name)
    page = resources.files("harness").joinpath("js", "context_page")
    for name in ("page.html", "context.js"):
        (target / name).write_bytes(page.joinpath(name).read_bytes())
