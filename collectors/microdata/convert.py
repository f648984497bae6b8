"""Microdata → our questionnaire definition and our four flat files.

One file (a row per person, household variables repeated) or a household file and a person file
are read as text; the keys are built (:mod:`keys`), the columns split into household and person
items (:mod:`levels`), their types inferred (:mod:`types`), the EA frame derived (:mod:`design`).
Every decision is a :class:`Note`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from collectors.microdata.design import design
from collectors.microdata.frames import frame_tables
from collectors.microdata.items import free_text_note, item, item_notes
from collectors.microdata.keys import Keys, first_varying, keys
from collectors.microdata.levels import split_levels
from collectors.microdata.options import Options
from collectors.microdata.problems import refuse
from collectors.microdata.reading import BLANK_MARKERS, Source, read_source
from collectors.microdata.tables import flat_tables
from collectors.microdata.types import Inferred, infer
from collectors.names import Names, spelled
from collectors.notes import Note
from schemas import ItemType, Label, Questionnaire, Reference

RESERVED = frozenset({"ea_id", "hh_no", "line_no", "stratum", "psu", "prob", "weight"})
"""Names our keys and the exports' design variables take; a column called so is renamed."""

KEY_ITEMS: dict[str, dict[str, Any]] = {
    "ea_id": {
        "name": "ea_id",
        "label": Label(zh="调查小区", en="Enumeration area"),
        "type": "text",
    },
    "hh_no": {
        "name": "hh_no",
        "label": Label(zh="户编号", en="Household number"),
        "type": "text",
        "pattern": r"^\d{3}$",
        "hint": Label(zh="3位数字 001–998", en="3 digits, 001–998"),
    },
}
LINE_ITEM = {
    "name": "line_no",
    "label": Label(zh="人员序号", en="Person line number"),
    "type": "integer",
    "range": (1, 9999),
}


@dataclass(frozen=True)
class Column:
    """A source column kept as an item: where it is, its item name, what it holds."""

    source: str
    table: str
    name: str
    inferred: Inferred
    identifier: bool = False
    label: str | None = None  # the file's variable label
    value_labels: Mapping[str, str] | None = None  # the file's value labels, for a code list


@dataclass(frozen=True)
class Conversion:
    questionnaire: Questionnaire
    notes: tuple[Note, ...]
    texts: dict[str, pd.DataFrame]  # households, persons, eas, listing as text cells
    source: str


def convert_files(
    path: str | Path, options: Options, persons_path: str | Path | None = None
) -> Conversion:
    """Read ``path`` (persons, or households when ``persons_path`` is given) and convert it."""
    first = read_source(path)
    if persons_path is None:
        return convert(first, None, options)
    return convert(read_source(persons_path), first, options)


def _check_columns(options: Options, persons: Source, households: Source | None) -> None:
    home = households or persons
    for column in options.household_id:
        home.require(column, "--household-id")
        if households is not None:
            persons.require(column, "--household-id")
    named = {"--ea": options.ea, "--weight": options.weight, "--stratum": options.stratum}
    for option, wanted in named.items():
        if wanted is not None:
            home.require(wanted, option)
    if options.line is not None:
        persons.require(options.line, "--line")
    for column in (*options.codes, *options.text):
        if column not in persons.cells.columns and (
            households is None or column not in households.cells.columns
        ):
            persons.require(column, "--codes/--text")
    if households is not None and options.household_columns is not None:
        raise refuse(
            "--household-columns is for one file; with --persons-file the household file's "
            "columns are the household items",
            "--household-columns 仅用于单个文件；使用 --persons-file 时住户文件的列即为住户项",
            households.name,
        )


def convert(persons: Source, households: Source | None, options: Options) -> Conversion:
    _check_columns(options, persons, households)
    ids = list(dict.fromkeys(options.household_id))
    built, hh_rows = keys(options, persons, households)
    used = {*ids, options.ea, options.line}
    notes = _key_notes(options, persons, households, built)
    if households is None:
        candidates = [c for c in persons.cells.columns if c not in used]
        hh_columns, p_columns, level_notes = split_levels(options, persons, hh_rows, candidates)
        notes.extend(level_notes)
        hh_source = persons
    else:
        hh_columns = [c for c in households.cells.columns if c not in used]
        p_columns = [c for c in persons.cells.columns if c not in used]
        hh_source = households
    weight = options.weight
    varies = weight is not None and weight not in hh_columns
    if weight is not None and households is None and weight in hh_columns:
        varies = first_varying(persons.cells[weight], hh_rows) is not None
    frame = design(built.households, hh_source.cells, hh_source, weight, options.stratum, varies)
    notes.extend(frame.notes)
    if weight is not None and not frame.weight_kept:
        hh_columns = [c for c in hh_columns if c != weight]
        p_columns = [c for c in p_columns if c != weight]
    hh_cells = hh_source.cells.iloc[built.households["first"]].reset_index(drop=True)
    forced = (set(options.codes), set(options.text))
    names = Names(RESERVED)
    columns = [
        *_columns("households", hh_cells, ids, hh_columns, forced, names, hh_source),
        *_columns("persons", persons.cells, [], p_columns, forced, names, persons),
    ]
    for column in columns:
        notes.extend(item_notes(column.name, column.source, column.inferred, column.value_labels))
        if (
            column.inferred.type == ItemType.TEXT
            and column.inferred.codes is None
            and column.inferred.filled
            and not column.identifier
        ):
            notes.append(free_text_note(column.source))
    notes.extend(_general_notes(options, persons, households, columns))
    optional = {name for name in ("stratum", "prob") if frame.eas[name].eq("").any()}
    questionnaire = _questionnaire(persons, households, options, columns, optional)
    texts = flat_tables(built, hh_cells, persons.cells, columns, frame.eas)
    return Conversion(questionnaire, tuple(notes), texts, (households or persons).name)


def _columns(
    table: str,
    cells: pd.DataFrame,
    ids: list[str],
    chosen: list[str],
    forced: tuple[set[str], set[str]],
    names: Names,
    source: Source,
) -> list[Column]:
    wanted = [*ids, *chosen]
    labelled = {
        c: source.value_labels[c]
        for c in wanted
        if c not in ids
        and c not in forced[1]
        and _all_labelled(cells[c], source.value_labels.get(c))
    }
    codes = (forced[0] | set(labelled)) - set(ids)
    inferred = infer(cells[wanted], codes=codes, text=forced[1] | set(ids))
    return [
        Column(
            c,
            table,
            names.claim(c),
            inferred[c],
            identifier=c in ids,
            label=source.labels.get(c),
            value_labels=labelled.get(c),
        )
        for c in wanted
        if not (c in ids and table == "persons")
    ]


def _all_labelled(cells: pd.Series, value_labels: Mapping[str, str] | None) -> bool:
    """A column is a code list of its value labels when every value it holds is labelled (a
    number with labels for a few special values, such as 98 "don't know", stays a number)."""
    if not value_labels:
        return False
    seen = set(cells[cells.ne("")].unique())
    return seen <= set(value_labels)


def _key_notes(
    options: Options, persons: Source, households: Source | None, built: Keys
) -> list[Note]:
    ids = ", ".join(options.household_id)
    n_eas = built.households["ea_id"].nunique()
    notes = [
        Note(
            ids,
            f"identifies {len(built.households)} households; kept as identifier item(s) "
            "(public exports drop them); hh_no numbers the households 001, 002 … within each EA "
            "in the order they first appear",
            f"标识 {len(built.households)} 户；保留为标识项（公开数据不含）；hh_no 在各调查小区内按住户"
            "首次出现的顺序编为 001、002……",
        ),
        Note(
            options.ea or "ea_id",
            f"ea_id: the EA column, {n_eas} EAs"
            if options.ea
            else f"ea_id: every household is in EA {options.ea_id} (--ea-id)",
            f"ea_id：调查小区列，共 {n_eas} 个调查小区"
            if options.ea
            else f"ea_id：所有住户属调查小区 {options.ea_id}（--ea-id）",
        ),
        Note(
            options.line or "line_no",
            "line_no: the line number column"
            if options.line
            else "line_no: each person's order within the household in the file",
            "line_no：人员序号列" if options.line else "line_no：人员在文件中本户内的顺序",
        ),
    ]
    if built.split:
        shown = ", ".join(built.split[:5])
        notes.append(
            Note(
                "ea_id",
                f"--split-eas: EA(s) {shown} held more than 998 households and were split into "
                "parts EA-1, EA-2 … of 998 in file order; psu keeps the EA",
                f"--split-eas：调查小区 {shown} 超过 998 户，按文件顺序分为每部分 998 户的 EA-1、"
                "EA-2……；psu 保留原调查小区",
            )
        )
    for source in (persons, households):
        if source is not None and source.markers:
            notes.append(
                Note(
                    source.name,
                    f"{source.markers} cells {'/'.join(BLANK_MARKERS)} were read as blank",
                    f"{source.markers} 个 {'/'.join(BLANK_MARKERS)} 单元格按空白读取",
                )
            )
    return notes


def _general_notes(
    options: Options, persons: Source, households: Source | None, columns: list[Column]
) -> list[Note]:
    notes = []
    if any(c.inferred.codes is not None for c in columns):
        notes.append(
            Note(
                "codes",
                "categories are integer codes with the text as labels rather than text codes: "
                "Stata and SPSS exports can label integer codes, codes stay short and stable when "
                "a spelling is corrected, and our own code lists are kept that way; the data "
                "files hold the codes",
                "类别采用整数代码、文本作标签，而不用文本代码：Stata 和 SPSS 导出可为整数代码加标签，"
                "更正拼写时代码不变，也与本系统的代码表一致；数据文件中为代码",
            )
        )
    if any(c.label or c.value_labels for c in columns):
        notes.append(
            Note(
                "labels",
                "item labels are the file's variable labels (the column name where a variable "
                "has none) and code labels its value labels, the same in both languages; "
                "translate them in the definition",
                "题目标签取自文件的变量标签（无标签的变量用列名），代码标签取自其值标签，中英文相同；"
                "请在定义中翻译",
            )
        )
    else:
        notes.append(
            Note(
                "labels",
                "item labels are the column names and code labels the values, the same in both "
                "languages; translate them in the definition",
                "题目标签为列名、代码标签为取值，中英文相同；请在定义中翻译",
            )
        )
    if options.reference is None:
        today = date.today()
        notes.append(
            Note(
                "reference",
                f"the census moment is set to {today.year}-{today.month:02d} (give it with "
                "--reference YYYY-MM)",
                f"调查时点设为 {today.year}-{today.month:02d}（可用 --reference YYYY-MM 指定）",
            )
        )
    return notes


def _questionnaire(
    persons: Source,
    households: Source | None,
    options: Options,
    columns: list[Column],
    optional: set[str],
) -> Questionnaire:
    today = date.today()
    reference = options.reference or Reference(year=today.year, month=today.month)
    name = (households or persons).name
    stem = name.split(".")[0] or "microdata"
    keys = [KEY_ITEMS["ea_id"], KEY_ITEMS["hh_no"]]
    tables: dict[str, Any] = {
        "households": {
            "label": Label(zh="户", en="Households"),
            "key": ["ea_id", "hh_no"],
            "items": [*keys, *(_item(c) for c in columns if c.table == "households")],
        },
        "persons": {
            "label": Label(zh="人", en="Persons"),
            "key": ["ea_id", "hh_no", "line_no"],
            "parent": "households",
            "items": [*keys, LINE_ITEM, *(_item(c) for c in columns if c.table == "persons")],
        },
        **frame_tables({k: dict(v) for k, v in KEY_ITEMS.items()}, optional),
    }
    return Questionnaire.model_validate(
        {
            "id": spelled(stem).replace("_", "-"),
            "version": "1",
            "title": Label(zh=name, en=name),
            "reference": reference,
            "tables": tables,
        }
    )


def _item(column: Column) -> dict[str, Any]:
    return item(
        column.name,
        column.source,
        column.inferred,
        identifier=column.identifier,
        label=column.label,
        value_labels=column.value_labels,
    )
