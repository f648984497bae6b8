"""The sheets of an XLSForm (``survey``, ``choices``, ``settings``) read into plain records.

Nothing here maps to our questionnaire yet: it records each field with its type, list, labels,
skip logic and constraint, the groups and repeats it sits in, and its row in the ``survey`` sheet,
so later messages can name where in the form a thing came from. The form's own structural faults
(no ``survey`` sheet, unbalanced groups, a select without its list) are refused, located.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from collectors.problems import InputError
from collectors.xlsform.headers import normalised
from collectors.xlsform.workbook import (
    FIRST_DATA_ROW,
    find_sheet,
    problem,
    read_sheets,
    with_header,
)

_SELECT = re.compile(
    r"^(?P<kind>select_one|select one|select_multiple|select multiple|select all that apply)"
    r"(?P<file>_from_file| from file)?\s+(?:from\s+)?(?P<list>\S+)(?P<other>\s+or_other)?$",
    re.IGNORECASE,
)
_BLOCKS = {
    "begin group": "begin_group",
    "begin_group": "begin_group",
    "end group": "end_group",
    "end_group": "end_group",
    "begin repeat": "begin_repeat",
    "begin_repeat": "begin_repeat",
    "end repeat": "end_repeat",
    "end_repeat": "end_repeat",
}
_TYPE_ALIASES = {"int": "integer", "string": "text", "gps": "geopoint", "location": "geopoint"}


@dataclass(frozen=True)
class Block:
    """A group or repeat of the form."""

    name: str
    repeat: bool
    row: int
    labels: dict[str, str]
    relevant: str | None
    repeat_count: str | None
    parents: tuple[Block, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        return (*(p.name for p in self.parents), self.name)

    @property
    def in_repeat(self) -> bool:
        return any(parent.repeat for parent in self.parents)


@dataclass(frozen=True)
class Field:
    """A question (or calculate, note, metadata) of the form, in its row of the ``survey`` sheet."""

    name: str
    kind: str
    row: int
    labels: dict[str, str]
    hints: dict[str, str]
    list_name: str | None = None
    or_other: bool = False
    from_file: bool = False
    relevant: str | None = None
    constraint: str | None = None
    required: str | None = None
    parameters: str | None = None
    blocks: tuple[Block, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        return (*(b.name for b in self.blocks), self.name)

    @property
    def repeat(self) -> Block | None:
        """The innermost repeat the field is in (None for a field of the main record)."""
        repeats = [b for b in self.blocks if b.repeat]
        return repeats[-1] if repeats else None


@dataclass(frozen=True)
class Choice:
    name: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Form:
    """A whole XLSForm as read from its workbook."""

    source: str
    fields: tuple[Field, ...]
    repeats: tuple[Block, ...]
    choices: dict[str, tuple[Choice, ...]]
    settings: dict[str, str] = field(default_factory=dict)

    def repeat_named(self, name: str) -> Block | None:
        return next((r for r in self.repeats if r.name == name), None)


def read_form(path: str | Path) -> Form:
    """Read an XLSForm workbook (.xlsx, or .xls where a reader is installed)."""
    path = Path(path)
    name = path.name
    sheets = read_sheets(path, name)
    survey_sheet = find_sheet(sheets, "survey")
    if survey_sheet is None:
        raise InputError(
            [
                problem(
                    "no_survey",
                    f"has no 'survey' sheet, so it is not an XLSForm (sheets found: "
                    f"{', '.join(sheets)})",
                    f"没有“survey”工作表，不是 XLSForm（现有：{'、'.join(sheets)}）",
                    name,
                )
            ]
        )
    survey = normalised(with_header(sheets[survey_sheet], name, survey_sheet), name, survey_sheet)
    for needed in ("type", "name"):
        if needed not in survey.columns:
            raise InputError(
                [
                    problem(
                        "missing_column",
                        f"the survey sheet has no '{needed}' column; an XLSForm needs 'type' "
                        "and 'name'",
                        f"survey 工作表缺少“{needed}”列；XLSForm 需要 type 和 name 两列",
                        name,
                        sheet=survey_sheet,
                        row=1,
                        column=needed,
                    )
                ]
            )
    choices_sheet = find_sheet(sheets, "choices")
    choices = (
        _choices(
            normalised(with_header(sheets[choices_sheet], name, choices_sheet), name, choices_sheet)
        )
        if choices_sheet
        else {}
    )
    settings_sheet = find_sheet(sheets, "settings")
    settings = (
        _settings(with_header(sheets[settings_sheet], name, settings_sheet, normalise=True))
        if settings_sheet
        else {}
    )
    fields, repeats = _walk(survey, name, survey_sheet)
    _check_lists(fields, choices, name, survey_sheet)
    return Form(
        source=name,
        fields=tuple(fields),
        repeats=tuple(repeats),
        choices=choices,
        settings=settings,
    )


def _texts(row: pd.Series, prefix: str) -> dict[str, str]:
    """The non-blank cells of the columns ``prefix`` and ``prefix::language``."""
    return {
        column: str(row[column]).strip()
        for column in row.index
        if (column == prefix or column.startswith(f"{prefix}::")) and str(row[column]).strip()
    }


def _cell(row: pd.Series, column: str) -> str | None:
    if column not in row.index:
        return None
    text = str(row[column]).strip()
    return text or None


def _kind(type_text: str) -> tuple[str, str | None, bool, bool]:
    """(kind, list name, or_other, from_file) of a ``type`` cell."""
    text = re.sub(r"\s+", " ", type_text.strip())
    lowered = text.lower()
    if lowered in _BLOCKS:
        return _BLOCKS[lowered], None, False, False
    match = _SELECT.match(text)
    if match is not None:
        single = match["kind"].lower().replace(" ", "_") == "select_one"
        kind = "select_one" if single else "select_multiple"
        return kind, match["list"], bool(match["other"]), bool(match["file"])
    return _TYPE_ALIASES.get(lowered, lowered), None, False, False


def _walk(survey: pd.DataFrame, name: str, sheet: str) -> tuple[list[Field], list[Block]]:
    fields: list[Field] = []
    repeats: list[Block] = []
    stack: list[Block] = []
    named: dict[tuple[tuple[str, ...], str], int] = {}  # (group path, name) -> its row
    for position, row in survey.iterrows():
        line = int(str(position)) + FIRST_DATA_ROW
        type_text = _cell(row, "type")
        if type_text is None:
            continue
        kind, list_name, or_other, from_file = _kind(type_text)
        field_name = _cell(row, "name")
        if kind in ("end_group", "end_repeat"):
            wanted = kind == "end_repeat"
            if not stack or stack[-1].repeat != wanted:
                what = "repeat" if wanted else "group"
                raise InputError(
                    [
                        problem(
                            "unbalanced",
                            f"'{type_text}' closes a {what} that is not open here; check the "
                            "begin and end rows of groups and repeats",
                            f"“{type_text}”没有对应的开始行；请检查 group 和 repeat 的开始与结束行",
                            name,
                            sheet=sheet,
                            row=line,
                            column="type",
                        )
                    ]
                )
            stack.pop()
            continue
        if field_name is None and kind == "note":
            field_name = f"(unnamed note, row {line})"  # pyxform accepts it; it holds no answer
        elif field_name is not None:
            _once(named, stack, field_name, line, name, sheet)
        if field_name is None:
            raise InputError(
                [
                    problem(
                        "no_name",
                        f"the '{type_text}' row has no name; give it one in the name column",
                        f"“{type_text}”行没有名称；请在 name 列填写",
                        name,
                        sheet=sheet,
                        row=line,
                        column="name",
                    )
                ]
            )
        if kind in ("begin_group", "begin_repeat"):
            block = Block(
                name=field_name,
                repeat=kind == "begin_repeat",
                row=line,
                labels=_texts(row, "label"),
                relevant=_cell(row, "relevant"),
                repeat_count=_cell(row, "repeat_count"),
                parents=tuple(stack),
            )
            stack.append(block)
            if block.repeat:
                repeats.append(block)
            continue
        fields.append(
            Field(
                name=field_name,
                kind=kind,
                row=line,
                labels=_texts(row, "label"),
                hints=_texts(row, "hint"),
                list_name=list_name,
                or_other=or_other,
                from_file=from_file,
                relevant=_cell(row, "relevant"),
                constraint=_cell(row, "constraint"),
                required=_cell(row, "required"),
                parameters=_cell(row, "parameters"),
                blocks=tuple(stack),
            )
        )
    if stack:
        block = stack[-1]
        what = "repeat" if block.repeat else "group"
        raise InputError(
            [
                problem(
                    "unbalanced",
                    f"the {what} '{block.name}' begun here is never ended; add an 'end {what}' row",
                    f"此处开始的{what}“{block.name}”没有结束行；请添加“end {what}”行",
                    name,
                    sheet=sheet,
                    row=block.row,
                    column="type",
                )
            ]
        )
    return fields, repeats


def _once(
    named: dict[tuple[tuple[str, ...], str], int],
    stack: list[Block],
    field_name: str,
    line: int,
    name: str,
    sheet: str,
) -> None:
    """Refuse a name used twice within one group or repeat (case-insensitive), as pyxform does:
    the two would share one XPath."""
    key = (tuple(b.name for b in stack), field_name.lower())
    first = named.setdefault(key, line)
    if first != line:
        raise InputError(
            [
                problem(
                    "duplicate_name",
                    f"the name '{field_name}' is used twice in the same group (rows {first} and "
                    f"{line}); give each question its own name",
                    f"名称“{field_name}”在同一组中使用了两次（第{first}行和第{line}行）；请为每个问题取不同的名称",
                    name,
                    sheet=sheet,
                    row=line,
                    column="name",
                )
            ]
        )


def _choices(frame: pd.DataFrame) -> dict[str, tuple[Choice, ...]]:
    if "list_name" not in frame.columns or "name" not in frame.columns:
        return {}
    lists: dict[str, list[Choice]] = {}
    for _, row in frame.iterrows():
        list_name, choice = _cell(row, "list_name"), _cell(row, "name")
        if list_name is None or choice is None:
            continue
        lists.setdefault(list_name, []).append(Choice(name=choice, labels=_texts(row, "label")))
    return {key: tuple(value) for key, value in lists.items()}


def _settings(frame: pd.DataFrame) -> dict[str, str]:
    if frame.empty:
        return {}
    first = frame.iloc[0]
    return {str(k): str(v).strip() for k, v in first.items() if str(v).strip()}


def _check_lists(
    fields: list[Field], choices: dict[str, tuple[Choice, ...]], name: str, sheet: str
) -> None:
    problems = [
        problem(
            "unknown_list",
            f"'{f.name}' uses the choice list '{f.list_name}', which is not in the choices "
            "sheet; add the list or correct its name",
            f"“{f.name}”使用的选项列表“{f.list_name}”不在 choices 工作表中；请添加该列表或更正名称",
            name,
            sheet=sheet,
            row=f.row,
            column="type",
        )
        for f in fields
        if f.list_name is not None and not f.from_file and f.list_name not in choices
    ]
    if problems:
        raise InputError(problems)
