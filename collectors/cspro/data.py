"""Reading a CSPro fixed-width data file (.dat), or CSPro 7+'s ``.csdb`` (see
:mod:`collectors.cspro.csdb`), with a converted dictionary's layout.

Every line is one record; its record type sits at the dictionary's RecordTypeStart/Len and its
id items give the case. A case is one household: its single-occurrence records fill the household
row, its person records (in file order: ``line_no`` 1, 2, …) the person rows. CSPro trims
trailing blanks, so a line may end early; its missing positions are blank. Structural problems —
a record type the dictionary does not know, a line too short to hold the ids, persons without a
household record, a household number that is not 001–998, a household key used twice — are
raised together, located by line. A cell that cannot be read as its item's type is kept as a
cell error (V-03), as for flat files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from collectors.cells import coerce
from collectors.cspro.checks import (
    bad_household_numbers,
    beyond_max_records,
    orphan_persons,
    repeated,
    repeated_keys,
    short_lines,
    unknown_types,
)
from collectors.cspro.convert import Conversion
from collectors.cspro.csdb import csdb_lines
from collectors.cspro.layout import Field, Layout
from collectors.cspro.problems import utf8_file
from collectors.problems import InputError, Problem

MAX_HH = 998


@dataclass(frozen=True)
class CsproData:
    """The tables as text (what a CSV file would hold) and typed, with source line numbers."""

    households_text: pd.DataFrame
    persons_text: pd.DataFrame
    households: pd.DataFrame
    persons: pd.DataFrame
    cell_errors: pd.DataFrame
    household_lines: pd.Series
    person_lines: pd.Series
    warnings: tuple[Problem, ...] = ()


def _lines(path: Path) -> pd.DataFrame:
    """Non-blank lines with their numbers (1-based)."""
    _, text = utf8_file(
        path,
        "export the data from CSPro 7 or later (UTF-8) and retry",
        "请用 CSPro 7 或更高版本导出（UTF-8）后重试",
    )
    lines = pd.Series(text.split("\n"), dtype="string[pyarrow]").str.rstrip("\r")
    frame = pd.DataFrame({"text": lines, "line": np.arange(1, len(lines) + 1)})
    return frame[lines.str.strip() != ""].reset_index(drop=True)


def _slice(text: pd.Series, field: Field) -> pd.Series:
    return text.str.slice(field.start - 1, field.start - 1 + field.length)


def _cell(text: pd.Series, field: Field) -> pd.Series:
    """A field's cells as text for the cell parser: blank special values blanked, implied
    decimals given their mark."""
    cells = _slice(text, field)
    if not field.numeric:
        return cells.str.rstrip()  # the fixed width's space padding is not part of the value
    cells = cells.str.strip()
    if field.blank_values:
        cells = cells.mask(cells.isin(field.blank_values), "")
    if field.implied_decimals:
        d = field.implied_decimals
        filled = cells != ""
        marked = cells.str.slice(0, -d) + "." + cells.str.slice(-d)
        cells = cells.where(~filled, marked)
    return cells


def _ea_id(text: pd.Series, parts: tuple[Field, ...]) -> pd.Series:
    if not parts:
        return pd.Series("0", index=text.index, dtype="string[pyarrow]")
    pieces = []
    for part in parts:
        raw = _slice(text, part)
        if part.numeric:
            pieces.append(raw.str.strip().str.zfill(part.length))
        else:
            pieces.append(raw.str.pad(part.length, side="right"))
    joined = pieces[0]
    for piece in pieces[1:]:
        joined = joined + piece
    return joined


def _case_codes(text: pd.Series, layout: Layout) -> np.ndarray:
    fields = (*layout.ea_parts, layout.household, *layout.id_fields)
    key = _slice(text, fields[0])
    for field in fields[1:]:
        key = key + "|" + _slice(text, field)
    return pd.factorize(key)[0]


def _record_columns(text: pd.Series, fields: tuple[Field, ...]) -> dict[str, pd.Series]:
    return {field.column: _cell(text, field) for field in fields}


def read_data(path: str | Path, conversion: Conversion) -> CsproData:
    """Read a .dat file; raises :class:`collectors.InputError` with every structural problem."""
    path = Path(path)
    name = path.name
    layout = conversion.layout
    q = conversion.questionnaire
    lines = csdb_lines(path, layout) if path.suffix.lower() == ".csdb" else _lines(path)
    text = lines["text"]
    if layout.type_length:
        types = text.str.slice(layout.type_start - 1, layout.type_start - 1 + layout.type_length)
    else:
        types = pd.Series("", index=text.index, dtype="string[pyarrow]")
    pad = max(layout.type_length, 0)
    hh_types = {r.type_value.ljust(pad): r for r in layout.household_records}
    person_type = layout.person_record.type_value.ljust(pad)
    known = {*hh_types, person_type, *(t.ljust(pad) for t in layout.ignored_types)}
    problems: list[Problem] = unknown_types(lines, types, known, name)
    problems += short_lines(lines, layout.ids_end, name)
    if problems:
        raise InputError(problems)
    kept = types.isin([*hh_types, person_type]).to_numpy()
    lines, types, text = lines[kept], types[kept], text[kept]
    case = _case_codes(text, layout)
    hh_raw = _slice(text, layout.household).str.strip()
    problems += bad_household_numbers(lines, hh_raw, layout.household.cspro_name, MAX_HH, name)
    if problems:
        raise InputError(problems)
    first = pd.Series(np.arange(len(case)), index=case).groupby(level=0).min().sort_values()
    first_rows = first.to_numpy()
    households = pd.DataFrame(
        {
            "ea_id": _ea_id(text, layout.ea_parts).to_numpy()[first_rows],
            "hh_no": hh_raw.str.zfill(3).to_numpy()[first_rows],
            "_case": first.index.to_numpy(),
        }
    )
    for column, cells in _record_columns(text, layout.id_fields).items():
        households[column] = cells.to_numpy()[first_rows]
    household_lines = pd.Series(lines["line"].to_numpy()[first_rows])
    is_person = (types == person_type).to_numpy()
    has_record = np.zeros(len(households), dtype=bool)
    for type_value, record in hh_types.items():
        mine = (types == type_value).to_numpy()
        problems += repeated(lines[mine], case[mine], record.name, name)
        part = pd.DataFrame(_record_columns(text[mine], record.fields)).reset_index(drop=True)
        part["_case"] = case[mine]
        part["_line"] = lines["line"].to_numpy()[mine]
        part = part.drop_duplicates("_case")
        households = households.merge(part, on="_case", how="left", validate="one_to_one")
        found = households.pop("_line")
        has_record |= found.notna().to_numpy()
        household_lines = household_lines.where(found.isna(), found)
    if hh_types:
        problems += orphan_persons(households, has_record, household_lines, name)
    problems += repeated_keys(households, household_lines, name)
    if problems:
        raise InputError(problems)
    persons = pd.DataFrame(_record_columns(text[is_person], layout.person_record.fields))
    person_case = case[is_person]
    positions = pd.Series(np.arange(len(households)), index=households["_case"].to_numpy())
    owner = positions.reindex(person_case).to_numpy()
    line_no = (pd.Series(person_case).groupby(person_case).cumcount() + 1).to_numpy()
    persons.insert(0, "line_no", line_no.astype(str))
    persons.insert(0, "hh_no", households["hh_no"].to_numpy()[owner])
    persons.insert(0, "ea_id", households["ea_id"].to_numpy()[owner])
    persons = persons.reset_index(drop=True)
    person_lines = pd.Series(lines["line"].to_numpy()[is_person])
    record = layout.person_record
    warnings = beyond_max_records(
        person_lines.to_numpy(), line_no, record.name, record.max_records, name
    )
    households_text = households.drop(columns="_case")[q.households.columns]
    persons_text = persons[q.persons.columns]
    hh_rows = household_lines.astype("Int64")
    p_rows = person_lines.astype("Int64")
    hh_typed, hh_errors = coerce(q.households, households_text, hh_rows)
    p_typed, p_errors = coerce(q.persons, persons_text, p_rows)
    errors = pd.concat(
        [e for e in (hh_errors, p_errors) if len(e)] or [hh_errors], ignore_index=True
    )
    return CsproData(
        households_text=households_text,
        persons_text=persons_text,
        households=hh_typed,
        persons=p_typed,
        cell_errors=errors,
        household_lines=hh_rows,
        person_lines=p_rows,
        warnings=tuple(warnings),
    )
