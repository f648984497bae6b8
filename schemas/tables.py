"""Table shapes derived from the definition: column dtypes and pandera schemas.

Typed tables (the common currency of collectors, validation, the store and exports) have one
column per item in definition order: integer items as ``Int64``, numbers as ``Float64``, text as
``string``; blank is ``<NA>``. Derived variables (``age``) are added by :func:`with_derived`.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from schemas.definition import DerivedKind, Item, ItemType, Questionnaire, Table

DTYPES: dict[ItemType, str] = {
    ItemType.INTEGER: "Int64",
    ItemType.NUMBER: "Float64",
    ItemType.TEXT: "string",
}


def dtype_of(item: Item) -> str:
    return DTYPES[item.type]


def dtypes(table: Table) -> dict[str, str]:
    return {item.name: dtype_of(item) for item in table.items}


def empty_table(table: Table) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes(table).items()})


def with_derived(
    questionnaire: Questionnaire, table_name: str, frame: pd.DataFrame
) -> pd.DataFrame:
    """A copy of ``frame`` with the definition's derived variables for that table added. The
    copy shares the columns' data with ``frame`` (pandas copies on write, so neither sees the
    other's changes): a survey's person table is not held twice."""
    out = frame.copy(deep=False)
    for derived in questionnaire.derived:
        if derived.table != table_name:
            continue
        if derived.kind == DerivedKind.AGE:
            year, month = (out[name].astype("Int64") for name in derived.from_)
            ref = questionnaire.reference
            out[derived.name] = (ref.year - year - (month >= ref.month).astype("Int64")).astype(
                "Int64"
            )
    return out


HIDDEN_CHARACTERS = r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
"""Text a person typed: no control character (NUL, bell, line breaks…) and no direction
override or mark, which cut a name short in Stata or SPSS, or show it reversed."""


VISIBLE_TEXT = "visible_text"
"""The name of the check that free text holds no hidden character."""


def _visible(column: pd.Series) -> pd.Series:
    """True where the text is visible or blank (the check sees every row: its output lines up)."""
    hidden = column.astype("string").str.contains(HIDDEN_CHARACTERS, regex=True)
    return ~hidden.fillna(False).astype(bool)


def _checks(item: Item) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if item.codes is not None:
        checks.append(pa.Check.isin(list(item.code_values), name="code_list"))
    if item.range is not None:
        low, high = item.range
        checks.append(pa.Check.in_range(low, high, name="range"))
    if item.max_length is not None:
        checks.append(pa.Check.str_length(max_value=item.max_length, name="max_length"))
    if item.pattern is not None:
        checks.append(pa.Check.str_matches(item.pattern, name="pattern"))
    if item.type == ItemType.TEXT and item.codes is None:
        checks.append(pa.Check(_visible, name=VISIBLE_TEXT, ignore_na=False))
    return checks


def table_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of one table: dtype, code list, range, length and pattern of each column.

    Every column is nullable here: whether a blank is allowed depends on the item's universe, which
    the V-01/V-02 rules decide row by row.
    """
    return pa.DataFrameSchema(
        {
            item.name: pa.Column(dtype_of(item), checks=_checks(item), nullable=True, coerce=False)
            for item in table.items
        },
        strict=False,
        name=table.name,
    )
