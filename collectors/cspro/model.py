"""A CSPro data dictionary as read from either file format, before any conversion.

Only what the conversion and the data reader need is kept: levels, id items, records with their
record type and occurrences, items with their positions, and value sets. Positions are absolute
(1-based, as CSPro numbers them) whatever the dictionary's ``Positions`` setting was.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Texts:
    """A label in each of the dictionary's languages, keyed by language name (``""`` when the
    dictionary declares none)."""

    by_language: dict[str, str] = field(default_factory=dict)

    def first(self) -> str:
        return next((text for text in self.by_language.values() if text.strip()), "")


@dataclass(frozen=True)
class Pair:
    """One value (``to`` is None) or an inclusive range of a value set entry, as written."""

    start: str
    to: str | None = None


@dataclass(frozen=True)
class Value:
    """One entry of a value set: its label, its pairs and, for special values, which one
    (``MISSING``, ``NOTAPPL``, ``DEFAULT``, ``REFUSED``)."""

    label: Texts
    pairs: tuple[Pair, ...]
    special: str | None = None


@dataclass(frozen=True)
class ValueSet:
    name: str
    label: Texts
    values: tuple[Value, ...]


@dataclass(frozen=True)
class DictItem:
    name: str
    label: Texts
    start: int
    length: int
    numeric: bool
    decimals: int = 0
    decimal_mark: bool = False
    zero_fill: bool = False
    subitem: bool = False
    occurs: int = 1
    value_sets: tuple[ValueSet, ...] = ()

    @property
    def end(self) -> int:
        """The last position the item covers (all occurrences)."""
        return self.start + self.length * self.occurs - 1


@dataclass(frozen=True)
class Record:
    name: str
    label: Texts
    type_value: str
    required: bool
    max_records: int
    items: tuple[DictItem, ...]


@dataclass(frozen=True)
class Level:
    name: str
    label: Texts
    ids: tuple[DictItem, ...]
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Dictionary:
    """A whole dictionary; ``source`` names the file for messages, ``languages`` lists the
    language names in the dictionary's order."""

    name: str
    label: Texts
    record_type_start: int
    record_type_length: int
    levels: tuple[Level, ...]
    languages: tuple[str, ...] = ()
    source: str = "<dictionary>"
    fingerprint: str = ""
