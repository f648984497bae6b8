"""``export_dataset``: the clean, weighted, documented dataset of a survey, in a folder.

Reads a snapshot of the store chunk by chunk (a chunk is a range of households, with their
persons), turns each chunk into one typed Arrow batch, and hands the batch to every writer and
every summary (frequencies, weights, dataset version, k-anonymity). Memory holds one chunk, so CSV,
Parquet and XLSX exports of any size stream; Stata and SPSS files are written from the whole table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from schemas import Questionnaire
from survey.context import Survey, now
from survey.export.columns import Layout, layout
from survey.export.errors import ExportError
from survey.export.manifest import MANIFEST, Manifest, notes, software
from survey.export.public import Pseudonymiser
from survey.export.run import TABLES, ExportRun
from survey.export.select import counts, left_out
from survey.export.target import check, discard, publish, staging
from survey.export.versions import ruleset_version
from survey.export.xlsx import MAX_ROWS
from survey.store import export as export_store

FORMATS = ("csv", "parquet", "dta", "sav", "xlsx")
CHUNK_HOUSEHOLDS = 20_000


def parse_formats(formats: str | Sequence[str]) -> tuple[str, ...]:
    """``"csv,parquet"`` or ``["csv", "parquet"]`` → the formats, in the canonical order."""
    names = formats.split(",") if isinstance(formats, str) else list(formats)
    wanted = [name.strip().lower() for name in names if name.strip()]
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown or not wanted:
        shown = ", ".join(repr(u) for u in unknown) or "nothing"
        raise ExportError(
            f"unknown export format {shown}; choose one or more of {', '.join(FORMATS)}, "
            "separated by commas",
            f"未知的导出格式 {shown}；请从 {', '.join(FORMATS)} 中选择一个或多个，以逗号分隔",
        )
    return tuple(f for f in FORMATS if f in wanted)


def _pseudonymiser(survey: Survey) -> Pseudonymiser:
    secret = export_store.pseudonym_secret(survey.store.read)
    if secret is None:
        with survey.store.write() as db:
            secret = export_store.ensure_pseudonym_secret(db)
    return Pseudonymiser(secret)


def _layouts(q: Questionnaire, *, public: bool, include_unapproved: bool) -> dict[str, Layout]:
    try:
        return {
            t: layout(q, t, public=public, include_unapproved=include_unapproved) for t in TABLES
        }
    except ValueError as exc:
        raise ExportError(str(exc), f"问卷定义不能导出：{exc}") from None


def _check_xlsx(formats: tuple[str, ...], rows: dict[str, int]) -> None:
    largest = max(rows.values())
    if "xlsx" in formats and largest + 1 > MAX_ROWS:
        raise ExportError(
            f"XLSX sheets hold at most {MAX_ROWS - 1:,} rows and this export has {largest:,}; "
            "leave xlsx out of --format (CSV and Parquet have no such limit)",
            f"XLSX 工作表最多 {MAX_ROWS - 1:,} 行，本次导出有 {largest:,} 行；请在 --format 中去掉 xlsx",
        )


Progress = Callable[[float, str], None]
TABLES_SHARE = 0.95  # of the work: the data tables; the codebook and manifest are the rest


def _counter(rows: dict[str, int], progress: Progress) -> Callable[[str, int], None]:
    """A listener of rows written that reports the share of every table's rows done."""
    total = max(sum(rows.values()), 1)
    done = dict.fromkeys(rows, 0)

    def heard(table: str, n: int) -> None:
        done[table] = done.get(table, 0) + n
        share = TABLES_SHARE * min(sum(done.values()) / total, 1.0)
        progress(share, f"{table}: {done[table]} of {rows.get(table, 0)} rows")

    return heard


def export_dataset(
    survey: Survey,
    out_dir: str | Path,
    *,
    formats: str | Sequence[str] = FORMATS,
    public: bool = False,
    include_unapproved: bool = False,
    lang: str = "en",
    chunk_households: int = CHUNK_HOUSEHOLDS,
    progress: Progress | None = None,
) -> Manifest:
    """Write the dataset into ``out_dir``: data files, codebook, manifest; returns the manifest.
    ``progress`` hears the share done (0 to 1) and a line saying what is being written.

    Raises :class:`ExportError` for options or a folder that cannot be used; nothing is left
    behind then, and an earlier export in the folder stays as it was.
    """
    chosen = parse_formats(formats)
    if lang not in ("en", "zh"):
        raise ExportError(f"unknown language {lang!r}; choose en or zh", "语言只能是 en 或 zh")
    out = Path(out_dir)
    earlier = check(out)
    q = survey.questionnaire
    layouts = _layouts(q, public=public, include_unapproved=include_unapproved)
    pseudonymiser = _pseudonymiser(survey) if public else None
    stage = staging(out)
    try:
        run = ExportRun(q, stage, layouts, chosen, lang=lang, public=public)
        with export_store.snapshot(survey.store.read) as db:
            run.rows["households"] = export_store.select_households(
                db, include_unapproved=include_unapproved, pseudonym=pseudonymiser
            )
            run.rows["persons"] = export_store.count_persons(db)
            _check_xlsx(chosen, run.rows)
            omitted = left_out(export_store.left_out(db))
            if progress is not None:
                run.on_rows = _counter(run.rows, progress)
                progress(0.0, f"{run.rows['households']} households, {run.rows['persons']} persons")
            run.write_tables(db, chunk_households)
            if progress is not None:
                progress(TABLES_SHARE, "codebook and manifest")
        k_anonymity = run.write_k_anonymity()
        dataset_version = run.content.version()
        run.write_codebook(include_unapproved=include_unapproved, dataset_version=dataset_version)
        manifest = Manifest(
            out_dir=out,
            created_at=now(),
            questionnaire={
                "id": q.id,
                "version": q.version,
                "title": {"zh": q.title.zh, "en": q.title.en},
            },
            ruleset=ruleset_version(),
            dataset_version=dataset_version,
            options={
                "formats": list(chosen),
                "public": public,
                "include_unapproved": include_unapproved,
                "lang": lang,
            },
            households=run.rows["households"],
            persons=run.rows["persons"],
            files=run.file_entries(),
            strata=run.strata.result(),
            left_out=[
                entry.as_dict(pseudonymiser.household(entry.ea_id, entry.hh_no))
                if pseudonymiser
                else entry.as_dict()
                for entry in omitted
            ],
            left_out_counts=counts(omitted),
            notes=notes(public=public, k=q.params.k_anonymity, top_code_age=q.params.top_code_age),
            k_anonymity=k_anonymity.summary() if k_anonymity else None,
            software=software(),
        )
        (stage / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        publish(stage, out, earlier)
    except BaseException:
        discard(stage)
        raise
    if progress is not None:
        progress(1.0, f"{manifest.households} households written")
    return manifest
