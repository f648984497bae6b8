"""Checking flat files without a database (``survey check``), in bounded memory."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from collectors import read_frame, read_survey_files
from collectors.chunks import ea_rows, read_chunk, split_by_ea
from collectors.flatfile import FIRST_DATA_ROW, XLSX_SUFFIXES
from schemas import Questionnaire
from validation import validate
from validation.chunked import Chunk, persons_per_chunk, plan_chunks, validate_chunks

Progress = Callable[[float, str], None]
DEFAULT_MEMORY_MB = 1024


def check_files(
    questionnaire: Questionnaire,
    households: str | Path,
    persons: str | Path,
    *,
    listing: str | Path | None = None,
    eas: str | Path | None = None,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Every finding of the files (structural problems raise ``InputError``). A repeated
    household key is not such a problem here: it is S-08's finding, and the rest is checked.

    CSV files are checked in chunks of whole EAs of about ``memory_mb`` of working memory each
    (:mod:`validation.chunked`; the same findings as checking them whole), XLSX workbooks and
    ``memory_mb=None`` whole. ``progress`` hears the share of chunks done."""
    listing_table = read_frame(questionnaire, "listing", listing) if listing else None
    eas_table = read_frame(questionnaire, "eas", eas) if eas else None
    workbook = any(Path(p).suffix.lower() in XLSX_SUFFIXES for p in (households, persons))
    if memory_mb is None or workbook:
        batch = read_survey_files(questionnaire, households, persons, repeats=True)
        return validate(
            questionnaire,
            batch.households,
            batch.persons,
            cell_errors=batch.cell_errors,
            listing=listing_table,
            eas=eas_table,
            aggregates=True,
        )
    with tempfile.TemporaryDirectory(prefix="survey-check-") as folder:
        chunks = _chunks(
            questionnaire, Path(households), Path(persons), memory_mb, Path(folder), progress
        )
        return validate_chunks(
            questionnaire, chunks, listing=listing_table, eas=eas_table, aggregates=True
        )


def _chunks(
    q: Questionnaire,
    households: Path,
    persons: Path,
    memory_mb: int,
    folder: Path,
    progress: Progress | None,
) -> Iterator[Chunk]:
    from collectors import InputError

    sizes = []
    problems = []
    for path, table in ((households, q.households), (persons, q.persons)):
        try:
            sizes.append(ea_rows(path, table))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    plan = plan_chunks(pd.concat(sizes).groupby(level=0).sum(), persons_per_chunk(memory_mb))
    plan = plan or [[]]
    chunk_of = {ea: i for i, eas in enumerate(plan) for ea in eas}
    h_parts = split_by_ea(households, q.households, chunk_of, len(plan), folder)
    p_parts = split_by_ea(persons, q.persons, chunk_of, len(plan), folder)
    for i, (h_part, p_part) in enumerate(zip(h_parts, p_parts, strict=True)):
        if progress is not None:
            progress(i / len(plan), f"chunk {i + 1} of {len(plan)}")
        h = read_chunk(h_part, q.households, households.name)
        p = read_chunk(p_part, q.persons, persons.name)
        errors = [e for e in (h.cell_errors, p.cell_errors) if len(e)] or [h.cell_errors]
        h_part.path.unlink()
        p_part.path.unlink()
        yield Chunk(
            h.table,
            p.table,
            pd.concat(errors, ignore_index=True),
            h.rows.to_numpy(dtype="int64") - FIRST_DATA_ROW,
            p.rows.to_numpy(dtype="int64") - FIRST_DATA_ROW,
        )
    if progress is not None:
        progress(1.0, "survey-wide rules")
