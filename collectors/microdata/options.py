"""The choices the data cannot tell: which columns identify households, EAs and persons."""

from __future__ import annotations

from dataclasses import dataclass

from schemas import Reference


@dataclass(frozen=True)
class Options:
    """``household_id`` names the column(s) whose values identify a household; ``ea`` the
    column of the EA (else every household is in ``ea_id``); ``line`` the person's line number
    (else the person's order within the household); ``household_columns`` the household-level
    columns (else those constant within every household); ``codes`` / ``text`` force a column to
    a code list / free text; ``weight`` the design weight, ``stratum`` the sampling stratum."""

    household_id: tuple[str, ...]
    ea: str | None = None
    ea_id: str | None = None
    line: str | None = None
    household_columns: tuple[str, ...] | None = None
    codes: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    weight: str | None = None
    stratum: str | None = None
    split_eas: bool = False
    reference: Reference | None = None
