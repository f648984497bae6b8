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


def _as_text(column: pd.Series) -> pd.Series:
    """Trimmed text, blank (or only spaces) as <NA>; computed in Arrow."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        arrow = pa.chunked_array(pa.array(column.array))
    else:
        arrow = pa.chunked_array([pa.array(column.astype("string").array, type=pa.string())])
    trimmed = pc.utf8_trim_whitespace(arrow.cast(pa.string()))
    blanked = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
    return pd.Series(pd.arrays.ArrowStringArray(blanked), index=column.index)


_PLAIN = {True: r"^-?\d{1,15}$", False: r"^-?\d{1,15}(\.\d{1,15})?$"}
"""Cells Arrow parses directly; anything else (``+5``, ``1e3``, ``3.0`` as an integer …) goes
through pandas' slower parser, which only the unusual cells pay for."""


def _parse_number(text: pd.Series, integer: bool) -> tuple[pd.Series, pd.Series]:
    """Parsed values and a mask of the cells that could not be parsed."""
    arrow = pa.chunked_array(pa.array(text.array)).cast(pa.string())
    target = pa.int64() if integer else pa.float64()
    dtype = "Int64" if integer else "Float64"
    try:  # the common case: every cell plain, one cast in C
        plain_cast = pc.cast(arrow, target)
    except pa.ArrowInvalid:
        plain_cast = None
    if plain_cast is not None and _ordinary(arrow, plain_cast, integer):
        numbers = pd.Series(plain_cast.to_pandas(types_mapper=pd.ArrowDtype), index=text.index)
        return numbers.astype(dtype), pd.Series(False, index=text.index)
    plain = pc.fill_null(pc.match_substring_regex(arrow, _PLAIN[integer]), False)
    parsed = pc.cast(pc.if_else(plain, arrow, pa.scalar(None, pa.string())), target)
    numbers = pd.Series(parsed.to_pandas(types_mapper=pd.ArrowDtype), index=text.index).astype(
        dtype
    )
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
    return numbers, pd.Series(bad, index=text.index)


def _ordinary(text: pa.ChunkedArray, values: pa.ChunkedArray, integer: bool) -> bool:
    """Whether Arrow's cast read only ordinary numbers: it also takes hexadecimal integers
    ("0x1F") and reads "nan" and "inf" as floats, which in a survey are mistakes, not numbers."""
    if integer:  # hexadecimal has its "0x" in front: a prefix test, not a search of each cell
        hexadecimal = pc.any(pc.or_(pc.starts_with(text, "0x"), pc.starts_with(text, "0X"))).as_py()
        return _safe(values) and not hexadecimal
    return pc.all(pc.is_finite(values)).as_py() is not False


def _safe(values: pa.ChunkedArray) -> bool:
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
        if item.name in raw.columns:
            text = _as_text(raw[item.name])
        else:
            text = pd.Series(pd.NA, index=raw.index, dtype="string")
        if item.type == ItemType.TEXT:
            typed[item.name] = text.str.upper() if item.uppercase else text
            continue
        values, bad = _parse_number(text, integer=item.type == ItemType.INTEGER)
        typed[item.name] = values.astype(dtype_of(item))
        if bad.any():
            bad_masks[item.name] = bad
            texts[item.name] = text
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
