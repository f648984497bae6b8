"""A record file too big to hold at once, cut into files of whole EAs.

``survey check`` in bounded memory reads each file (CSV, or Parquet in record batches) twice as a
stream of row blocks: once for the rows per EA (:func:`ea_rows`), once to write every row to the
file of its chunk of EAs (:func:`split_by_ea`). Each chunk's file is then read by :func:`read_chunk` exactly as
:func:`~collectors.flatfile.read_flat` reads a whole file, with the row numbers of the original
file in its cell errors and problems. The header is checked before anything is written; a file
that will not parse as a stream is read whole by ``read_flat``, which locates the problem.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from collectors.flatfile import (
    CSV_AS_TEXT,
    FIRST_DATA_ROW,
    FlatTable,
    _check_header,
    _header_cells,
    read_flat,
)
from collectors.parquet import is_parquet, iter_parquet_text, parquet_header
from collectors.problems import InputError
from schemas import Table

BLOCK_ROWS = 100_000
BLANK_EA = ""


def _ea_of(block: pd.DataFrame) -> pd.Series:
    if "ea_id" not in block.columns:
        return pd.Series(BLANK_EA, index=block.index)
    return block["ea_id"].str.strip()


def check_header(path: str | Path, table: Table, name: str | None = None) -> None:
    """Raise :class:`InputError` for a header ``read_flat`` would refuse (nothing else read)."""
    path = Path(path)
    label = name or path.name
    header = _header(path)
    if not header:
        read_flat(path, table, label=label)  # raises the located problem (unreadable, empty)
    problems = _header_cells(header, label)
    if problems:
        raise InputError(problems)
    _check_header(pd.DataFrame(columns=[c.strip() for c in header]), table, label)


def _header(path: Path) -> list[str]:
    """The header cells as written (blank when the file cannot be read as UTF-8 text); a
    Parquet file's column names (an unreadable one raises its located problem)."""
    if is_parquet(path):
        return parquet_header(path)
    try:
        with open(path, "rb") as stream:
            first = stream.readline()
        return next(csv.reader([first.decode("utf-8-sig").rstrip("\r\n")]), [])
    except (OSError, UnicodeDecodeError):
        return []


def ea_rows(path: str | Path, table: Table) -> pd.Series:
    """Rows per EA of a record file (index: ``ea_id`` as written, blank as ``""``)."""
    path = Path(path)
    check_header(path, table)
    counts = [_ea_of(block).value_counts() for block in _read(path, table, ["ea_id"])]
    return pd.concat(counts).groupby(level=0).sum() if counts else pd.Series(dtype="int64")


def _read(path: Path, table: Table, usecols: list[str] | None = None) -> Iterator[pd.DataFrame]:
    """The row blocks; a file the stream cannot parse is read whole to locate its problem."""
    try:
        yield from _stream(path, usecols)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError):
        read_flat(path, table)
        raise


def _stream(path: Path, usecols: list[str] | None) -> Iterator[pd.DataFrame]:
    if is_parquet(path):
        for block in iter_parquet_text(path, BLOCK_ROWS, usecols):
            block.columns = [str(c).strip() for c in block.columns]
            yield block
        return
    with pd.read_csv(
        path,
        **CSV_AS_TEXT,
        chunksize=BLOCK_ROWS,
        usecols=(lambda c: str(c).strip() in usecols) if usecols is not None else None,
    ) as reader:
        for block in reader:
            block.columns = [str(c).strip() for c in block.columns]
            yield block


@dataclasses.dataclass
class Part:
    """One chunk's file and the original row number of each of its data rows."""

    path: Path
    rows: list[np.ndarray] = dataclasses.field(default_factory=list)

    def row_numbers(self) -> np.ndarray:
        return np.concatenate(self.rows) if self.rows else np.zeros(0, dtype=np.int64)


def split_by_ea(
    path: str | Path, table: Table, chunk_of: dict[str, int], n_chunks: int, folder: Path
) -> list[Part]:
    """Write every row of the file to the CSV of its EA's chunk (``chunk_of``: EA → chunk);
    rows of an EA not in ``chunk_of`` go to the last chunk."""
    path = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    parts = [Part(folder / f"{table.name}-{i:05d}.csv") for i in range(n_chunks)]
    header = _header(path)
    with contextlib.ExitStack() as stack:
        handles = [
            stack.enter_context(open(part.path, "w", encoding="utf-8", newline=""))
            for part in parts
        ]
        for handle in handles:
            csv.writer(handle).writerow([str(c).strip() for c in header])
        start = FIRST_DATA_ROW
        for block in _read(path, table):
            which = _ea_of(block).map(chunk_of).fillna(n_chunks - 1).to_numpy(dtype=np.int64)
            rows = np.arange(start, start + len(block), dtype=np.int64)
            start += len(block)
            order = np.argsort(which, kind="stable")
            bounds = np.searchsorted(which[order], np.arange(n_chunks + 1))
            for i in range(n_chunks):
                picked = order[bounds[i] : bounds[i + 1]]
                if picked.size:
                    block.iloc[picked].to_csv(handles[i], index=False, header=False)
                    parts[i].rows.append(rows[picked])
    return parts


def read_chunk(part: Part, table: Table, name: str) -> FlatTable:
    """A chunk's file read as ``read_flat`` reads (repeated keys kept, for the check), with the
    original file's name and row numbers in its cell errors and problems."""
    original = part.row_numbers()

    def at(row: int | None) -> int | None:
        if row is None or row < FIRST_DATA_ROW or row - FIRST_DATA_ROW >= len(original):
            return row
        return int(original[row - FIRST_DATA_ROW])

    try:
        flat = read_flat(part.path, table, label=name, repeats=True)
    except InputError as exc:
        raise InputError([dataclasses.replace(p, row=at(p.row)) for p in exc.problems]) from None
    rows = pd.Series(original[flat.rows.to_numpy(dtype=np.int64) - FIRST_DATA_ROW], dtype="Int64")
    errors = flat.cell_errors
    if len(errors):
        errors = errors.assign(
            row=pd.Series(
                original[errors["row"].to_numpy(dtype=np.int64) - FIRST_DATA_ROW],
                index=errors.index,
                dtype="Int64",
            )
        )
    return FlatTable(table=flat.table, cell_errors=errors, rows=rows, source=name)
