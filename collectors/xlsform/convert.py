"""An XLSForm → our questionnaire: households from the main record, persons from the roster repeat.

The keys our model needs are built here: ``ea_id`` and ``hh_no`` from the form fields the user
names (``ea``, ``household``) or, without a household field, ``hh_no`` numbered 001, 002 … in the
order of the households within their EA when the data are read; ``line_no`` is the position of a
person in the roster. Everything the model cannot hold is listed in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from collectors.problems import InputError
from collectors.xlsform import frames
from collectors.xlsform.form import Block, Field, Form, read_form
from collectors.xlsform.items import Draft, drafts, label_of, note, several
from collectors.xlsform.leftout import kind_reason, left_out_notes, structure_notes
from collectors.xlsform.names import item_names, spelled
from collectors.xlsform.notes import Note
from collectors.xlsform.universes import universes
from collectors.xlsform.workbook import problem
from schemas import ItemType, Label, Questionnaire, Reference

HH_PATTERN = r"^\d{3}$"
KEPT = {"integer", "decimal", "range", "select_one", "select_multiple", "calculate", "date"}
KEPT |= {"text", "barcode", "hidden", "time", "datetime", "acknowledge"}
KEPT |= {"geopoint", "geotrace", "geoshape"}


@dataclass(frozen=True)
class Options:
    """Choices the form cannot tell: which repeat is the roster, which fields give the keys."""

    roster: str | None = None
    ea: str | None = None
    household: str | None = None
    reference: Reference | None = None


@dataclass(frozen=True)
class Source:
    """Where an item's values are in the form: its field, and the choice for a 0/1 item."""

    field: Field
    kind: str
    choice: str | None = None


@dataclass(frozen=True)
class Conversion:
    """The questionnaire made from a form, what was left out, and where each item comes from."""

    form: Form
    questionnaire: Questionnaire
    notes: tuple[Note, ...]
    roster: Block | None
    ea_field: Field | None
    household_field: Field | None
    sources: dict[str, dict[str, Source]]


def convert_form(path: str | Path, options: Options | None = None) -> Conversion:
    """Read the XLSForm at ``path`` and convert it; refuses, located, what cannot be used."""
    return convert(read_form(path), options or Options())


def convert(form: Form, options: Options) -> Conversion:
    roster = _roster(form, options.roster)
    ea_field = _key_field(form, options.ea, "--ea")
    household_field = _key_field(form, options.household, "--household")
    notes: list[Note] = []
    names = item_names()
    tables: dict[str, list[Draft]] = {"households": [], "persons": []}
    left_out: dict[str, list[str]] = {}
    kept: list[tuple[Field, str]] = []
    for f in form.fields:
        if f is ea_field or f is household_field:
            continue
        table = _table_of(f, roster)
        if table is None:
            repeat = f.repeat
            assert repeat is not None
            left_out.setdefault(repeat.name, []).append(f.name)
        elif f.kind not in KEPT:
            left_out.setdefault(kind_reason(f.kind), []).append(f.name)
        else:
            kept.append((f, table))
    # fields keep their own names first; the 0/1 items of select_multiple choices come after
    own = {
        id(f): names.claim(f.name, [b.name for b in f.blocks]) for f, _ in kept if not several(f)
    }
    for f, table in kept:
        tables[table].extend(drafts(f, form, own.get(id(f), ""), names.first))
    universes(tables, form, roster, ea_field, household_field)
    calculations = []
    for draft in [*tables["households"], *tables["persons"]]:
        if draft.field.kind == "calculate":
            calculations.append(draft.name)
        notes.extend(draft.notes)
        if draft.choice is None and draft.name != draft.field.name:
            notes.append(
                note(
                    draft.field,
                    "renamed",
                    f"named '{draft.name}' (item names are lower-case letters, digits and _, "
                    "and unique)",
                    f"改名为“{draft.name}”（题目名须为小写字母、数字和下划线，且不重复）",
                )
            )
    if calculations:
        notes.append(
            Note(
                "calculate",
                ", ".join(calculations),
                "calculations of the form are kept as text items, not required and not recomputed",
                "表单中的计算项按文本保留，非必答，本系统不重新计算",
            )
        )
    notes.extend(left_out_notes(left_out, form))
    notes.extend(structure_notes(form, roster, ea_field, household_field, options.reference))
    questionnaire = _questionnaire(form, tables, options, ea_field, household_field)
    sources = {
        table: {d.name: Source(d.field, d.field.kind, d.choice) for d in items}
        for table, items in tables.items()
    }
    notes.sort(key=lambda n: (n.row is None, n.row or 0))
    return Conversion(
        form=form,
        questionnaire=questionnaire,
        notes=tuple(notes),
        roster=roster,
        ea_field=ea_field,
        household_field=household_field,
        sources=sources,
    )


def _refuse(
    form: Form, en: str, zh: str, row: int | None = None, column: str | None = None
) -> InputError:
    return InputError(
        [problem("option", en, zh, form.source, sheet="survey", row=row, column=column)]
    )


def _roster(form: Form, wanted: str | None) -> Block | None:
    top = [r for r in form.repeats if not r.in_repeat]
    if wanted is None:
        counted = [r for r in top if r.repeat_count]
        candidates = counted or top
        return candidates[0] if candidates else None
    block = form.repeat_named(wanted)
    if block is None:
        found = ", ".join(r.name for r in form.repeats) or "none"
        raise _refuse(
            form,
            f"has no repeat named '{wanted}' for --roster (repeats: {found})",
            f"没有名为“{wanted}”的 repeat 可作 --roster（现有：{found}）",
        )
    if block.in_repeat:
        raise _refuse(
            form,
            f"the repeat '{wanted}' is inside another repeat; the roster must be a repeat of the "
            "household itself",
            f"repeat“{wanted}”嵌套在另一个 repeat 中；人员名单必须是住户下的直接 repeat",
            row=block.row,
            column="name",
        )
    return block


def _key_field(form: Form, wanted: str | None, option: str) -> Field | None:
    if wanted is None:
        return None
    found = next((f for f in form.fields if f.name == wanted), None)
    if found is None:
        raise _refuse(
            form,
            f"has no field named '{wanted}' for {option}; give the name of a field of the "
            "survey sheet",
            f"没有名为“{wanted}”的字段可作 {option}；请给出 survey 工作表中的字段名",
        )
    if found.repeat is not None:
        raise _refuse(
            form,
            f"the field '{wanted}' given for {option} is inside the repeat "
            f"'{found.repeat.name}'; it must be a field of the household",
            f"{option} 指定的字段“{wanted}”在 repeat“{found.repeat.name}”中；必须是住户一级的字段",
            row=found.row,
            column="name",
        )
    return found


def _table_of(f: Field, roster: Block | None) -> str | None:
    repeat = f.repeat
    if repeat is None:
        return "households"
    if roster is not None and repeat.path == roster.path:
        return "persons"
    return None


def _key_items(
    form: Form, ea_field: Field | None, household_field: Field | None
) -> list[dict[str, object]]:
    ea_label = label_of(ea_field, form) if ea_field else Label(zh="调查小区", en="Enumeration area")
    hh_label = (
        label_of(household_field, form)
        if household_field
        else Label(zh="户编号", en="Household number")
    )
    return [
        {"name": "ea_id", "label": ea_label, "type": ItemType.TEXT},
        {
            "name": "hh_no",
            "label": hh_label,
            "type": ItemType.TEXT,
            "pattern": HH_PATTERN,
            "hint": Label(zh="3位数字 001–998", en="3 digits, 001–998"),
        },
    ]


def _questionnaire(
    form: Form,
    tables: dict[str, list[Draft]],
    options: Options,
    ea_field: Field | None,
    household_field: Field | None,
) -> Questionnaire:
    keys = _key_items(form, ea_field, household_field)
    line = {
        "name": "line_no",
        "label": Label(zh="人员序号", en="Person line number"),
        "type": ItemType.INTEGER,
        "range": (1, 999),
    }
    settings = form.settings
    title = settings.get("form_title") or settings.get("title") or Path(form.source).stem
    form_id = settings.get("form_id") or settings.get("id_string") or Path(form.source).stem
    reference = options.reference or Reference(year=date.today().year, month=date.today().month)
    data = {
        "id": re.sub(r"\s+", "-", form_id.strip()) or spelled(Path(form.source).stem),
        "version": settings.get("version") or "1",
        "title": Label(zh=title, en=title),
        "reference": reference,
        "tables": {
            "households": {
                "label": Label(zh="户", en="Households"),
                "key": ["ea_id", "hh_no"],
                "items": [*keys, *(d.as_dict() for d in tables["households"])],
            },
            "persons": {
                "label": Label(zh="人", en="Persons"),
                "key": ["ea_id", "hh_no", "line_no"],
                "parent": "households",
                "items": [*keys, line, *(d.as_dict() for d in tables["persons"])],
            },
            **frames.tables(),
        },
    }
    return Questionnaire.model_validate(data)
