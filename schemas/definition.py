"""The questionnaire definition: a validated model of the survey's items, tables and codes.

A definition is data (``questionnaire.yaml``). Loading it checks that it is coherent — unique item
names, known items in every universe, codes or ranges where a type needs them — and refuses it with
a message that names the table and item at fault.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.expressions import Expression, ExpressionError, parse
from schemas.roles import Role, checked_roles


class Label(BaseModel):
    """A text in Simplified Chinese and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class ItemType(StrEnum):
    INTEGER = "integer"
    NUMBER = "number"
    TEXT = "text"


class Code(BaseModel):
    model_config = ConfigDict(frozen=True)
    value: int | str
    label: Label


class Item(BaseModel):
    """One question (or identifier) of a table."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    name: str
    label: Label
    type: ItemType
    number: str | None = None
    hint: Label | None = None
    codes: tuple[Code, ...] | None = None
    range: tuple[float, float] | None = None
    max_length: int | None = None
    pattern: str | None = None
    universe: str | None = None
    required: bool = True
    identifier: bool = False
    uppercase: bool = False

    @field_validator("name")
    @classmethod
    def _name_is_identifier(cls, name: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise ValueError(f"item name {name!r} must be lower-case letters, digits and _")
        return name

    @field_validator("codes", mode="before")
    @classmethod
    def _codes_from_mapping(cls, codes: Any) -> Any:
        """Accept the compact YAML form ``{1: [zh, en], ...}``."""
        if isinstance(codes, dict):
            return [
                {"value": value, "label": {"zh": str(pair[0]), "en": str(pair[1])}}
                if isinstance(pair, list | tuple)
                else {"value": value, "label": pair}
                for value, pair in codes.items()
            ]
        return codes

    @model_validator(mode="after")
    def _coherent(self) -> Item:
        if self.codes is not None:
            if not self.codes:
                raise ValueError(f"item {self.name!r} has an empty code list")
            values = [c.value for c in self.codes]
            if len(set(values)) != len(values):
                raise ValueError(f"item {self.name!r} lists a code twice")
            wanted = int if self.type == ItemType.INTEGER else str
            wrong = [v for v in values if not isinstance(v, wanted)]
            if wrong:
                raise ValueError(
                    f"item {self.name!r} is of type {self.type.value} but has codes {wrong!r}"
                )
            if self.type == ItemType.NUMBER:
                raise ValueError(f"item {self.name!r}: a number item cannot have codes")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(
                f"item {self.name!r} has range {list(self.range)} whose minimum exceeds its maximum"
            )
        if self.type in (ItemType.INTEGER, ItemType.NUMBER) and not (self.codes or self.range):
            raise ValueError(f"item {self.name!r} is numeric and needs either codes or a range")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"item {self.name!r} has a bad pattern: {exc}") from None
        return self

    @cached_property
    def universe_expr(self) -> Expression | None:
        return parse(self.universe) if self.universe else None

    @cached_property
    def code_values(self) -> tuple[int | str, ...]:
        return tuple(c.value for c in self.codes or ())

    def code_label(self, value: int | str, lang: str) -> str | None:
        for code in self.codes or ():
            if code.value == value:
                return code.label(lang)
        return None


class DerivedKind(StrEnum):
    AGE = "age"


class Derived(BaseModel):
    """A variable computed from items (e.g. age from birth year and month)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    name: str
    table: str
    kind: DerivedKind
    from_: tuple[str, ...] = Field(alias="from")
    label: Label


class Table(BaseModel):
    """A record level (households, persons) or a frame file (eas, listing)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    label: Label
    key: tuple[str, ...]
    items: tuple[Item, ...]
    parent: str | None = None
    frame: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> Table:
        names = [item.name for item in self.items]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise ValueError(f"table {self.name!r}: item {name!r} is defined twice")
            seen.add(name)
        for name in self.key:
            if name not in seen:
                raise ValueError(
                    f"table {self.name!r}: key column {name!r} is not one of its items"
                )
        return self

    @cached_property
    def by_name(self) -> dict[str, Item]:
        return {item.name: item for item in self.items}

    @property
    def columns(self) -> list[str]:
        return [item.name for item in self.items]

    @property
    def questions(self) -> list[Item]:
        """The items an enumerator answers: all but the key columns."""
        return [item for item in self.items if item.name not in self.key]


class Reference(BaseModel):
    """The census moment: 00:00 on the first day of ``month`` of ``year``."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    year: int = Field(ge=1900, le=2200)
    month: int = Field(ge=1, le=12)

    @property
    def months(self) -> int:
        """The census moment as a month count (year * 12 + month - 1)."""
        return self.year * 12 + self.month - 1


class SexThresholds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    male: int
    female: int


class RuleParams(BaseModel):
    """Thresholds of the edit rules marked *(param)* in spec/rules.md, with their defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    max_household_size: int = 10
    floor_area_per_person: tuple[float, float] = (3, 200)
    age_warning: int = 100
    marriage_age: SexThresholds = SexThresholds(male=22, female=20)
    education_min_age: dict[int, int] = Field(
        default_factory=lambda: {4: 12, 5: 15, 6: 17, 7: 17, 8: 21, 9: 24}
    )
    preschool_max_age: int = 15
    elderly_work_age: int = 80
    spouse_age_gap: int = 20
    child_min_gap: int = 12
    parent_min_gap: int = 12
    grand_min_gap: int = 24
    max_children_born: int = 15
    min_mother_age: int = 12
    listing_person_tolerance: int = 2
    sex_ratio: tuple[float, float] = (80, 125)
    sex_ratio_min_persons: int = 100
    whipple_max: float = 125
    k_anonymity: int = 3
    top_code_age: int = 95
    time_away_min_months: dict[int, int] = Field(
        default_factory=lambda: {2: 0, 3: 6, 4: 12, 5: 24, 6: 36, 7: 48, 8: 60, 9: 120}
    )
    """Shortest duration, in months, of each code of the ``time_away`` role (rules.md P-02)."""


class Questionnaire(BaseModel):
    """A whole survey definition."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    version: str
    title: Label
    reference: Reference
    tables: dict[str, Table]
    derived: tuple[Derived, ...] = ()
    params: RuleParams = Field(default_factory=RuleParams)
    roles: dict[str, Role] = Field(default_factory=dict)
    """Which items play which part in the edit rules (spec/roles.md)."""

    @model_validator(mode="before")
    @classmethod
    def _name_tables(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("tables"), dict):
            data = dict(data)
            data["tables"] = {
                name: {"name": name, **table} if isinstance(table, dict) else table
                for name, table in data["tables"].items()
            }
        return data

    @model_validator(mode="after")
    def _coherent(self) -> Questionnaire:
        for required in ("households", "persons"):
            if required not in self.tables:
                raise ValueError(f"the definition needs a table named {required!r}")
        for table in self.tables.values():
            if table.parent is not None and table.parent not in self.tables:
                raise ValueError(f"table {table.name!r} names unknown parent {table.parent!r}")
        for derived in self.derived:
            owner = self.tables.get(derived.table)
            if owner is None:
                raise ValueError(f"derived {derived.name!r} names unknown table {derived.table!r}")
            for source in derived.from_:
                if source not in owner.by_name:
                    raise ValueError(
                        f"derived {derived.name!r} reads {source!r}, not an item of {owner.name!r}"
                    )
            if derived.name in owner.by_name:
                raise ValueError(f"derived {derived.name!r} clashes with an item of that name")
        for table in self.tables.values():
            known = self.names_visible_from(table.name)
            for item in table.items:
                if item.universe is None:
                    continue
                try:
                    expr = parse(item.universe)
                except ExpressionError as exc:
                    raise ValueError(f"{table.name}.{item.name}: universe {exc}") from None
                unknown = sorted(expr.names - known)
                if unknown:
                    raise ValueError(
                        f"{table.name}.{item.name}: universe {item.universe!r} names unknown "
                        f"item(s) {', '.join(unknown)}"
                    )
        object.__setattr__(self, "roles", checked_roles(self))  # codes in their items' types
        return self

    def __hash__(self) -> int:  # equal definitions share id and version
        return hash((self.id, self.version))

    def names_visible_from(self, table_name: str) -> set[str]:
        """Items (and derived variables) a universe in ``table_name`` may name: its own and its
        parent tables'."""
        names: set[str] = set()
        current: str | None = table_name
        while current is not None:
            table = self.tables[current]
            names |= set(table.by_name)
            names |= {d.name for d in self.derived if d.table == current}
            current = table.parent
        return names

    @property
    def households(self) -> Table:
        return self.tables["households"]

    @property
    def persons(self) -> Table:
        return self.tables["persons"]

    @property
    def record_tables(self) -> list[Table]:
        return [t for t in self.tables.values() if not t.frame]

    def item(self, name: str, table: Literal["households", "persons"] | str = "persons") -> Item:
        return self.tables[table].by_name[name]
