"""From text cells to typed columns, over whole columns at once.

A blank cell is absent (<NA>). A cell that is not blank but cannot be read as its item's type
(``abc`` as a birth year, ``3.5`` as a count) becomes <NA> in the typed table and a row of the
cell-errors table, so the household is kept and validation reports the raw value (V-03).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from schemas import CELL_ERROR_COLUMNS, ItemType, Table, dtype_of

LARGEST_WHOLE = 2**53 - 1
"""The largest whole number a cell may hold: above it a float64 (pandas' Float64, SQLite's REAL)
no longer holds every whole number, and 2**53 + 1 would be stored as 2**53."""


def empty_cell_errors() -> pd.DataFrame:
    """A cell-errors table without rows (a copy: callers may add to it)."""
    return _EMPTY_CELL_ERRORS.copy()


_CELL_ERROR_DTYPES = {"row": "Int64", "line_no": "Int64"}  # every other column is text
_EMPTY_CELL_ERRORS = pd.DataFrame(
    {c: pd.array([], dtype=_CELL_ERROR_DTYPES.get(c, "string")) for c in CELL_ERROR_COLUMNS}
)


TEXT = pa.large_string()  # the Arrow type of pandas' pyarrow-backed strings
_BLANK, _NULL = pa.scalar("", TEXT), pa.scalar(None, TEXT)  # typed: no cast on every call


def _as_text(column: pd.Series) -> pa.Array:
    """Trimmed text, blank (or only spaces) as null; computed in Arrow."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        arrow = pa.array(column.array)
    else:
        arrow = pa.array(column.astype("string").array, type=pa.string())
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    trimmed = pc.utf8_trim_whitespace(arrow if arrow.type == TEXT else arrow.cast(TEXT))
    return pc.if_else(pc.equal(trimmed, _BLANK), _NULL, trimmed)


def _text_series(text: pa.Array, index: pd.Index) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(text), index=index, copy=False)


_PLAIN = {True: r"^-?\d{1,15}$", False: r"^-?\d{1,15}(\.\d{1,15})?$"}
"""Cells Arrow parses directly; anything else (``+5``, ``1e3``, ``3.0`` as an integer …) goes
through pandas' slower parser, which only the unusual cells pay for."""


def _parse_number(
    arrow: pa.Array, index: pd.Index, integer: bool
) -> tuple[pd.Series, np.ndarray | None]:
    """Parsed values and a mask of the cells that could not be parsed (None: every cell read).

    The common case (every cell plain) is one cast in C, its result handed to pandas without a
    copy through another dtype: a column of one cell costs a few Arrow calls, not a dozen
    pandas conversions (the device's live check types a household at a time)."""
    target = pa.int64() if integer else pa.float64()
    dtype = pd.Int64Dtype() if integer else pd.Float64Dtype()
    try:  # the common case: every cell plain, one cast in C
        plain_cast = arrow.cast(target)
    except pa.ArrowInvalid:
        plain_cast = None
    if plain_cast is not None and _ordinary(arrow, plain_cast, integer):
        return pd.Series(dtype.__from_arrow__(plain_cast), index=index, copy=False), None
    text = _text_series(arrow, index)
    plain = pc.fill_null(pc.match_substring_regex(arrow, _PLAIN[integer]), False)
    parsed = pc.cast(pc.if_else(plain, arrow, _NULL), target)
    numbers = pd.Series(dtype.__from_arrow__(parsed), index=index)
    filled = text.notna().to_numpy(dtype=bool)
    unusual = filled & ~plain.to_numpy(zero_copy_only=False)
    bad = np.zeros(len(text), dtype=bool)
    if unusual.any():
        other = pd.to_numeric(text[unusual], errors="coerce").astype("Float64")
        wrong = other.isna() | other.isin([np.inf, -np.inf])
        if integer:
            wrong |= (other != other.round()).fillna(False) | (other.abs() > LARGEST_WHOLE).fillna(
                False
            )
            other = other.mask(wrong, pd.NA).round()
        bad[np.flatnonzero(unusual)[wrong.to_numpy(dtype=bool)]] = True
        numbers[unusual] = other.mask(wrong, pd.NA).astype(numbers.dtype)
    return numbers, bad


def _ordinary(text: pa.Array, values: pa.Array, integer: bool) -> bool:
    """Whether Arrow's cast read only ordinary numbers: it also takes hexadecimal integers
    ("0x1F") and reads "nan" and "inf" as floats, which in a survey are mistakes, not numbers."""
    if integer:  # hexadecimal has its "0x" in front: a prefix test, not a search of each cell
        hexadecimal = pc.any(pc.starts_with(text, "0x", ignore_case=True)).as_py()
        return _safe(values) and not hexadecimal
    return pc.all(pc.is_finite(values)).as_py() is not False


def _safe(values: pa.Array) -> bool:
    """Whole numbers that a float64 holds exactly (larger ones are refused as cells)."""
    largest = pc.max(pc.abs(values)).as_py()
    return largest is None or largest <= LARGEST_WHOLE


def coerce(
    table: Table, raw: pd.DataFrame, rows: pd.Series | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Type the text columns of ``raw`` (one column per item of ``table``; absent columns blank).

    ``rows`` gives the source row number of each row (for files: header = row 1). Returns the
    typed table and its cell errors.
    """
    typed: dict[str, pd.Series] = {}
    bad_masks: dict[str, pd.Series] = {}
    texts: dict[str, pd.Series] = {}
    for item in table.items:
        present = item.name in raw.columns
        text = _as_text(raw[item.name]) if present else pa.nulls(len(raw), TEXT)
        if item.type == ItemType.TEXT:
            typed[item.name] = _text_series(
                pc.utf8_upper(text) if item.uppercase else text, raw.index
            )
            continue
        values, bad = _parse_number(text, raw.index, integer=item.type == ItemType.INTEGER)
        dtype = dtype_of(item)
        typed[item.name] = values if values.dtype == dtype else values.astype(dtype)
        if bad is not None and bad.any():
            bad_masks[item.name] = pd.Series(bad, index=raw.index)
            texts[item.name] = _text_series(text, raw.index)
    frame = pd.DataFrame(typed, index=raw.index)
    return frame.reset_index(drop=True), _cell_errors(table, frame, bad_masks, texts, rows)


def _cell_errors(
    table: Table,
    frame: pd.DataFrame,
    bad_masks: dict[str, pd.Series],
    texts: dict[str, pd.Series],
    rows: pd.Series | None,
) -> pd.DataFrame:
    if not bad_masks:
        return empty_cell_errors()
    pieces = []
    for name, mask in bad_masks.items():
        picked = mask.to_numpy(dtype=bool)
        piece = pd.DataFrame(
            {
                "table": table.name,
                "row": (
                    rows.to_numpy()[picked] if rows is not None else np.full(picked.sum(), pd.NA)
                ),
                "ea_id": frame["ea_id"].to_numpy()[picked] if "ea_id" in frame else pd.NA,
                "hh_no": frame["hh_no"].to_numpy()[picked] if "hh_no" in frame else pd.NA,
                "line_no": frame["line_no"].to_numpy()[picked] if "line_no" in frame else pd.NA,
                "field": name,
                "value": texts[name].to_numpy()[picked],
            }
        )
        pieces.append(piece)
    out = pd.concat(pieces, ignore_index=True)
    empty = empty_cell_errors()
    return out.astype({c: empty[c].dtype for c in CELL_ERROR_COLUMNS})[CELL_ERROR_COLUMNS]
