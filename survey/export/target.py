"""The output folder of an export: written in a staging folder beside it, then put in place.

A folder that does not exist, is empty, or holds only an earlier export (the files its manifest
names) may receive an export; anything else is refused, so an export never mixes with or deletes
files it did not write. The manifest is put in place last: a folder with a manifest holds a
complete export.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from survey.export.errors import ExportError
from survey.export.manifest import MANIFEST


def _earlier_export(out: Path) -> set[str] | None:
    """The files of the earlier export in ``out``, or None when it holds none."""
    try:
        document = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {str(f["name"]) for f in document["files"]} | {MANIFEST}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check(out: Path) -> set[str]:
    """Refuse an unusable folder; returns the files of an earlier export there (to replace)."""
    if out.exists() and not out.is_dir():
        raise ExportError(
            f"{out} is a file, not a folder; choose a folder for --out",
            f"{out} 是文件而不是文件夹；请为 --out 指定文件夹",
        )
    if not out.exists():
        return set()
    present = {p.name for p in out.iterdir()}
    if not present:
        return set()
    earlier = _earlier_export(out)
    if earlier is None or present - earlier:
        raise ExportError(
            f"{out} is not empty and does not hold only an earlier export; choose an empty or new folder",
            f"{out} 不是空文件夹，且不只包含先前的导出；请选择空的或新的文件夹",
        )
    return present


def staging(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))


def publish(stage: Path, out: Path, earlier: set[str]) -> None:
    """Move the staged files into ``out``, replacing the earlier export; the manifest last."""
    if not out.exists():
        os.replace(stage, out)
        return
    for name in earlier:
        (out / name).unlink(missing_ok=True)
    names = sorted(p.name for p in stage.iterdir() if p.name != MANIFEST)
    for name in [*names, MANIFEST]:
        os.replace(stage / name, out / name)
    shutil.rmtree(stage, ignore_errors=True)


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)
