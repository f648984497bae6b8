"""Stata ``.dta`` (format 118, UTF-8) and SPSS ``.sav`` files through pyreadstat, with variable
labels and value labels from the questionnaire's code lists.

Stata's limits decide some things, written down here and in the codebook:

- variable names: at most 32 characters (letters, digits, ``_``); a longer name is cut and made
  unique with a number, and the codebook gives the Stata name beside the real one;
- variable labels: at most 80 characters; a longer label is cut with ``…``;
- value labels attach to integer variables only. An item coded with text codes that are all digits
  (``ethnicity``: ``01`` … ``98``) is therefore stored in the ``.dta`` file as an integer with
  value labels (``01`` → ``1`` labelled 汉族/Han); any other text-coded item stays text without
  value labels. SPSS allows labelled text variables, so the ``.sav`` file keeps the text codes with
  their labels.

Both formats are written from the whole table in memory (pyreadstat cannot append), unlike CSV,
Parquet and XLSX, which stream: budget about 1 GB per million persons for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyreadstat

from schemas import ItemType
from survey.export.columns import Column, Layout
from survey.export.errors import ExportError

STATA_NAME_LENGTH = 32
STATA_LABEL_LENGTH = 80
SPSS_VALUE_LABEL_BYTES = 120
SPSS_LABEL_BYTES = 256
STATA_RESERVED = {
    "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n",
    "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with",
}  # fmt: skip


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cut_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", errors="ignore") + "…"


def digit_coded(column: Column) -> bool:
    """A text item whose codes are all digits, distinct as integers: ``ethnicity``."""
    values = [str(code.value) for code in column.codes]
    return (
        column.type == ItemType.TEXT
        and bool(values)
        and all(v.isdigit() for v in values)
        and len({int(v) for v in values}) == len(values)
    )


@dataclass(frozen=True)
class StataVariable:
    column: Column
    name: str
    label: str
    value_labels: dict[Any, str] | None
    integer_encoded: bool


def stata_variables(layout: Layout, lang: str) -> list[StataVariable]:
    """How each column of ``layout`` is stored in a ``.dta`` file."""
    used: set[str] = set()
    out = []
    for column in layout.columns:
        name = re.sub(r"[^A-Za-z0-9_]", "_", column.name)[:STATA_NAME_LENGTH]
        if not re.match(r"[A-Za-z_]", name) or name in STATA_RESERVED:
            name = ("v_" + name)[:STATA_NAME_LENGTH]
        base, number = name, 1
        while name in used:
            number += 1
            name = f"{base[: STATA_NAME_LENGTH - len(str(number)) - 1]}_{number}"
        used.add(name)
        encoded = digit_coded(column)
        labels: dict[Any, str] | None = None
        if column.type == ItemType.INTEGER or encoded:
            labels = {int(c.value): c.label(lang) for c in column.value_labels} or None
        out.append(
            StataVariable(
                column, name, _cut(column.label(lang), STATA_LABEL_LENGTH), labels, encoded
            )
        )
    return out


class _Collected:
    """Batches of one table, kept until the file is written."""

    def __init__(self, path: Path, layout: Layout, lang: str, title: str) -> None:
        self.path, self.layout, self.lang, self.title = path, layout, lang, title
        self._batches: list[pa.RecordBatch] = []

    def write(self, batch: pa.RecordBatch) -> None:
        self._batches.append(batch)

    def abort(self) -> None:
        self._batches = []

    def _frame(self) -> pd.DataFrame:
        table = pa.Table.from_batches(self._batches, schema=self.layout.schema())
        self._batches = []
        out = {}
        for column in self.layout.columns:
            array = table.column(column.name)
            if column.type == ItemType.INTEGER:
                out[column.name] = array.to_pandas().astype("Int32")
            elif column.type == ItemType.NUMBER:
                out[column.name] = array.to_pandas().astype("float64")
            else:
                out[column.name] = array.to_pandas().astype(object)
        return pd.DataFrame(out)


def _refused(path: Path, package: str, fmt: str) -> ExportError:
    """pyreadstat refused the file: one sentence without the library's own text."""
    return ExportError(
        f"cannot write {path.name}: a name, label or value does not fit the {package} format; "
        f"leave {fmt} out of --format and report the problem",
        f"无法写出 {path.name}：有名称、标签或取值超出 {package} 格式的限制；请在 --format 中去掉 {fmt} 并报告此问题",
    )


class StataSink(_Collected):
    def close(self) -> None:
        try:
            self._write()
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError):
            raise _refused(self.path, "Stata", "dta") from None

    def _write(self) -> None:
        frame = self._frame()
        plan = stata_variables(self.layout, self.lang)
        for var in plan:
            if var.integer_encoded:
                frame[var.column.name] = pd.to_numeric(frame[var.column.name]).astype("Int32")
        frame.columns = [var.name for var in plan]
        pyreadstat.write_dta(
            frame,
            str(self.path),
            file_label=_cut(self.title, STATA_LABEL_LENGTH),
            column_labels={var.name: var.label for var in plan},
            variable_value_labels={var.name: var.value_labels for var in plan if var.value_labels},
            version=15,
        )


class SpssSink(_Collected):
    def close(self) -> None:
        try:
            self._write()
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError):
            raise _refused(self.path, "SPSS", "sav") from None

    def _write(self) -> None:
        frame = self._frame()
        labels: dict[str, dict[Any, str]] = {}
        for column in self.layout.columns:
            if column.type == ItemType.NUMBER or not column.value_labels:
                continue
            labels[column.name] = {
                (int(c.value) if column.type == ItemType.INTEGER else str(c.value)): _cut_bytes(
                    c.label(self.lang), SPSS_VALUE_LABEL_BYTES
                )
                for c in column.value_labels
            }
        pyreadstat.write_sav(
            frame,
            str(self.path),
            file_label=_cut_bytes(self.title, 64),
            column_labels={
                c.name: _cut_bytes(c.label(self.lang), SPSS_LABEL_BYTES)
                for c in self.layout.columns
            },
            variable_value_labels=labels,
        )
