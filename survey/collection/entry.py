"""One household as typed into the form, and which of its fields apply.

An :class:`Entry` holds the text of every answer (the household's items, then one mapping per
person in line order) and the enumerator's explanations of warnings. Which fields apply is the
questionnaire's universes evaluated over the entry — the same expressions the form's JavaScript
runs live, so a browser without JavaScript gets the same answer from a server round trip. A
field outside its universe is blanked before anything is saved: it is never stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from collectors import Batch, from_submissions
from schemas import Item, Questionnaire, with_derived
from schemas.expressions import Columns
from survey.errors import Refusal

Explanation = dict[str, Any]  # {"rule_id": str, "line_no": int | None, "text": str}


@dataclass(frozen=True)
class Entry:
    household: dict[str, str] = field(default_factory=dict)
    persons: list[dict[str, str]] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)

    def explanation(self, rule_id: str, line_no: int | None) -> str:
        for note in self.explanations:
            if note["rule_id"] == rule_id and note.get("line_no") == line_no:
                return str(note["text"])
        return ""

    def with_person_added(self) -> Entry:
        return replace(self, persons=[*self.persons, {}])

    def with_person_removed(self, line_no: int) -> Entry:
        """Without person ``line_no`` (1-based) and the explanations about them; the lines after
        it, and the explanations about those persons, move up one."""
        kept = [p for i, p in enumerate(self.persons, start=1) if i != line_no]
        notes = []
        for note in self.explanations:
            line = note.get("line_no")
            if line == line_no:
                continue
            moved = line - 1 if isinstance(line, int) and line > line_no else line
            notes.append({**note, "line_no": moved})
        return replace(self, persons=kept, explanations=notes)

    def to_json(self) -> str:
        return json.dumps(
            {
                "household": self.household,
                "persons": self.persons,
                "explanations": self.explanations,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Entry:
        data = json.loads(text)
        return cls(data["household"], data["persons"], data.get("explanations", []))


@dataclass(frozen=True)
class Applicable:
    """For each question, whether it applies: household items, then one mapping per person."""

    household: dict[str, bool]
    persons: list[dict[str, bool]]


def questions(questionnaire: Questionnaire) -> tuple[list[Item], list[Item]]:
    """The items the form asks: household items, then person items (keys come from the URL and
    the person's position)."""
    return questionnaire.households.questions, questionnaire.persons.questions


def batch(questionnaire: Questionnaire, ea_id: str, hh_no: str, entry: Entry) -> Batch:
    """Typed tables of the entry: values that cannot be read become cell errors (V-03)."""
    return batches(questionnaire, [(ea_id, hh_no, entry)])


Keyed = tuple[str, str, Entry]
"""An entry with the household's key (``ea_id``, ``hh_no``), which comes from the URL."""


def batches(questionnaire: Questionnaire, entries: Sequence[Keyed]) -> Batch:
    """Typed tables of many entries at once, one after another: each entry's rows as
    :func:`batch` gives them, typed over columns in one pass."""
    households = [{**entry.household, "ea_id": ea, "hh_no": hh} for ea, hh, entry in entries]
    persons = [
        {**person, "line_no": line, "ea_id": ea, "hh_no": hh}
        for ea, hh, entry in entries
        for line, person in enumerate(entry.persons, start=1)
    ]
    return from_submissions(questionnaire, households, persons)


def applicability(questionnaire: Questionnaire, ea_id: str, hh_no: str, entry: Entry) -> Applicable:
    """Evaluate every universe over the entry (persons see their household's items too)."""
    return _applicabilities(questionnaire, [(ea_id, hh_no, entry)])[1][0]


def _applicabilities(
    questionnaire: Questionnaire, entries: Sequence[Keyed]
) -> tuple[Batch, list[Applicable]]:
    """The entries' typed tables and, for each entry, which of its fields apply: every
    universe evaluated once over all the entries' rows."""
    typed = batches(questionnaire, entries)
    households = with_derived(questionnaire, "households", typed.households)
    persons = with_derived(questionnaire, "persons", typed.persons)
    owner = np.repeat(np.arange(len(entries)), [len(entry.persons) for _, _, entry in entries])
    seen = [n for n in households.columns if n in _read_by_persons(questionnaire)]
    if seen := [name for name in seen if name not in persons.columns]:
        persons = pd.concat(  # a person sees their own household's answers
            [persons, households[seen].take(owner).set_axis(persons.index)], axis=1
        )
    hh_items, person_items = questions(questionnaire)
    hh_rows = _flag_rows(hh_items, households)
    person_rows = _flag_rows(person_items, persons)
    flags, start = [], 0
    for hh_flags, (_, _, entry) in zip(hh_rows, entries, strict=True):
        flags.append(Applicable(hh_flags, person_rows[start : start + len(entry.persons)]))
        start += len(entry.persons)
    return typed, flags


@cache
def _read_by_persons(questionnaire: Questionnaire) -> frozenset[str]:
    """The names the person items' universes read."""
    items = questionnaire.persons.questions
    return frozenset().union(*(i.universe_expr.names for i in items if i.universe_expr))


def _flag_rows(items: Sequence[Item], frame: pd.DataFrame) -> list[dict[str, bool]]:
    always, read = [True] * len(frame), Columns()
    columns = {
        item.name: item.universe_expr.evaluate(frame, read).tolist()
        if item.universe_expr
        else always
        for item in items
    }
    return [
        {name: bool(values[row]) for name, values in columns.items()} for row in range(len(frame))
    ]


def cleaned(
    questionnaire: Questionnaire, ea_id: str, hh_no: str, entry: Entry
) -> tuple[Entry, Applicable]:
    """The entry with every field outside its universe blanked, and the applicability.

    Blanking one field can take another out of its universe (``time_away`` blank, so
    ``reason_away`` no longer applies), so this repeats until nothing changes.
    """
    entries, flags, _ = cleaned_all(questionnaire, [(ea_id, hh_no, entry)])
    return entries[0], flags[0]


def cleaned_all(
    questionnaire: Questionnaire, entries: Sequence[Keyed]
) -> tuple[list[Entry], list[Applicable], Batch]:
    """:func:`cleaned` for many entries at once, with the typed tables of the cleaned entries
    (:func:`batches`): each round types and evaluates every entry together, so checking sixteen
    households costs about what checking one does."""
    keys = [(ea, hh) for ea, hh, _ in entries]
    current = [_read(questionnaire, entry) for _, _, entry in entries]
    for _ in range(len(questionnaire.persons.items) + len(questionnaire.households.items) + 1):
        typed, flags = _applicabilities(questionnaire, _keyed(keys, current))
        kept = [_kept(entry, applies) for entry, applies in zip(current, flags, strict=True)]
        if kept == current:
            return current, flags, typed
        current = kept
    typed, flags = _applicabilities(questionnaire, _keyed(keys, current))
    return current, flags, typed


SET_BY_POSITION = ("ea_id", "hh_no", "line_no")
"""The key columns :func:`batches` fills from the URL and the person's position."""


def _read(questionnaire: Questionnaire, entry: Entry) -> Entry:
    """The entry without what typing never reads (blank values, names that are no column, the
    key the URL sets), all of which cleaning drops: one round less when nothing else changes."""
    hh_names, person_names = (
        set(table.columns) - set(SET_BY_POSITION)
        for table in (questionnaire.households, questionnaire.persons)
    )

    def read(values: Mapping[str, str], names: set[str]) -> dict[str, str]:
        return {name: value for name, value in values.items() if name in names and value != ""}

    household = read(entry.household, hh_names)
    persons = [read(person, person_names) for person in entry.persons]
    if household == entry.household and persons == entry.persons:
        return entry
    return replace(entry, household=household, persons=persons)


def _keyed(keys: Sequence[tuple[str, str]], entries: Sequence[Entry]) -> list[Keyed]:
    return [(ea, hh, entry) for (ea, hh), entry in zip(keys, entries, strict=True)]


def _kept(entry: Entry, applies: Applicable) -> Entry:
    household = _keep(entry.household, applies.household)
    persons = [_keep(p, f) for p, f in zip(entry.persons, applies.persons, strict=True)]
    if household == entry.household and persons == entry.persons:
        return entry
    return replace(entry, household=household, persons=persons)


def _keep(values: Mapping[str, str], applies: Mapping[str, bool]) -> dict[str, str]:
    return {
        name: value
        for name, value in values.items()
        if applies.get(name, False) and str(value).strip() != ""
    }


class RosterTooLong(Refusal):
    """More persons than the roster's line numbers allow."""

    code = "refused_submission"
    status = 422


def roster_limit(questionnaire: Questionnaire) -> int | None:
    """The most persons a roster holds: the largest person line number, when it has a range."""
    item = questionnaire.persons.by_name.get("line_no")
    return int(item.range[1]) if item is not None and item.range is not None else None


def check_roster(questionnaire: Questionnaire, entry: Entry, *, adding: bool = False) -> None:
    """Raise :class:`RosterTooLong` when the entry (with one more person, ``adding``) has more
    persons than the roster holds; a form posted with a thousand rows stores nothing."""
    limit = roster_limit(questionnaire)
    if limit is None or len(entry.persons) + int(adding) <= limit:
        return
    raise RosterTooLong(
        f"the roster holds at most {limit} persons (lines 1–{limit}) and this one has "
        f"{len(entry.persons)}; remove the extra lines, or enter the others as a household of "
        "their own",
        f"人员名单最多{limit}人（序号1–{limit}），此处有{len(entry.persons)}人；"
        "请删除多余的行，或将其余人员登记为另一户",
    )


def blank(questionnaire: Questionnaire, head_name: str | None = None) -> Entry:
    """A new household: one person, line 1, the head (named as listed, when the listing says)."""
    person: dict[str, str] = {}
    persons = questionnaire.persons
    if head_name and "name" in persons.by_name:
        person["name"] = head_name
    relationship = persons.by_name.get("relationship")
    if relationship is not None and relationship.codes:
        person["relationship"] = text(relationship.codes[0].value)
    return Entry({}, [person], [])


def from_records(
    questionnaire: Questionnaire,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    explanations: Iterable[Mapping[str, Any]] = (),
) -> Entry:
    """The entry of a stored version (typed tables of one household)."""
    hh_items, person_items = questions(questionnaire)
    row = households.iloc[0]
    household = {item.name: text(row[item.name]) for item in hh_items}
    people = [
        {item.name: text(person[item.name]) for item in person_items}
        for _, person in persons.sort_values("line_no").iterrows()
    ]
    notes = [
        {
            "rule_id": str(note["rule_id"]),
            "line_no": None if pd.isna(note["line_no"]) else int(note["line_no"]),
            "text": str(note["text"]),
        }
        for note in explanations
    ]
    return Entry(
        {k: v for k, v in household.items() if v},
        [{k: v for k, v in p.items() if v} for p in people],
        notes,
    )


def text(value: Any) -> str:
    """A stored value as the form shows it ('' for blank; 3 not 3.0)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
