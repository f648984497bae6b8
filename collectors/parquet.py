"""Parquet record files read as the text a CSV of the same table would hold.

Every reader of record files (``read_flat``, the chunked check, the Dask engine) works on cells
as written, so that one set of rules types them and reports what will not parse as a located
V-03 finding. A Parquet column is therefore cast to text by Arrow (``45.0`` → ``45``, a date →
``2020-01-02``, a category → its value, a null → blank) and read on from there. Rows are
numbered as in the same table written as CSV: the header is row 1, the first record row 2.
Parquet is read in record batches, so a file larger than memory streams like a CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from collectors.problems import InputError, Problem

PARQUET_SUFFIXES = {".parquet", ".pq"}


def is_parquet(path: str | Path) -> bool:
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


def _unreadable(name: str, en: str, zh: str, column: str | None = None) -> InputError:
    return InputError(
        [Problem(code="unreadable", message_en=en, message_zh=zh, file=name, column=column)]
    )


def _open(path: Path, name: str) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError | PermissionError | IsADirectoryError):
            reason = exc.strerror or type(exc).__name__
            raise _unreadable(
                name,
                f"cannot be read ({reason}); check the path",
                f"无法读取（{reason}），请检查路径",
            ) from None
        raise _not_parquet(name) from None
    except (pa.ArrowInvalid, pa.ArrowException):
        raise _not_parquet(name) from None


def _not_parquet(name: str) -> InputError:
    return _unreadable(
        name,
        "cannot be read as Parquet (the file is damaged or not a Parquet file); write it again, "
        "or give the table as CSV",
        "无法按 Parquet 读取（文件已损坏或不是 Parquet 文件）；请重新导出，或改用 CSV",
    )


def parquet_header(path: str | Path, name: str | None = None) -> list[str]:
    """The column names, as a CSV's header cells."""
    path = Path(path)
    return list(_open(path, name or path.name).schema_arrow.names)


def arrow_text(column: pa.ChunkedArray | pa.Array) -> pd.Series:
    """Arrow values as the text a CSV holds (``45.0`` → ``45``, a category → its value, null →
    blank); raises Arrow's error for values that are not one per cell (lists, structs)."""
    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, column.type.value_type)
    text = column if pa.types.is_string(column.type) else pc.cast(column, pa.string())
    return pd.Series(pc.fill_null(text, "").to_numpy(zero_copy_only=False), dtype=object)


def _text(column: pa.ChunkedArray | pa.Array, name: str, label: str) -> pd.Series:
    try:
        return arrow_text(column)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        raise _unreadable(
            label,
            f"holds values of type {column.type} that are not one value per cell; write the "
            "column as numbers or text",
            f"该列的值类型为 {column.type}，不是每格一个值；请把该列写成数字或文本",
            column=name,
        ) from None


def _frame(batch: pa.RecordBatch | pa.Table, label: str) -> pd.DataFrame:
    names = list(batch.schema.names)
    frame = pd.DataFrame({i: _text(batch.column(i), name, label) for i, name in enumerate(names)})
    frame.columns = names  # by position: a repeated name stays for the header check to refuse
    return frame


def read_parquet_text(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """The whole file, every cell as text (blank for null)."""
    path = Path(path)
    label = name or path.name
    file = _open(path, label)
    try:
        return _frame(file.read(), label)
    except (OSError, pa.ArrowException):
        raise _not_parquet(label) from None


def iter_parquet_text(
    path: str | Path, rows: int, columns: list[str] | None = None, name: str | None = None
) -> Iterator[pd.DataFrame]:
    """The file in blocks of about ``rows`` rows (only ``columns`` when given), cells as text."""
    path = Path(path)
    label = name or path.name
    file = _open(path, label)
    names = file.schema_arrow.names
    wanted = None if columns is None else [c for c in names if c.strip() in columns]
    try:
        for batch in file.iter_batches(batch_size=rows, columns=wanted):
            yield _frame(batch, label)
    except (OSError, pa.ArrowException):
        raise _not_parquet(label) from None
