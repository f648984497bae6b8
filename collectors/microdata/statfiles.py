"""Microdata as statistical offices publish it: Stata ``.dta``, SPSS ``.sav``/``.zsav`` (read with
pyreadstat) and Parquet, as the text cells a CSV of the same table would hold, with the file's
variable labels and value labels.

A number is the text it would be written as (``45.0`` → ``45``), a date ``2020-01-02``, a
missing value (Stata's ``.``, ``.a``…``.z``; SPSS's system- and user-missing) blank. The labels
become the items' labels and the code labels of the questionnaire
(:func:`collectors.microdata.items.item`), so an IHSN, DHS or MICS file converts with its own
wording instead of its column names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyreadstat

from collectors.microdata.problems import refuse
from collectors.parquet import arrow_text, is_parquet, read_parquet_text
from collectors.problems import InputError

STATISTICAL = {".dta": "Stata", ".sav": "SPSS", ".zsav": "SPSS"}


def is_labelled_file(path: Path) -> bool:
    return path.suffix.lower() in STATISTICAL or is_parquet(path)


@dataclass(frozen=True)
class Labelled:
    """A file's cells as text (its variables as columns) and its labels."""

    cells: pd.DataFrame
    labels: dict[str, str]
    value_labels: dict[str, dict[str, str]]


def value_text(value: Any) -> str:
    """A value as a CSV holds it: whole floats without ``.0``."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


def _column_text(column: pd.Series) -> pd.Series:
    if column.dtype == object:
        return column.map(lambda v: "" if v is None or v != v else value_text(v)).astype(str)
    if pd.api.types.is_datetime64_any_dtype(column):
        whole_days = bool((column.dropna() == column.dropna().dt.normalize()).all())
        text = column.dt.strftime("%Y-%m-%d" if whole_days else "%Y-%m-%d %H:%M:%S")
        return text.fillna("").astype(str)
    return arrow_text(pa.Array.from_pandas(column)).set_axis(column.index)


def _read_statistical(path: Path, kind: str) -> tuple[pd.DataFrame, Any]:
    reader = pyreadstat.read_dta if kind == "Stata" else pyreadstat.read_sav
    try:
        return reader(str(path), apply_value_formats=False)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError | PermissionError | IsADirectoryError):
            raise refuse(
                f"cannot be read ({exc.strerror or exc}); check the path",
                f"无法读取（{exc.strerror or exc}），请检查路径",
                path.name,
            ) from None
        raise _damaged(path, kind) from None
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, ValueError, UnicodeError):
        raise _damaged(path, kind) from None


def _damaged(path: Path, kind: str) -> InputError:
    return refuse(
        f"cannot be read as a {kind} file (it is damaged or of another format); save it again "
        f"from {kind}, or as CSV",
        f"无法按 {kind} 文件读取（文件已损坏或为其他格式）；请在 {kind} 中重新保存，或另存为 CSV",
        path.name,
    )


def read_labelled(path: Path) -> Labelled:
    """The file's cells as text, with its variable and value labels (none for Parquet)."""
    if is_parquet(path):  # its refusals are located InputErrors already
        return Labelled(read_parquet_text(path), {}, {})
    frame, meta = _read_statistical(path, STATISTICAL[path.suffix.lower()])
    cells = pd.DataFrame({c: _column_text(frame[c]) for c in frame.columns}, index=frame.index)
    labels = {
        column: str(label).strip()
        for column, label in (meta.column_names_to_labels or {}).items()
        if label and str(label).strip()
    }
    value_labels = {
        column: {value_text(v): str(text).strip() for v, text in mapping.items()}
        for column, mapping in (meta.variable_value_labels or {}).items()
        if mapping
    }
    return Labelled(cells.reset_index(drop=True), labels, value_labels)
