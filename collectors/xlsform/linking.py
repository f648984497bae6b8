"""Which household each roster row belongs to, from the link columns Kobo and ODK write."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collectors.problems import InputError, Problem
from collectors.xlsform.workbook import problem

if TYPE_CHECKING:
    from collectors.xlsform.convert import Conversion
    from collectors.xlsform.export import Sheet

LINKS = (
    (("_index", "index"), ("_parent_index",)),
    (
        ("_uuid", "uuid", "meta/instanceID", "instanceID"),
        ("_submission__uuid", "_submission_uuid", "uuid", "_uuid"),
    ),
)
"""(household columns, roster columns) that link a roster row to its household, best first."""


def parents(main: Sheet, roster: Sheet, conversion: Conversion, name: str) -> np.ndarray:
    """For each roster row, the position of its household's row in the main sheet."""
    form_names = {f.name for f in conversion.form.fields}
    for parent_names, child_names in LINKS:
        parent = _first(main.frame.columns, parent_names, form_names)
        child = _first(roster.frame.columns, child_names, form_names)
        if parent is not None and child is not None:
            return _link(main, roster, parent, child, name)
    raise InputError(
        [
            problem(
                "no_link",
                f"cannot tell which household each row of sheet '{roster.name}' belongs to: the "
                "main sheet needs _index (and the roster sheet _parent_index) or _uuid (and "
                "_submission__uuid); export again with these columns",
                f"无法确定工作表“{roster.name}”各行所属住户：主工作表需有 _index（人员表需有 "
                "_parent_index）或 _uuid（人员表需有 _submission__uuid）；请重新导出并包含这些列",
                name,
                sheet=main.name,
                row=1,
            )
        ]
    )


def _first(columns: pd.Index, wanted: tuple[str, ...], form_names: set[str]) -> str | None:
    return next((c for c in wanted if c in columns and c not in form_names), None)


def _link(main: Sheet, roster: Sheet, parent: str, child: str, name: str) -> np.ndarray:
    keys = main.frame[parent]
    repeated = keys.notna() & keys.duplicated(keep="first")
    if repeated.any():
        raise InputError(
            [
                _located(
                    "repeated_link",
                    f"'{value}' appears in more than one row; each submission needs its own {parent}",
                    f"“{value}”出现在多行；每份提交的 {parent} 必须唯一",
                    name,
                    main,
                    int(position),
                    parent,
                )
                for position, value in keys[repeated].head(20).items()
            ]
        )
    found = pd.Index(keys).get_indexer(roster.frame[child])
    lost = np.flatnonzero(found < 0)
    if lost.size:
        values = roster.frame[child]
        raise InputError(
            [
                _located(
                    "orphan",
                    f"{child} '{'' if pd.isna(values.iloc[i]) else values.iloc[i]}' names no row "
                    f"of sheet '{main.name}' ({parent}); this person has no household — export the "
                    "main sheet and the roster together",
                    f"{child}“{'' if pd.isna(values.iloc[i]) else values.iloc[i]}”在工作表"
                    f"“{main.name}”（{parent}）中找不到；此人没有所属住户——请一并导出主表和人员表",
                    name,
                    roster,
                    int(i),
                    child,
                )
                for i in lost[:20]
            ]
        )
    return found


def _located(
    code: str, en: str, zh: str, name: str, sheet: Sheet, position: int, column: str
) -> Problem:
    row = int(sheet.rows.iloc[position])
    return problem(code, en, zh, name, sheet=sheet.name, row=row, column=column)
