"""What every rule reads: the typed tables and shared, cached column work.

The household key is resolved once: each person row gets the position of its household row
(``-1`` when there is none), so per-household counts are ``np.bincount`` and household values
reach persons by ``take`` — no merge per rule and no loop over households.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, TypedDict, TypeVar, Unpack, cast

import numpy as np
import pandas as pd

from schemas import CELL_ERROR_COLUMNS, ItemType, Questionnaire, RuleParams, Table, with_derived
from schemas.definition import DerivedKind
from schemas.keys import key_codes, lookup_rows
from validation import text
from validation.roles import RoleColumns, RoleFrame
from validation.universes import Applicability, applicability

T = TypeVar("T")

HOUSEHOLD_KEY = ["ea_id", "hh_no"]
ALL_DIED = "999"
"""``hh_no`` of a household all of whose members died in the reference year."""

_TEXT = pd.StringDtype("pyarrow")
_TARGET = {
    ItemType.INTEGER: pd.Int64Dtype(),
    ItemType.NUMBER: pd.Float64Dtype(),
    ItemType.TEXT: _TEXT,
}


def typed(table: Table, frame: pd.DataFrame, *, partial: bool = False) -> pd.DataFrame:
    """``frame`` with every item of ``table`` in its definition dtype (extra columns kept).

    Raises ``ValueError`` for a missing column or a column that cannot hold its item's type:
    those are misuse (tables must come through ``collectors``), not bad data. A frame table
    (listing, EAs) may leave out columns other than its key: the rules read only the key and
    ``expected_persons``, so those are taken as blank. ``partial`` types only the items the
    frame has (the survey-wide pass of :mod:`validation.chunked` reads a few columns).
    """
    missing = [name for name in table.columns if name not in frame.columns]
    if partial:
        missing = []
    if table.frame and not set(missing) & set(table.key):
        frame = frame.assign(**{name: pd.NA for name in missing})
        missing = []
    if missing:
        raise ValueError(f"the {table.name} table lacks column(s) {', '.join(missing)}")
    have = frame.dtypes
    changes: dict[str, object] = {
        item.name: _TARGET[item.type]
        for item in table.items
        if item.name in have and have[item.name] != _TARGET[item.type]
    }
    plain = isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0
    out = frame if plain and frame.index.step == 1 else frame.reset_index(drop=True)
    if changes:
        try:
            out = out.astype(changes)
        except (TypeError, ValueError):
            raise ValueError(
                f"the {table.name} table has column(s) {', '.join(changes)} that are not of their "
                "item's type; read the data through the collectors first"
            ) from None
    if len(out) > 1000:
        rechunked = {
            item.name: _one_chunk(out[item.name])
            for item in table.items
            if item.type == ItemType.TEXT and item.name in out.columns
        }
        out = out.assign(
            **{name: column for name, column in rechunked.items() if column is not None}
        )
    return out


def _one_chunk(column: pd.Series) -> pd.Series | None:
    """The column's arrow strings in one chunk, or None when they are already (string kernels
    over thousands of chunks, as left by concatenating many small frames, are slow)."""
    chunked = column.array.__arrow_array__()
    if chunked.num_chunks <= 1:
        return None
    return pd.Series(
        pd.arrays.ArrowStringArray(chunked.combine_chunks()), index=column.index, name=column.name
    )


_CELL_ERROR_TYPES = {
    "table": _TEXT,
    "row": "Int64",
    "ea_id": _TEXT,
    "hh_no": _TEXT,
    "line_no": "Int64",
    "field": _TEXT,
    "value": _TEXT,
}
_NO_CELL_ERRORS = pd.DataFrame(
    {name: pd.Series(dtype=dtype) for name, dtype in _CELL_ERROR_TYPES.items()}
)


def typed_cell_errors(cell_errors: pd.DataFrame | None) -> pd.DataFrame:
    if cell_errors is None or cell_errors.empty:
        return _NO_CELL_ERRORS
    missing = [c for c in CELL_ERROR_COLUMNS if c not in cell_errors.columns]
    if missing:
        raise ValueError(f"cell_errors lacks column(s) {', '.join(missing)}")
    return cell_errors[CELL_ERROR_COLUMNS].reset_index(drop=True).astype(_CELL_ERROR_TYPES)


def _trusted_ages(q: Questionnaire, persons: pd.DataFrame) -> pd.DataFrame:
    """Blank the derived age where the birth date is impossible (month not 1–12, at or after
    the census moment, before the earliest birth year): that date is V-04's or V-03's finding,
    and an age of -1 would only make every age-dependent universe misfire."""
    for derived in q.derived:
        if derived.table != "persons" or derived.kind != DerivedKind.AGE:
            continue
        year_item = q.persons.by_name[derived.from_[0]]
        earliest = year_item.range[0] if year_item.range is not None else 1900
        year, month = (
            persons[name].to_numpy(dtype="float64", na_value=np.nan) for name in derived.from_
        )
        impossible = (
            (month < 1)
            | (month > 12)
            | (year * 12 + month - 1 >= q.reference.months)
            | (year < earliest)
        )
        if impossible.any():
            persons[derived.name] = persons[derived.name].mask(impossible)
    return persons


class Given(TypedDict, total=False):
    """What a validation run may be given beside the definition and its two record tables."""

    cell_errors: pd.DataFrame | None
    """Cells the collectors could not parse (``schemas.CELL_ERROR_COLUMNS``), reported as V-03."""
    listing: pd.DataFrame | None
    eas: pd.DataFrame | None
    aggregates: bool
    """Whether the info signals A-01 … A-04 run."""


class Context:
    """The inputs of one validation run and the column work rules share."""

    def __init__(
        self,
        q: Questionnaire,
        households: pd.DataFrame,
        persons: pd.DataFrame,
        *,
        partial: bool = False,
        **given: Unpack[Given],
    ) -> None:
        """``partial``: the tables hold only some items (rules reading others must not run)."""
        self.q = q
        self.params: RuleParams = q.params
        self.households_all = typed(q.households, households, partial=partial)
        first = np.ones(len(self.households_all), dtype=bool)
        if len(first) > 1:
            first = ~self.households_all.duplicated(HOUSEHOLD_KEY).to_numpy(dtype=bool)
        self.repeated_households = not first.all()
        self.households = (
            self.households_all[first].reset_index(drop=True)
            if self.repeated_households
            else self.households_all
        )
        self.persons = _trusted_ages(
            q, with_derived(q, "persons", typed(q.persons, persons, partial=partial))
        )
        self.cell_errors = typed_cell_errors(given.get("cell_errors"))
        listing, eas = given.get("listing"), given.get("eas")
        self.listing = None if listing is None else typed(q.tables["listing"], listing)
        self.eas = None if eas is None else typed(q.tables["eas"], eas)
        self.aggregates = given.get("aggregates", False)
        self.findings: pd.DataFrame | None = None
        self._numbers: dict[str, dict[str, np.ndarray]] = {}
        self._blanks: dict[str, dict[str, np.ndarray]] = {}
        self._dtypes: dict[str, dict[str, object]] = {}
        self._shared: dict[str, Any] = {}
        self.roles = RoleColumns(self)

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """Work several rules need (e.g. the ID numbers taken apart), done once per run."""
        if key not in self._shared:
            self._shared[key] = build()
        return cast(T, self._shared[key])

    # -- columns ---------------------------------------------------------------------------------

    def frame(self, table: str) -> pd.DataFrame:
        return self.households if table == "households" else self.persons

    def number(self, table: str, name: str) -> np.ndarray:
        """A numeric column as float64 with NaN for blank (comparisons with NaN are false)."""
        numbers = self._numbers.setdefault(table, {})
        if name not in numbers:
            numbers[name] = self.frame(table)[name].to_numpy(dtype="float64", na_value=np.nan)
        return numbers[name]

    def blank(self, table: str, name: str) -> np.ndarray:
        """Rows where the column is blank."""
        blanks = self._blanks.setdefault(table, {})
        if name not in blanks:
            if pd.api.types.is_numeric_dtype(self.dtypes(table)[name]):
                blanks[name] = np.isnan(self.number(table, name))
            else:
                blanks[name] = self.frame(table)[name].isna().to_numpy(dtype=bool)
        return blanks[name]

    def dtypes(self, table: str) -> dict[str, object]:
        """The column dtypes of a table (looked up once)."""
        if table not in self._dtypes:
            self._dtypes[table] = {str(k): v for k, v in self.frame(table).dtypes.items()}
        return self._dtypes[table]

    def matches(self, table: str, name: str, pattern: str) -> np.ndarray:
        """Rows of a text column matching ``pattern`` at their start (blanks do not); shared by
        the schema's pattern check and the rules that need the same match."""
        return self.shared(
            f"matches:{table}:{name}:{pattern}",
            lambda: text.matches(self.frame(table)[name], pattern),
        )

    def p(self, name: str) -> np.ndarray:
        """Numeric person column (e.g. ``ctx.p("age")``)."""
        return self.number("persons", name)

    def h(self, name: str) -> np.ndarray:
        """Numeric household column."""
        return self.number("households", name)

    def known(self, *columns: np.ndarray) -> np.ndarray:
        """Rows where every one of the float columns is filled."""
        out = np.ones(len(columns[0]), dtype=bool)
        for column in columns:
            out &= ~np.isnan(column)
        return out

    # -- households and their persons ------------------------------------------------------------

    @cached_property
    def known_names(self) -> frozenset[str]:
        """Items of the record tables and derived variables: what rules may read and name. Not
        the frames' items: an EA's ``name`` is not a ``name`` of persons."""
        records = [t for t in self.q.tables.values() if not t.frame]
        return frozenset([n for t in records for n in t.by_name] + [d.name for d in self.q.derived])

    @cached_property
    def field_names(self) -> frozenset[str]:
        """Every item of the survey (frames too) and derived variable: what a finding may name."""
        tables = self.q.tables.values()
        return frozenset([n for t in tables for n in t.by_name] + [d.name for d in self.q.derived])

    @cached_property
    def n_households(self) -> int:
        return len(self.households)

    @cached_property
    def household_of_person(self) -> np.ndarray:
        """Position of each person's household row, ``-1`` when there is none."""
        h_codes, p_codes = key_codes(self.households, self.persons)
        return lookup_rows(h_codes, p_codes)

    @cached_property
    def has_household(self) -> np.ndarray:
        return self.household_of_person >= 0

    def to_persons(self, values: np.ndarray, fill: float = np.nan) -> np.ndarray:
        """A per-household array spread to the persons of each household."""
        where = self.household_of_person
        if len(values) == 0:
            return np.full(len(where), fill, dtype=values.dtype)
        return np.where(where >= 0, values[np.maximum(where, 0)], fill)

    def household_column_for_persons(self, name: str) -> pd.Series:
        """A household column (its own dtype) aligned to the person rows; blank for orphans."""
        taken = self.households[name].array.take(self.household_of_person, allow_fill=True)
        return pd.Series(taken, index=self.persons.index, name=name)

    def count(self, person_mask: np.ndarray) -> np.ndarray:
        """Per household: how many of its persons satisfy ``person_mask``."""
        where = self.household_of_person[person_mask & self.has_household]
        return np.bincount(where, minlength=self.n_households)

    def total(self, person_values: np.ndarray) -> np.ndarray:
        """Per household: the sum of a person column (blanks count 0)."""
        use = self.has_household & ~np.isnan(person_values)
        return np.bincount(
            self.household_of_person[use], weights=person_values[use], minlength=self.n_households
        )

    @cached_property
    def roster_size(self) -> np.ndarray:
        """Person rows per household."""
        return self.count(np.ones(len(self.persons), dtype=bool))

    @cached_property
    def all_died(self) -> np.ndarray:
        """Households numbered 999 (all members died)."""
        return (self.households["hh_no"] == ALL_DIED).fillna(False).to_numpy(dtype=bool)

    @cached_property
    def family(self) -> np.ndarray:
        """Family households: the ``household_type`` role's family code; without that role,
        every household."""
        if not self.roles.declared("household_type"):
            return np.ones(self.n_households, dtype=bool)
        return self.roles.coded("household_type", "family")

    @cached_property
    def is_head(self) -> np.ndarray:
        """Persons whose relationship is the head's code."""
        return self.roles.coded("relationship", "head")

    @cached_property
    def head_count(self) -> np.ndarray:
        return self.count(self.is_head)

    @cached_property
    def head_row(self) -> np.ndarray:
        """Per household: the person row of its (first) head, ``-1`` when it has none."""
        heads = np.flatnonzero(self.is_head & self.has_household)
        out = np.full(self.n_households, -1, dtype=np.int64)
        households, first = np.unique(self.household_of_person[heads], return_index=True)
        out[households] = heads[first]
        return out

    def head_value(self, values: np.ndarray) -> np.ndarray:
        """For each person, the head of their household's value of a person column (NaN if
        the household has no head)."""
        head = self.to_persons(self.head_row, fill=-1)
        return np.where(head >= 0, values[np.maximum(head, 0)], np.nan)

    @cached_property
    def kin_household(self) -> np.ndarray:
        """Per person: in a family household with exactly one head (where R rules apply)."""
        per_household = self.family & (self.head_count == 1) & ~self.all_died
        return self.to_persons(per_household, fill=False).astype(bool)

    @property
    def people(self) -> RoleFrame:
        """The person rows as their roles (``sex``, ``age`` …) for messages."""
        return self.roles.frame("persons")

    @property
    def homes(self) -> RoleFrame:
        """The household rows as their roles (``persons_present`` …) for messages."""
        return self.roles.frame("households")

    # -- universes -------------------------------------------------------------------------------

    @cached_property
    def household_applicability(self) -> dict[str, Applicability]:
        table = self.q.households
        frame = self.households
        if any(derived.table == table.name for derived in self.q.derived):
            frame = with_derived(self.q, table.name, frame)
        return applicability(table, frame, blank=lambda name: self.blank(table.name, name))

    @cached_property
    def person_applicability(self) -> dict[str, Applicability]:
        table = self.q.persons
        names: set[str] = set()
        for item in table.items:
            if item.universe_expr is not None:
                names |= item.universe_expr.names
        own = set(table.by_name) | set(self.persons.columns)
        parent_names = sorted(name for name in names - own if name in self.q.households.by_name)
        frame = self.persons
        unknown: dict[str, np.ndarray] = {}
        if parent_names:
            frame = frame.assign(
                **{name: self.household_column_for_persons(name) for name in parent_names}
            )
            household = self.household_applicability
            for name in parent_names:
                state = household[name]
                should = self.blank("households", name) & (state.applicable | state.undecided)
                unknown[name] = self.to_persons(should, fill=True).astype(bool)
        return applicability(table, frame, unknown, lambda name: self.blank(table.name, name))

    def applicable(self, table: str) -> dict[str, Applicability]:
        return self.household_applicability if table == "households" else self.person_applicability
