"""A Kobo/ODK export workbook → our typed household and person tables.

The main sheet holds one row per submission (a household); the roster's sheet one row per person,
linked to its household by ``_parent_index`` → ``_index`` or, failing those, by the submission's
uuid (``_submission__uuid`` → ``_uuid``). Values are mapped to the definition's columns as text
and typed by the same cell parser as flat files, so an unreadable value is kept as a cell error
with its export row. Structural problems (no roster sheet, a person without a household, blank or
repeated household keys) are refused, located by file, sheet, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from collectors.batch import Batch
from collectors.cells import coerce
from collectors.problems import InputError, Problem
from collectors.xlsform import linking
from collectors.xlsform.columns import choice_columns, locate
from collectors.xlsform.convert import Conversion, Source
from collectors.xlsform.form import Field
from collectors.xlsform.keys import household_keys
from collectors.xlsform.workbook import FIRST_DATA_ROW, problem, read_sheets, with_header

SHEET_NAME_LIMIT = 31  # Excel's longest sheet name; exports cut longer repeat names
_TRUE = {"1", "1.0", "true", "yes"}
_FALSE = {"0", "0.0", "false", "no"}
_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00(?:\.0+)?$"


@dataclass(frozen=True)
class Sheet:
    """One sheet of the export: its rows as text, their spreadsheet row numbers, its name."""

    name: str
    frame: pd.DataFrame
    rows: pd.Series


@dataclass(frozen=True)
class ExportData:
    """The export as our tables: typed, as text (to write), and where each value came from."""

    households: pd.DataFrame
    persons: pd.DataFrame
    cell_errors: pd.DataFrame
    texts: dict[str, pd.DataFrame]
    rows: dict[str, pd.Series]
    sheets: dict[str, str]
    columns: dict[str, dict[str, str]]
    warnings: tuple[Problem, ...]

    @property
    def batch(self) -> Batch:
        return Batch(self.households, self.persons, self.cell_errors)


def read_export(
    conversion: Conversion, path: str | Path, *, ea_id: str | None = None
) -> ExportData:
    """Read the export at ``path`` of the form behind ``conversion``; ``ea_id`` is every
    household's EA when the form has no EA field."""
    path = Path(path)
    name = path.name
    sheets = read_sheets(path, name)
    main_name, roster_name = _sheet_names(conversion, sheets, name)
    main = _sheet(sheets, main_name, name)
    q = conversion.questionnaire
    warnings: list[Problem] = []
    hh_raw, hh_columns = _values(conversion, "households", main, name, warnings)
    hh_raw = household_keys(conversion, main, hh_raw, name, ea_id)
    texts = {"households": hh_raw[q.households.columns]}
    rows = {"households": main.rows}
    columns = {"households": hh_columns}
    sheet_of = {"households": main_name}
    if roster_name is not None:
        roster = _sheet(sheets, roster_name, name)
        parent = linking.parents(main, roster, conversion, name)
        person_raw, person_columns = _values(conversion, "persons", roster, name, warnings)
        person_raw["ea_id"] = hh_raw["ea_id"].to_numpy()[parent]
        person_raw["hh_no"] = hh_raw["hh_no"].to_numpy()[parent]
        line = pd.Series(parent).groupby(parent, sort=False).cumcount() + 1
        person_raw["line_no"] = line.astype("string").to_numpy()
        texts["persons"] = person_raw[q.persons.columns]
        rows["persons"] = roster.rows
        columns["persons"] = person_columns
        sheet_of["persons"] = roster_name
    else:
        texts["persons"] = pd.DataFrame({c: pd.Series(dtype="string") for c in q.persons.columns})
        rows["persons"] = pd.Series(dtype="Int64")
        columns["persons"] = {}
    typed = {}
    errors = []
    for table_name, text in texts.items():
        typed[table_name], found = coerce(q.tables[table_name], text, rows[table_name])
        errors.append(found)
    return ExportData(
        households=typed["households"],
        persons=typed["persons"],
        cell_errors=pd.concat(errors, ignore_index=True),
        texts=texts,
        rows=rows,
        sheets=sheet_of,
        columns=columns,
        warnings=tuple(warnings),
    )


def _sheet_names(
    conversion: Conversion, sheets: dict[str, pd.DataFrame], name: str
) -> tuple[str, str | None]:
    by_lower = {sheet.strip().lower(): sheet for sheet in sheets}
    repeat_sheets = {r.name[:SHEET_NAME_LIMIT].lower() for r in conversion.form.repeats}
    main = next((s for s in sheets if s.strip().lower() not in repeat_sheets), None)
    if main is None:
        raise InputError(
            [
                problem(
                    "no_main_sheet",
                    "has no sheet for the households: every sheet is named after a repeat; is "
                    "this the export of this form?",
                    "没有住户工作表：所有工作表都以 repeat 命名；这是该表单的导出文件吗？",
                    name,
                )
            ]
        )
    roster = conversion.roster
    if roster is None:
        return main, None
    found = by_lower.get(roster.name[:SHEET_NAME_LIMIT].lower())
    if found is None:
        raise InputError(
            [
                problem(
                    "no_roster_sheet",
                    f"has no sheet '{roster.name[:SHEET_NAME_LIMIT]}' for the roster repeat "
                    f"(sheets found: {', '.join(sheets)}); export the data with its repeat groups "
                    "as sheets, or choose another roster with --roster",
                    f"没有人员名单 repeat 对应的工作表“{roster.name[:SHEET_NAME_LIMIT]}”"
                    f"（现有：{'、'.join(sheets)}）；请导出含 repeat 工作表的数据，或用 --roster 另选",
                    name,
                )
            ]
        )
    return main, found


def _sheet(sheets: dict[str, pd.DataFrame], sheet: str, name: str) -> Sheet:
    frame = with_header(sheets[sheet], name, sheet)
    rows = pd.Series(np.arange(len(frame)) + FIRST_DATA_ROW, dtype="Int64")
    stripped = frame.apply(lambda column: column.astype("string").str.strip())
    filled = (stripped.fillna("") != "").any(axis=1).to_numpy() if len(frame.columns) else None
    if filled is not None:
        stripped, rows = stripped[filled], rows[filled]
    return Sheet(sheet, stripped.reset_index(drop=True), rows.reset_index(drop=True))


def _values(
    conversion: Conversion, table_name: str, sheet: Sheet, name: str, warnings: list[Problem]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Text columns named by the table's items (keys left to the caller)."""
    sources = conversion.sources[table_name]
    fields = _fields(sources)
    located = locate(sheet.frame.columns, fields)
    if fields and not located:
        raise InputError(
            [
                problem(
                    "no_fields",
                    "has none of the form's fields as a column; is this the export of this form "
                    "(with XML names as headers, not labels)?",
                    "没有任何表单字段列；这是该表单的导出文件吗（表头应为字段名而非标签）？",
                    name,
                    sheet=sheet.name,
                    row=1,
                )
            ]
        )
    blank = pd.Series(pd.NA, index=sheet.frame.index, dtype="string")
    out: dict[str, pd.Series] = {}
    used: dict[str, str] = {}
    missing: list[str] = []
    multiple_done: set[str] = set()
    for item, source in sources.items():
        f = source.field
        column = located.get(f.name)
        if source.choice is not None:
            known = {s.choice for s in sources.values() if s.field is f and s.choice is not None}
            reported = f.name in multiple_done
            values, where = _choice(sheet, source, known, column, warnings, name, reported)
            multiple_done.add(f.name)
            out[item] = values if values is not None else blank
            if where:
                used[item] = where
            elif f.name not in missing:
                missing.append(f.name)
            continue
        if column is None:
            missing.append(f.name)
            out[item] = blank
            continue
        values = sheet.frame[column].replace("", pd.NA)
        if f.kind == "date":
            values = values.str.replace(_MIDNIGHT, r"\1", regex=True)
        out[item] = values
        used[item] = column
    if missing:
        warnings.append(
            problem(
                "missing_columns",
                f"has no column for {len(missing)} field(s) of the form ({', '.join(missing[:20])}"
                f"{' …' if len(missing) > 20 else ''}); their cells are read as blank",
                f"缺少表单中 {len(missing)} 个字段的列（{'、'.join(missing[:20])}"
                f"{'……' if len(missing) > 20 else ''}）；这些单元格按空白处理",
                name,
                sheet=sheet.name,
                row=1,
            )
        )
    frame = pd.DataFrame(out, index=sheet.frame.index)
    return frame, used


def _fields(sources: dict[str, Source]) -> list[Field]:
    seen: dict[str, Field] = {}
    for source in sources.values():
        seen.setdefault(source.field.name, source.field)
    return list(seen.values())


def _choice(
    sheet: Sheet,
    source: Source,
    known: set[str],
    column: str | None,
    warnings: list[Problem],
    name: str,
    reported: bool,
) -> tuple[pd.Series | None, str | None]:
    """The 0/1 text of one choice: from the answer's names when the export has that column,
    else from the choice's own column."""
    f, choice = source.field, source.choice
    assert choice is not None
    if column is not None:
        answer = sheet.frame[column].replace("", pd.NA)
        padded = " " + answer.str.replace(r"\s+", " ", regex=True) + " "
        picked = padded.str.contains(f" {choice} ", regex=False)
        if not reported:
            _unknown_choices(sheet, f, known, answer, column, warnings, name)
        return picked.map({True: "1", False: "0"}).astype("string"), column
    own = choice_columns(sheet.frame.columns, f, None).get(choice)
    if own is None:
        return None, None
    text = sheet.frame[own].replace("", pd.NA)
    lowered = text.str.lower()
    values = text.mask(lowered.isin(_TRUE), "1").mask(lowered.isin(_FALSE), "0")
    return values, own


def _unknown_choices(
    sheet: Sheet,
    f: Field,
    known: set[str],
    answer: pd.Series,
    column: str,
    warnings: list[Problem],
    name: str,
) -> None:
    tokens = answer.str.split().explode().dropna()
    unknown = tokens[~tokens.isin(known)]
    if unknown.empty:
        return
    first = int(sheet.rows.iloc[int(unknown.index[0])])
    shown = ", ".join(sorted(set(unknown.astype(str)))[:10])
    warnings.append(
        problem(
            "unknown_choice",
            f"{len(unknown)} answer(s) name choices not in the list '{f.list_name}' ({shown}); "
            "they are not counted as any choice — correct the data or the form's choices",
            f"{len(unknown)} 个答案含列表“{f.list_name}”中没有的选项（{shown}）；不计入任何选项——"
            "请更正数据或表单选项",
            name,
            sheet=sheet.name,
            row=first,
            column=column,
        )
    )
