"""Checking flat files without a database (``survey check``), in bounded memory."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from collectors import InputError, read_frame, read_survey_files
from collectors.chunks import Part, ea_rows, read_chunk, split_by_ea
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
    parts = split_files(q, households, persons, memory_mb, folder)
    for i, part in enumerate(parts):
        if progress is not None:
            progress(i / len(parts), f"chunk {i + 1} of {len(parts)}")
        yield read_part(q, part)
    if progress is not None:
        progress(1.0, "survey-wide rules")


@dataclass(frozen=True)
class FilePart:
    """One chunk of EAs of the households and persons files, and the files' names."""

    households: Part
    persons: Part
    households_name: str
    persons_name: str


def split_files(
    q: Questionnaire, households: Path, persons: Path, memory_mb: int, folder: Path
) -> list[FilePart]:
    """Both files cut into chunks of whole EAs of about ``memory_mb`` each, in ``folder``;
    structural problems of either file (the header, a row that will not parse) are raised
    together before anything is written."""
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
    return [
        FilePart(h, p, households.name, persons.name) for h, p in zip(h_parts, p_parts, strict=True)
    ]


def read_part(q: Questionnaire, part: FilePart) -> Chunk:
    """A chunk's tables read as ``read_survey_files`` reads them (the chunk's files are then
    removed); rows and cell errors numbered as in the original files."""
    h = read_chunk(part.households, q.households, part.households_name)
    p = read_chunk(part.persons, q.persons, part.persons_name)
    errors = [e for e in (h.cell_errors, p.cell_errors) if len(e)] or [h.cell_errors]
    part.households.path.unlink()
    part.persons.path.unlink()
    return Chunk(
        h.table,
        p.table,
        pd.concat(errors, ignore_index=True),
        h.rows.to_numpy(dtype="int64") - FIRST_DATA_ROW,
        p.rows.to_numpy(dtype="int64") - FIRST_DATA_ROW,
    )
