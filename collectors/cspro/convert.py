"""A CSPro dictionary as our questionnaire definition, with notes on what was left out, and the
layout the data reader follows.

Household table: ``ea_id``, ``hh_no``, the id items not used for those, then the items of every
single-occurrence record. Person table: ``ea_id``, ``hh_no``, ``line_no`` (the record's occurrence
number within the case: 1, 2, …), then the person record's items. Subitems (they overlap their
parent) and items that occur more than once are left out and noted. CSPro keeps skip logic in
its application, not in the dictionary, so no item has a universe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from collectors.cspro.choices import Choices, choose
from collectors.cspro.labels import label
from collectors.cspro.layout import Field, Layout, RecordLayout
from collectors.cspro.model import Dictionary, DictItem, Record
from collectors.cspro.values import domain
from collectors.names import Names, spelled
from collectors.notes import Note
from schemas import Item, ItemType, Label, Questionnaire, Reference, default_questionnaire


@dataclass(frozen=True)
class Conversion:
    questionnaire: Questionnaire
    layout: Layout
    notes: tuple[Note, ...]


def _field(column: str, item: DictItem, blank_values: tuple[str, ...] = ()) -> Field:
    return Field(
        column=column,
        cspro_name=item.name,
        start=item.start,
        length=item.length,
        numeric=item.numeric,
        implied_decimals=item.decimals if item.decimals and not item.decimal_mark else 0,
        blank_values=blank_values,
    )


def _left_out(item: DictItem, record: Record) -> Note | None:
    if item.subitem:
        parent = next(
            (
                i.name
                for i in record.items
                if not i.subitem and i.start <= item.start and item.end <= i.end
            ),
            "its parent item",
        )
        return Note(
            item.name,
            f"a subitem overlapping {parent}; left out (its digits are in {parent})",
            f"与 {parent} 重叠的子项；未转换（其数字已包含在 {parent} 中）",
        )
    if item.occurs > 1:
        return Note(
            item.name,
            f"occurs {item.occurs} times in one record, which a column cannot hold; left out",
            f"在一个记录中出现{item.occurs}次，一列无法容纳；未转换",
        )
    return None


class _Builder:
    def __init__(self, dictionary: Dictionary, choices: Choices) -> None:
        self.dictionary = dictionary
        self.choices = choices
        self.notes: list[Note] = list(choices.notes)

    def item(self, item: DictItem, names: Names) -> tuple[Item, Field]:
        dom = domain(item)
        self.notes.extend(dom.notes)
        name = names.claim(item.name)
        if name != spelled(item.name):
            self.notes.append(
                Note(
                    item.name,
                    f"named {name} (the name was taken)",
                    f"命名为 {name}（原名已被占用）",
                )
            )
        converted = Item(
            name=name,
            label=label(item.label, item.name),
            type=dom.type,
            number=item.name,
            codes=dom.codes,
            range=dom.range,
            max_length=dom.max_length,
            required=dom.required,
        )
        return converted, _field(name, item, dom.blank_values)

    def record(self, record: Record, names: Names) -> tuple[list[Item], RecordLayout]:
        items, fields = [], []
        for dict_item in record.items:
            note = _left_out(dict_item, record)
            if note is not None:
                self.notes.append(note)
                continue
            converted, field = self.item(dict_item, names)
            items.append(converted)
            fields.append(field)
        return items, RecordLayout(
            record.name, record.type_value, tuple(fields), record.max_records
        )

    def key_items(self) -> tuple[Item, Item]:
        parts = self.choices.ea_parts
        width = sum(p.length for p in parts)
        joined = "+".join(p.name for p in parts) or "0"
        numeric = all(p.numeric for p in parts)
        ea = Item(
            name="ea_id",
            label=Label(zh=f"调查小区（{joined}）", en=f"Enumeration area ({joined})"),
            type=ItemType.TEXT,
            pattern=(rf"^\d{{{width}}}$" if parts else r"^0$") if numeric else None,
            max_length=None if numeric else width,
        )
        hh = Item(
            name="hh_no",
            label=label(self.choices.household.label, "hh_no"),
            type=ItemType.TEXT,
            number=self.choices.household.name,
            pattern=r"^\d{3}$",
            hint=Label(zh="3位数字 001–998", en="3 digits 001–998"),
        )
        return ea, hh

    def build(self, reference: Reference) -> Conversion:
        choices = self.choices
        ea, hh = self.key_items()
        hh_names = Names({"ea_id", "hh_no"})
        hh_items: list[Item] = [ea, hh]
        id_fields = []
        for id_item in choices.other_ids:
            converted, field = self.item(id_item, hh_names)
            hh_items.append(converted)
            id_fields.append(field)
        hh_layouts = []
        for record in choices.household_records:
            items, record_layout = self.record(record, hh_names)
            hh_items.extend(items)
            hh_layouts.append(record_layout)
        person = choices.person_record
        line_no = Item(
            name="line_no",
            label=Label(zh="人的序号", en="Person line number"),
            type=ItemType.INTEGER,
            range=(1, max(person.max_records, 1)),
        )
        p_items, p_layout = self.record(person, Names({"ea_id", "hh_no", "line_no"}))
        default = default_questionnaire()
        frames = {
            name: _frame(name, default.tables[name].model_dump(mode="json"), ea, hh)
            for name in ("eas", "listing")
        }
        data: dict[str, Any] = {
            "id": spelled(self.dictionary.name or "cspro").replace("_", "-"),
            "version": self.dictionary.fingerprint or "1",
            "title": label(self.dictionary.label, self.dictionary.name).model_dump(),
            "reference": reference.model_dump(),
            "tables": {
                "households": {
                    "label": {"zh": "户", "en": "Households"},
                    "key": ["ea_id", "hh_no"],
                    "items": [i.model_dump(mode="json") for i in hh_items],
                },
                "persons": {
                    "label": {"zh": "人", "en": "Persons"},
                    "key": ["ea_id", "hh_no", "line_no"],
                    "parent": "households",
                    "items": [
                        i.model_dump(mode="json")
                        for i in (ea.model_copy(update={"hint": None}), hh, line_no, *p_items)
                    ],
                },
                **frames,
            },
        }
        layout = Layout(
            dictionary=self.dictionary.source,
            type_start=self.dictionary.record_type_start,
            type_length=self.dictionary.record_type_length,
            ids_end=max(
                [
                    self.dictionary.record_type_start + self.dictionary.record_type_length - 1,
                    *(i.end for i in choices.level.ids),
                ]
            ),
            ea_parts=tuple(_field("ea_id", p) for p in choices.ea_parts),
            household=_field("hh_no", choices.household),
            id_fields=tuple(id_fields),
            household_records=tuple(hh_layouts),
            person_record=p_layout,
            ignored_types=tuple(
                r.type_value
                for level in self.dictionary.levels
                for r in level.records
                if r is not person and r not in choices.household_records
            ),
        )
        return Conversion(Questionnaire.model_validate(data), layout, tuple(self.notes))


FRAME_LEFT_OUT = {"eas": {"name"}}
"""Frame items not copied: the EA's ``name`` would share its name with the default
questionnaire's person item that rule V-06 reads, which a CSPro survey seldom has."""


def _frame(name: str, table: dict[str, Any], ea: Item, hh: Item) -> dict[str, Any]:
    """A frame table of the default definition with our ``ea_id`` and ``hh_no``."""
    keys = {"ea_id": ea.model_dump(mode="json"), "hh_no": hh.model_dump(mode="json")}
    table = dict(table)
    table["items"] = [
        keys.get(item["name"], item)
        for item in table["items"]
        if item["name"] not in FRAME_LEFT_OUT.get(name, set())
    ]
    table.pop("name", None)
    return table


def convert(
    dictionary: Dictionary,
    *,
    ea: list[str] | None = None,
    household: str | None = None,
    person_record: str | None = None,
    reference: Reference | None = None,
) -> Conversion:
    """Convert a dictionary; refusals (an unknown item, a household number beyond 998 …) raise
    :class:`collectors.InputError` naming the dictionary and the item."""
    choices = choose(dictionary, ea=ea, household=household, person_record=person_record)
    today = date.today()
    return _Builder(dictionary, choices).build(
        reference or Reference(year=today.year, month=today.month)
    )
