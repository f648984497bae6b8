"""The household form, generated from the questionnaire definition, and reading it back.

Every question becomes a field: code lists as radio buttons (few codes) or a select (many),
numbers as numeric inputs with the item's range, text with its length. A field with a universe
carries it as a JSON expression tree (``data-universe``, read by web/static/expr.js) for live
skip logic; without JavaScript the server
applies the same universes on every round trip. Names: ``h.<item>`` for the household,
``p<line>.<item>`` for persons, ``x.<rule>.<line>`` for explanations of warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import abort
from werkzeug.datastructures import MultiDict

from schemas import Item, ItemType, Label, Questionnaire
from survey import Comment, Entry, Finding, HouseholdPage, Severity

RADIO_MAX_CODES = 6
ROSTER_ROLES = ("name", "relationship", "sex", "age")  # the roster table's columns, by role
WHOLE_NUMBER = re.compile(r"[0-9]{1,100}")
NOT_A_NUMBER = "not-a-number"  # the description of a 400 for a number that is not one
PERSON_NAME = re.compile(r"p(\d+)\.(\w+)$")
EXPLANATION_NAME = re.compile(r"x\.([\w-]+)\.(\d+)$")
ROW_MARKER = "_row"


@dataclass(frozen=True)
class Field:
    item: Item
    widget: str  # radio | select | number | text
    attrs: dict[str, str]
    universe_json: str | None

    @property
    def name(self) -> str:
        return self.item.name


def widget(item: Item) -> str:
    if item.codes:
        return "radio" if len(item.codes) <= RADIO_MAX_CODES else "select"
    if item.type in (ItemType.INTEGER, ItemType.NUMBER):
        return "number"
    return "text"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def input_attrs(item: Item) -> dict[str, str]:
    attrs: dict[str, str] = {}
    if item.codes:
        return attrs
    if item.type in (ItemType.INTEGER, ItemType.NUMBER):
        attrs["type"] = "number"
        attrs["inputmode"] = "numeric" if item.type == ItemType.INTEGER else "decimal"
        attrs["step"] = "1" if item.type == ItemType.INTEGER else "any"
        if item.range is not None:
            attrs["min"], attrs["max"] = _number(item.range[0]), _number(item.range[1])
        return attrs
    attrs["type"] = "text"
    if item.max_length:
        attrs["maxlength"] = str(item.max_length)
    if item.pattern:
        attrs["pattern"] = item.pattern.removeprefix("^").removesuffix("$")
    if item.identifier:
        attrs["autocomplete"] = "off"
    return attrs


def fields(items: Iterable[Item]) -> list[Field]:
    return [
        Field(
            item,
            widget(item),
            input_attrs(item),
            item.universe_expr.to_json() if item.universe_expr is not None else None,
        )
        for item in items
    ]


@dataclass(frozen=True)
class RosterColumn:
    """A column of the form's roster table: a person item or a derived variable (age from the
    birth year and month), named and labelled as the questionnaire says."""

    name: str
    label: Label


def roster_columns(q: Questionnaire) -> list[RosterColumn]:
    """The items playing the roles of name, relationship, sex and age (spec/roles.md), in that
    order; age is the derived age when the questionnaire asks for the birth year and month."""
    persons = q.persons.by_name
    columns: list[RosterColumn] = []
    for role_name in ROSTER_ROLES:
        role = q.roles.get(role_name)
        if role is not None and role.item in persons:
            columns.append(RosterColumn(role.item, persons[role.item].label))
        elif role_name == "age" and "birth" in q.roles:
            born = q.roles["birth"].items
            columns.extend(
                RosterColumn(d.name, d.label)
                for d in q.derived
                if d.table == q.persons.name and d.kind.value == "age" and d.from_ == born
            )
    return columns


def line_label(q: Questionnaire) -> Label | None:
    """The label of the persons' line number: their key item beyond the household's."""
    lines = [name for name in q.persons.key if name not in q.households.key]
    items = {item.name: item for item in q.persons.items}
    return items[lines[0]].label if lines and lines[0] in items else None


@dataclass(frozen=True)
class FormSpec:
    household: list[Field]
    persons: list[Field]
    derived: list[dict[str, Any]]
    reference: dict[str, int]
    roster: list[RosterColumn] = field(default_factory=list)
    roster_line: Label | None = None

    def script_config(self, ea_id: str, hh_no: str) -> dict[str, Any]:
        """What the form's JavaScript needs beyond the fields' own attributes: derived
        variables, the census moment, and the household's key (universes may read it)."""
        keys = {"ea_id": ea_id, "hh_no": hh_no}
        return {"derived": self.derived, "reference": self.reference, "keys": keys}


def form_spec(q: Questionnaire) -> FormSpec:
    return FormSpec(
        household=fields(q.households.questions),
        persons=fields(q.persons.questions),
        derived=[
            {"name": d.name, "table": d.table, "kind": d.kind.value, "from": list(d.from_)}
            for d in q.derived
        ],
        reference={"year": q.reference.year, "month": q.reference.month},
        roster=roster_columns(q),
        roster_line=line_label(q),
    )


def whole_number(text: str | None, *, refuse: bool = True) -> int | None:
    """A whole number carried in a form or a query (a line, a version, a count); None when blank.

    Anything else ("²", "-1", "1.5") is refused with a 400 page saying so, or with ``refuse=False``
    read as blank. Only ASCII digits count: ``"²".isdigit()`` is true but ``int("²")`` fails."""
    text = (text or "").strip()
    if not text:
        return None
    if WHOLE_NUMBER.fullmatch(text):
        return int(text)
    if refuse:
        abort(400, description=NOT_A_NUMBER)
    return None


def parse_entry(form: MultiDict[str, str], q: Questionnaire) -> Entry:
    """The entry typed into the posted form (unknown names are ignored)."""
    household = {
        item.name: form.get(f"h.{item.name}", "").strip() for item in q.households.questions
    }
    person_names = set(q.persons.by_name) | {ROW_MARKER}
    rows: dict[int, dict[str, str]] = {}
    for name in form:
        match = PERSON_NAME.match(name)
        if match and match.group(2) in person_names:
            row = rows.setdefault(int(match.group(1)), {})
            if match.group(2) != ROW_MARKER:
                row[match.group(2)] = form.get(name, "").strip()
    notes = []
    for name in form:
        match = EXPLANATION_NAME.match(name)
        text = form.get(name, "").strip()
        if match and text:
            line = int(match.group(2))
            notes.append({"rule_id": match.group(1), "line_no": line or None, "text": text})
    return Entry(
        {k: v for k, v in household.items() if v},
        [{k: v for k, v in rows[i].items() if v} for i in sorted(rows)],
        notes,
    )


@dataclass
class Placement:
    """Where each finding and return comment shows on the form.

    A finding sits once, beside the first field it names (on its person's row when it names a
    line); the other fields it names point to it. One that names no field of the form is listed
    at the top. A warning's explanation box sits beside the finding."""

    beside: dict[tuple[int, str], list[Finding]] = field(default_factory=dict)
    pointers: dict[tuple[int, str], list[tuple[Finding, str, str]]] = field(default_factory=dict)
    explain_at: dict[tuple[int, str], list[Finding]] = field(default_factory=dict)
    top: list[Finding] = field(default_factory=list)
    comments: dict[tuple[int, str], list[Comment]] = field(default_factory=dict)
    general_comments: list[Comment] = field(default_factory=list)
    anchors: dict[Finding, str] = field(default_factory=dict)

    def anchor(self, finding: Finding) -> str | None:
        """The id of the field a finding sits beside, to jump there from the summary."""
        return self.anchors.get(finding)

    def at(self, line: int, name: str) -> list[Finding]:
        return self.beside.get((line, name), [])

    def pointers_at(self, line: int, name: str) -> list[tuple[Finding, str, str]]:
        """(finding, anchor, item name) of findings shown beside another field than this one."""
        return self.pointers.get((line, name), [])

    def explanations_at(self, line: int, name: str) -> list[Finding]:
        return self.explain_at.get((line, name), [])

    def comments_at(self, line: int, name: str) -> list[Comment]:
        return self.comments.get((line, name), [])

    def severity_at(self, line: int, name: str) -> str | None:
        here = self.at(line, name) + [p[0] for p in self.pointers_at(line, name)]
        found = {f.severity for f in here if not f.waived}
        for severity in (Severity.ERROR, Severity.WARNING):
            if severity in found:
                return severity
        return None


def place(page: HouseholdPage, q: Questionnaire) -> Placement:
    """Findings and comments of the page mapped to (line, field); line 0 is the household."""
    out = Placement()
    hh_names = {i.name for i in q.households.questions}
    person_names = {i.name for i in q.persons.questions}
    lines = len(page.entry.persons)
    for finding in page.findings:
        if finding.severity not in (Severity.ERROR, Severity.WARNING):
            continue
        spots = _spots(finding.line_no, finding.fields, hh_names, person_names, lines)
        if not spots:
            out.top.append(finding)
            continue
        line, name = spots[0]
        anchor = f"f-p{line}-{name}" if line else f"f-h-{name}"
        out.beside.setdefault(spots[0], []).append(finding)
        for spot in dict.fromkeys(spots[1:]):
            if spot != spots[0]:
                out.pointers.setdefault(spot, []).append((finding, anchor, name))
        out.anchors[finding] = anchor
        if finding.severity == Severity.WARNING:
            out.explain_at.setdefault(spots[0], []).append(finding)
    # The comments of the return the enumerator is answering sit beside their fields; once the
    # household is resubmitted every comment stays listed with its version (its history).
    latest = [c for c in page.comments if c.version == page.version] if page.returned else []
    out.general_comments.extend(c for c in page.comments if not page.returned and c.text)
    if latest:
        for comment in latest:
            spots = _spots(
                comment.line_no,
                (comment.field,) if comment.field else (),
                hh_names,
                person_names,
                lines,
            )
            if spots:
                out.comments.setdefault(spots[0], []).append(comment)
            else:
                out.general_comments.append(comment)
    return out


def _spots(
    line_no: int | None,
    names: Iterable[str],
    hh_names: set[str],
    person_names: set[str],
    lines: int,
) -> list[tuple[int, str]]:
    if line_no is not None and 1 <= line_no <= lines:
        return [(line_no, n) for n in names if n in person_names]
    return [(0, n) for n in names if n in hh_names]
