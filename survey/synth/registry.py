"""The catalogue of error injectors: one function per rule id, registered by decorator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from survey.synth.edits import Editor


@dataclass(frozen=True)
class Injected:
    """Where a problem was seeded: the household (or EA), the person if it is about one, and the
    fields changed."""

    ea_id: str
    hh_no: str | None
    line_no: int | None
    fields: tuple[str, ...]


Injector = Callable[[Editor], Injected]


class Registry(dict[str, Injector]):
    """Injectors by rule id; an instance is also the decorator that registers them."""

    def __call__(self, rule_id: str) -> Callable[[Injector], Injector]:
        def register(function: Injector) -> Injector:
            self[rule_id] = function
            return function

        return register


def at_person(row: pd.Series, *fields: str) -> Injected:
    """A person-level location from a context row (with ea_id, hh_no, line_no)."""
    return Injected(str(row["ea_id"]), str(row["hh_no"]), int(row["line_no"]), fields)


def at_household(row: pd.Series, *fields: str) -> Injected:
    return Injected(str(row["ea_id"]), str(row["hh_no"]), None, fields)
