"""Exports made from the office's web page: each in its own folder ``exports/<time>/`` beside the
survey database, listed newest first, its files offered for download.

Only the survey office exports. A file is found only by the name of an export folder this module
made and a file name its manifest lists, so no request can reach another path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from survey import jobs
from survey.accounts.access import Forbidden, Role, User
from survey.audit import AuditAction
from survey.context import Survey, now
from survey.errors import NotFound
from survey.export import REASONS, ExportError, Manifest, export_dataset, parse_formats
from survey.export.dataset import Progress
from survey.export.manifest import MANIFEST
from survey.store import events

FOLDER = "exports"
NAME = re.compile(r"\d{8}T\d{6}Z(-\d{1,3})?")


@dataclass(frozen=True)
class ExportSummary:
    """One export folder as the list shows it (from its manifest)."""

    name: str
    created_at: str
    households: int
    persons: int
    formats: tuple[str, ...]
    public: bool
    include_unapproved: bool


def _require_office(user: User) -> None:
    if user.role != Role.OFFICE:
        raise Forbidden(
            f"{user.name} is not survey office staff",
            f"{user.name} 不是调查办公室人员",
        )


def root(survey: Survey) -> Path:
    """The folder of the office's exports, beside the database file."""
    return survey.store.path.resolve().parent / FOLDER


def _claim(base: Path) -> Path:
    """A new, empty export folder named after the time (made here, so two exports running at
    once never share one)."""
    base.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        folder = base / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise ExportError(
        "too many exports started in the same second; try again",
        "同一秒内开始的导出过多；请稍后重试",
    )


def run(
    survey: Survey,
    user: User,
    *,
    formats: list[str],
    public: bool,
    include_unapproved: bool,
    lang: str,
    progress: Progress | None = None,
) -> tuple[str, Manifest]:
    """Export into a new folder; returns its name and the manifest. Audited."""
    _require_office(user)
    folder = _claim(root(survey))
    try:
        manifest = export_dataset(
            survey,
            folder,
            formats=formats,
            public=public,
            include_unapproved=include_unapproved,
            lang=lang,
            progress=progress,
        )
    except BaseException:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise
    with survey.store.write() as db:
        events.record(
            db,
            at=now(),
            user_id=user.id,
            action=AuditAction.EXPORT,
            details={
                "folder": folder.name,
                "formats": list(manifest.options["formats"]),
                "public": public,
                "include_unapproved": include_unapproved,
                "households": manifest.households,
                "dataset_version": manifest.dataset_version,
            },
        )
    return folder.name, manifest


JOB_KIND = "export"


def start(
    survey: Survey,
    user: User,
    *,
    formats: list[str],
    public: bool,
    include_unapproved: bool,
    lang: str,
) -> int:
    """Start an export as a background job (at most one at once); returns the job's id. Its
    options are checked before it starts, so a bad choice is refused at once."""
    _require_office(user)
    parse_formats(formats)
    options = {"formats": formats, "public": public, "include_unapproved": include_unapproved}

    def work(report: Progress) -> str:
        name, _ = run(
            survey,
            user,
            formats=formats,
            public=public,
            include_unapproved=include_unapproved,
            lang=lang,
            progress=report,
        )
        return name

    return jobs.start(survey, user, JOB_KIND, {**options, "lang": lang}, work)


def _read(folder: Path) -> dict[str, Any] | None:
    try:
        document = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _folder(survey: Survey, name: str) -> Path:
    folder = root(survey) / name
    if not NAME.fullmatch(name) or not folder.is_dir():
        raise NotFound(f"there is no export {name}", f"没有导出 {name}")
    return folder


def listing(survey: Survey, user: User) -> list[ExportSummary]:
    """The exports made so far, newest first."""
    _require_office(user)
    base = root(survey)
    if not base.is_dir():
        return []
    out = []
    for folder in sorted(base.iterdir(), key=lambda p: p.name, reverse=True):
        document = _read(folder) if NAME.fullmatch(folder.name) else None
        if document is None:
            continue
        options = document.get("options", {})
        out.append(
            ExportSummary(
                name=folder.name,
                created_at=str(document.get("created_at", "")),
                households=int(document.get("households", 0)),
                persons=int(document.get("persons", 0)),
                formats=tuple(options.get("formats", ())),
                public=bool(options.get("public")),
                include_unapproved=bool(options.get("include_unapproved")),
            )
        )
    return out


def manifest(survey: Survey, user: User, name: str) -> dict[str, Any]:
    """The manifest of one export (``manifest.json`` as written by ``survey.export``)."""
    _require_office(user)
    document = _read(_folder(survey, name))
    if document is None:
        raise NotFound(f"export {name} has no manifest", f"导出 {name} 没有清单文件")
    return document


def file(survey: Survey, user: User, name: str, filename: str) -> Path:
    """The path of a file of an export: its manifest or a file the manifest lists."""
    document = manifest(survey, user, name)
    names = {str(f.get("name")) for f in document.get("files", [])} | {MANIFEST}
    folder = _folder(survey, name)
    path = (folder / filename).resolve() if filename in names else None  # names are checked first
    if path is None or path.parent != folder.resolve() or not path.is_file():
        raise NotFound(
            f"export {name} has no file {filename}", f"导出 {name} 中没有文件 {filename}"
        )
    return path


def reason_label(code: str, lang: str) -> str:
    """The words of a reason a household was left out."""
    zh, en = REASONS.get(code, (code, code))
    return zh if lang == "zh" else en
