"""The edit rules' view of a definition's roles: columns by role, codes by name.

A rule asks for ``ctx.roles.coded("relationship", "head")`` (a boolean per person) or
``ctx.roles.number("age")`` (float, NaN for blank), never for an item by name or a code by value;
its messages name role columns (``{sex}``, ``{age}``) through :meth:`RoleColumns.frame`.
Whatever the item's type (integer or text codes), the masks come out the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from schemas import Item, ItemType
from schemas.definition import DerivedKind
from schemas.roles import BIRTH_PARTS, ROLE_SPECS, Role, is_declared, role_fields
from validation.messages import Labels

if TYPE_CHECKING:
    from validation.context import Context


class RoleFrame:
    """The columns a rule's message may name: the table's own (keys) and its roles by role name
    (``sex``, ``age``, ``birth_year`` …). Enough of a frame for :func:`validation.findings.hits`."""

    def __init__(self, roles: RoleColumns, table: str, frame: pd.DataFrame) -> None:
        self._roles = roles
        self._table = table
        self._frame = frame

    def __getitem__(self, name: str) -> Any:
        if name in self._frame.columns and name in ("ea_id", "hh_no", "line_no"):
            return self._frame[name]
        return self._roles.series(name)

    def __len__(self) -> int:
        return len(self._frame)


class RoleColumns:
    """Role-based columns of one validation run (built on demand, cached)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._declared: dict[str, Role] = dict(ctx.q.roles)
        self._masks: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}

    # -- what is declared ------------------------------------------------------------------------

    def declared(self, name: str) -> bool:
        """Whether the definition declares the role; ``age`` is also given by ``birth``."""
        return is_declared(self._declared, name)

    def missing(self, names: Iterable[str]) -> list[str]:
        return [name for name in names if not self.declared(name)]

    def role(self, name: str) -> Role:
        return self._declared[name]

    def table(self, name: str) -> str:
        return ROLE_SPECS["birth" if name in BIRTH_PARTS else name].table

    def item(self, name: str) -> Item:
        """The role's item (for ``age`` given by ``birth``: none, raises ``KeyError``)."""
        role = self._declared[name]
        if role.item is None:
            raise KeyError(name)
        return self._ctx.q.tables[self.table(name)].by_name[role.item]

    def fields(self, *names: str) -> tuple[str, ...]:
        """The items the roles read, in order, once each (undeclared roles give none)."""
        return role_fields(self._declared, names)

    def joined(self, *names: str, first: Iterable[str] = ()) -> str:
        """:meth:`fields` joined by ``;`` as a finding's ``fields`` (after ``first``)."""
        return ";".join([*first, *(f for f in self.fields(*names) if f not in first)])

    # -- values ----------------------------------------------------------------------------------

    def _column(self, name: str) -> tuple[str, str]:
        """(table, item name) holding the role's values."""
        if name in BIRTH_PARTS:
            return "persons", str(getattr(self._declared["birth"], BIRTH_PARTS[name]))
        return self.table(name), str(self._declared[name].item)

    def number(self, name: str) -> np.ndarray:
        """A number role's values as float64, NaN for blank (``age`` derived from ``birth``)."""
        if name == "age" and "age" not in self._declared:
            return self._age_from_birth
        table, item = self._column(name)
        if self._ctx.q.tables[table].by_name[item].type == ItemType.TEXT:  # text codes
            numbers = pd.to_numeric(self._ctx.frame(table)[item], errors="coerce")
            return numbers.to_numpy(dtype="float64", na_value=np.nan)
        return self._ctx.number(table, item)

    def series(self, name: str) -> pd.Series:
        """The role's column as it is held (its item's dtype), for messages."""
        if name == "age" and "age" not in self._declared:
            derived = self._derived_age
            if derived is not None:
                return self._ctx.persons[derived]
            return pd.Series(self._age_from_birth, index=self._ctx.persons.index)
        table, item = self._column(name)
        return self._ctx.frame(table)[item]

    def filled(self, name: str) -> np.ndarray:
        table, item = self._column(name)
        return ~self._ctx.blank(table, item)

    def coded(self, name: str, *codes: str) -> np.ndarray:
        """Rows whose value is one of the named codes (all false when none of them is given or
        the role is not declared)."""
        key = (name, codes)
        if key not in self._masks:
            self._masks[key] = self._coded(name, codes)
        return self._masks[key]

    def _coded(self, name: str, codes: tuple[str, ...]) -> np.ndarray:
        if name not in self._declared:
            return np.zeros(len(self._ctx.frame(ROLE_SPECS[name].table)), dtype=bool)
        role = self._declared[name]
        values = [value for code in codes for value in role.values(code)]
        table, item_name = self._column(name)
        item = self._ctx.q.tables[table].by_name[item_name]
        if item.type == ItemType.TEXT:
            column = self._ctx.frame(table)[item_name]
            return column.isin([str(v) for v in values]).to_numpy(dtype=bool, na_value=False)
        numbers = [float(v) for v in values if not isinstance(v, str)]
        return np.isin(self._ctx.number(table, item_name), numbers)

    def code_value(self, name: str, code: str) -> int | str | None:
        """The first value of a named code (for messages), None when it has none."""
        values = self._declared[name].values(code) if name in self._declared else ()
        return values[0] if values else None

    def code_text(self, name: str, *codes: str) -> str:
        """The values of the named codes as message text: ``0``, ``2, 3``."""
        role = self._declared.get(name)
        values = [v for code in codes for v in (role.values(code) if role else ())]
        return ", ".join(str(v) for v in values)

    def labels(self, name: str) -> Labels:
        """Each row's code label of the role's item (for messages)."""
        return Labels(self.item(name), self.series(name))

    @cached_property
    def sex(self) -> np.ndarray:
        """1.0 for male, 2.0 for female, NaN otherwise: sex compared whatever its codes."""
        return np.select(
            [self.coded("sex", "male"), self.coded("sex", "female")], [1.0, 2.0], np.nan
        )

    # -- age -------------------------------------------------------------------------------------

    @cached_property
    def _derived_age(self) -> str | None:
        """The definition's derived age from the birth role's items, if it has one."""
        birth = self._declared.get("birth")
        if birth is None:
            return None
        for derived in self._ctx.q.derived:
            if (
                derived.table == "persons"
                and derived.kind == DerivedKind.AGE
                and tuple(derived.from_) == (birth.year, birth.month)
            ):
                return derived.name
        return None

    @cached_property
    def _age_from_birth(self) -> np.ndarray:
        derived = self._derived_age
        if derived is not None:
            return self._ctx.p(derived)
        year, month = self.number("birth_year"), self.number("birth_month")
        ref = self._ctx.q.reference
        age = ref.year - year - (month >= ref.month)
        impossible = (month < 1) | (month > 12) | (year * 12 + month - 1 >= ref.months)
        return np.where(impossible, np.nan, age)

    def frame(self, table: str) -> RoleFrame:
        return RoleFrame(self, table, self._ctx.frame(table))
