"""Which parts of a CSPro dictionary become what: the id items of ``ea_id`` and ``hh_no``, the
person record (the roster) and the household-level records (single-occurrence records).

Defaults: ``hh_no`` is the last id item labelled (or named) as the household, else the last id
item; ``ea_id`` joins the id items before it in order (the ones after it, often attributes such
as an interviewer code, stay household columns); the person record is the repeating record whose
items look most like a roster (sex, age, relationship, name, line, birth …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from collectors.cspro.model import Dictionary, DictItem, Level, Record
from collectors.cspro.problems import refusal
from collectors.cspro.values import domain
from collectors.notes import Note

HH_MAX = 998
HOUSEHOLD_WORDS = re.compile(r"household|\bhh", re.IGNORECASE)
ROSTER_WORDS = re.compile(r"sex|gender|age|relat|name|line|birth|born|marital", re.IGNORECASE)


@dataclass(frozen=True)
class Choices:
    level: Level
    ea_parts: tuple[DictItem, ...]
    household: DictItem
    other_ids: tuple[DictItem, ...]
    person_record: Record
    household_records: tuple[Record, ...]
    notes: tuple[Note, ...]


def _find(items: tuple[DictItem, ...], name: str, source: str, what: str) -> DictItem:
    for item in items:
        if item.name.upper() == name.strip().upper():
            return item
    known = ", ".join(i.name for i in items)
    raise refusal(
        "unknown_item",
        f"{what} {name} is not an id item of the dictionary (its id items: {known})",
        f"{what} {name} 不是数据字典的标识项（标识项有：{known}）",
        source,
    )


def _household_item(item: DictItem, source: str) -> list[Note]:
    if not item.numeric:
        raise refusal(
            "household_item",
            f"the household number item {item.name} is alphanumeric; choose a numeric id item "
            "with --household",
            f"户编号项 {item.name} 不是数字项；请用 --household 选择一个数字标识项",
            source,
            column=item.name,
        )
    dom = domain(item)
    if dom.codes:
        largest = max(float(c.value) for c in dom.codes)
    elif dom.range and item.value_sets and any(vs.values for vs in item.value_sets):
        largest = dom.range[1]
    else:
        largest = None
    if largest is not None and largest > HH_MAX:
        raise refusal(
            "household_range",
            f"the household number item {item.name} allows values up to {largest:g}, but hh_no "
            f"is 3 digits 001–{HH_MAX}; choose another id item with --household",
            f"户编号项 {item.name} 的取值可达 {largest:g}，而户编号为3位数 001–{HH_MAX}；"
            "请用 --household 选择其他标识项",
            source,
            column=item.name,
        )
    if largest is None and item.length > 3:
        return [
            Note(
                item.name,
                f"is {item.length} digits without a value set; a household number above "
                f"{HH_MAX} is refused when data are read",
                f"为{item.length}位且无值集；读取数据时大于{HH_MAX}的户编号将被拒绝",
            )
        ]
    return []


def _guess(ids: tuple[DictItem, ...]) -> DictItem:
    """The last numeric id item labelled as the household (else named so), else the last."""
    numeric = [i for i in ids if i.numeric]
    by_label = [i for i in numeric if HOUSEHOLD_WORDS.search(i.label.first())]
    by_name = [i for i in numeric if HOUSEHOLD_WORDS.search(i.name.replace("_", " "))]
    return (by_label or by_name or [ids[-1]])[-1]


def _roster_score(record: Record) -> int:
    return sum(bool(ROSTER_WORDS.search(f"{i.name} {i.label.first()}")) for i in record.items)


def _person_record(level: Level, wanted: str | None, source: str) -> Record:
    repeating = [r for r in level.records if r.max_records > 1]
    if wanted is not None:
        for record in level.records:
            if record.name.upper() == wanted.strip().upper():
                return record
        names = ", ".join(r.name for r in level.records)
        raise refusal(
            "unknown_record",
            f"record {wanted} is not in the dictionary (its records: {names})",
            f"数据字典中没有记录 {wanted}（现有记录：{names}）",
            source,
        )
    if not repeating:
        raise refusal(
            "no_roster",
            "has no repeating record (MaxRecords above 1) to read as the persons table",
            "没有可作为人表的重复记录（MaxRecords 大于1）",
            source,
        )
    return max(repeating, key=_roster_score)


def choose(
    dictionary: Dictionary,
    *,
    ea: list[str] | None = None,
    household: str | None = None,
    person_record: str | None = None,
) -> Choices:
    source = dictionary.source
    level = dictionary.levels[0]
    ids = level.ids
    if not ids:
        raise refusal(
            "no_ids",
            "has no id items, so households cannot be told apart",
            "没有标识项，无法区分各户",
            source,
        )
    hh_item = _find(ids, household, source, "household item") if household else _guess(ids)
    notes = _household_item(hh_item, source)
    if ea is not None:
        parts = tuple(_find(ids, name, source, "ea item") for name in ea)
        if hh_item in parts:
            raise refusal(
                "ea_item",
                f"{hh_item.name} cannot be both part of ea_id and the household number",
                f"{hh_item.name} 不能既是调查小区代码的一部分又是户编号",
                source,
                column=hh_item.name,
            )
    else:
        parts = ids[: ids.index(hh_item)]
    if not parts:
        notes.append(
            Note(
                "ea_id",
                "no id item is left for the enumeration area; every household gets ea_id 0",
                "没有可作调查小区的标识项；各户的调查小区代码均为 0",
            )
        )
    persons = _person_record(level, person_record, source)
    households = tuple(r for r in level.records if r.max_records == 1 and r is not persons)
    others = [f"{r.name} (up to {r.max_records})" for r in level.records if r.max_records > 1]
    others = [o for o in others if not o.startswith(f"{persons.name} ")]
    how_en = "as asked" if person_record else "as the repeating record most like a roster"
    how_zh = "按指定" if person_record else "为最像人员名单的重复记录"
    rest_en = f"; the other repeating records: {', '.join(others)}" if others else ""
    rest_zh = f"；其他重复记录：{'、'.join(others)}" if others else ""
    notes.append(
        Note(
            persons.name,
            f"read as the persons table ({how_en}, up to {persons.max_records} per case)"
            f"{rest_en}; choose another with --person-record",
            f"读作人表（{how_zh}，每户最多{persons.max_records}个）{rest_zh}；可用 --person-record 另选",
        )
    )
    for record in level.records:
        if record is not persons and record not in households:
            notes.append(
                Note(
                    record.name,
                    f"a second repeating record (up to {record.max_records}) beside the persons "
                    f"record {persons.name}; left out",
                    f"人记录 {persons.name} 之外的另一重复记录（最多{record.max_records}个）；未转换",
                )
            )
    for other in dictionary.levels[1:]:
        notes.append(
            Note(
                other.name,
                "a lower level of the dictionary; its records are left out",
                "数据字典的下级层次；其记录未转换",
            )
        )
    return Choices(
        level=level,
        ea_parts=parts,
        household=hh_item,
        other_ids=tuple(i for i in ids if i is not hh_item and i not in parts),
        person_record=persons,
        household_records=households,
        notes=tuple(notes),
    )
