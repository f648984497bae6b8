"""The household key of each submission: ``ea_id`` and ``hh_no``.

``ea_id`` is the value of the form's EA field (``--ea``) or one EA for every household
(``--ea-id``). ``hh_no`` is the value of the household field (``--household``), zero-padded to
three digits when it is a whole number up to 999; without one, households are numbered 001, 002 …
in their order in the export within each EA. Blank and repeated keys are refused, located.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collectors.problems import InputError
from collectors.xlsform.columns import locate
from collectors.xlsform.form import Field
from collectors.xlsform.workbook import problem

if TYPE_CHECKING:
    from collectors.xlsform.convert import Conversion
    from collectors.xlsform.export import Sheet

MAX_HOUSEHOLDS = 998  # hh_no 999 is reserved for a household all of whose members died


def household_keys(
    conversion: Conversion, main: Sheet, raw: pd.DataFrame, name: str, ea_id: str | None
) -> pd.DataFrame:
    """``raw`` with ``ea_id`` and ``hh_no`` added."""
    out = raw.copy()
    ea_column, out["ea_id"] = _ea(conversion, main, name, ea_id)
    hh_field = conversion.household_field
    if hh_field is None:
        out["hh_no"] = _numbered(out["ea_id"], main, name)
        hh_column = "hh_no"
    else:
        hh_column = _column(main, hh_field, "--household", name)
        out["hh_no"] = _padded(main.frame[hh_column].replace("", pd.NA))
    _check(out, main, name, ea_column, hh_column)
    return out


def _column(main: Sheet, field: Field, option: str, name: str) -> str:
    column = locate(main.frame.columns, [field]).get(field.name)
    if column is None:
        raise InputError(
            [
                problem(
                    "missing_key",
                    f"has no column for the field '{field.name}' given with {option}",
                    f"缺少 {option} 指定的字段“{field.name}”所在的列",
                    name,
                    sheet=main.name,
                    row=1,
                )
            ]
        )
    return column


def _ea(conversion: Conversion, main: Sheet, name: str, ea_id: str | None) -> tuple[str, pd.Series]:
    field = conversion.ea_field
    if field is not None:
        column = _column(main, field, "--ea", name)
        return column, main.frame[column].replace("", pd.NA)
    if ea_id is None or not ea_id.strip():
        raise InputError(
            [
                problem(
                    "no_ea",
                    "the form has no EA field (--ea FIELD), so every household's EA must be given "
                    "with --ea-id CODE",
                    "表单没有指定调查小区字段（--ea FIELD），请用 --ea-id CODE 给出所有住户的调查小区",
                    conversion.form.source,
                )
            ]
        )
    return "ea_id", pd.Series(ea_id.strip(), index=main.frame.index, dtype="string")


def _padded(values: pd.Series) -> pd.Series:
    whole = values.str.fullmatch(r"\d{1,3}(?:\.0+)?").fillna(False).astype(bool)
    numbers = values[whole].str.replace(r"\.0+$", "", regex=True).astype(int)
    padded = numbers.astype(str).str.zfill(3)
    return values.mask(whole, padded).astype("string")


def _numbered(ea: pd.Series, main: Sheet, name: str) -> pd.Series:
    order = ea.groupby(ea, sort=False, dropna=False).cumcount() + 1
    over = np.flatnonzero(order.to_numpy() > MAX_HOUSEHOLDS)
    if over.size:
        first = int(over[0])
        raise InputError(
            [
                problem(
                    "too_many",
                    f"EA '{ea.iloc[first]}' has more than {MAX_HOUSEHOLDS} households, the most "
                    "hh_no can number; give the household number's field with --household or "
                    "a finer EA with --ea",
                    f"调查小区“{ea.iloc[first]}”的住户超过 {MAX_HOUSEHOLDS} 户，户编号不够用；"
                    "请用 --household 指定户编号字段，或用 --ea 指定更细的调查小区",
                    name,
                    sheet=main.name,
                    row=int(main.rows.iloc[first]),
                )
            ]
        )
    return order.astype(str).str.zfill(3).astype("string")


def _check(out: pd.DataFrame, main: Sheet, name: str, ea_column: str, hh_column: str) -> None:
    problems = []
    for key, column in (("ea_id", ea_column), ("hh_no", hh_column)):
        for position in np.flatnonzero(out[key].isna().to_numpy())[:20]:
            problems.append(
                problem(
                    "blank_key",
                    f"the {key} of this household is blank; fill it in the export or the form",
                    f"此住户的 {key} 为空；请在导出数据或表单中填写",
                    name,
                    sheet=main.name,
                    row=int(main.rows.iloc[position]),
                    column=column,
                )
            )
    if problems:
        raise InputError(problems)
    repeated = out.duplicated(subset=["ea_id", "hh_no"], keep="first").to_numpy()
    for position in np.flatnonzero(repeated)[:20]:
        ea, hh = out["ea_id"].iloc[position], out["hh_no"].iloc[position]
        problems.append(
            problem(
                "duplicate_key",
                f"EA {ea} household {hh} is repeated; each household needs its own {hh_column}",
                f"调查小区 {ea} 第 {hh} 户重复；每户的 {hh_column} 必须唯一",
                name,
                sheet=main.name,
                row=int(main.rows.iloc[position]),
                column=hh_column,
            )
        )
    if problems:
        raise InputError(problems)
