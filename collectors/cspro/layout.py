"""Where each column of our tables sits in a CSPro data file: the result of a conversion that the
data reader follows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One column read from fixed positions of a line (``start`` is 1-based, as in CSPro).

    ``implied_decimals`` is set for numbers stored without a decimal mark (``0123`` → ``12.3``);
    ``blank_values`` are special values read as blank (``999`` Don't know)."""

    column: str
    cspro_name: str
    start: int
    length: int
    numeric: bool
    implied_decimals: int = 0
    blank_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordLayout:
    name: str
    type_value: str
    fields: tuple[Field, ...]
    max_records: int = 1


@dataclass(frozen=True)
class Layout:
    """A converted dictionary's data layout.

    ``ea_parts`` are the id items joined into ``ea_id`` (none: ``ea_id`` is ``0``), ``household``
    the id item that gives ``hh_no``, ``id_fields`` the other id items kept as household columns.
    Records of ``ignored_types`` are known to the dictionary but not converted."""

    dictionary: str
    type_start: int
    type_length: int
    ids_end: int
    ea_parts: tuple[Field, ...]
    household: Field
    id_fields: tuple[Field, ...]
    household_records: tuple[RecordLayout, ...]
    person_record: RecordLayout
    ignored_types: tuple[str, ...]
