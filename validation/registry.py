"""The rule catalogue: every edit rule is a registered, named :class:`Rule`.

A rule is a function of a :class:`~validation.context.Context` that returns the rows it finds
(built with :func:`validation.findings.hits`); the registry adds its id and severity. Rules are
declared with the :func:`rule` decorator in the modules of :mod:`validation.rules`::

    @rule("S-04", "error", fields=("n_present", "n_away"),
          en="n_present + n_away differs from the number of person rows",
          zh="现住人数与户口在本户外出人数之和与人的记录数不符")
    def persons_counted(ctx: Context) -> pd.DataFrame: ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import pandas as pd

from schemas import Label

if TYPE_CHECKING:
    from validation.context import Context


class Severity(StrEnum):
    """How a finding weighs on the household (see spec/rules.md)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Needs(StrEnum):
    """Inputs a rule needs beyond the household and person tables."""

    LISTING = "listing"
    EAS = "eas"
    AGGREGATES = "aggregates"  # batch-only signals, asked for with ``aggregates=True``
    FINDINGS = "findings"  # the findings of every other rule (runs last)


Check = Callable[["Context"], pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    """One edit rule: a stable id, a severity, the fields it names and what it checks."""

    id: str
    severity: Severity
    fields: tuple[str, ...]
    title: Label
    check: Check = field(repr=False)
    needs: frozenset[Needs] = frozenset()
    supersedes: tuple[str, ...] = ()
    """Rules whose finding on the same cell this rule's finding replaces (one problem, one
    finding): e.g. V-04 on ``birth_year`` replaces V-03's range finding on that cell."""

    def run(self, ctx: Context) -> pd.DataFrame:
        """The rule's findings with ``rule_id``, ``severity`` and default ``fields`` filled in."""
        found = self.check(ctx)
        if found.empty:
            return found
        found = found.assign(rule_id=self.id, severity=self.severity.value)
        named = [f for f in self.fields if f in ctx.field_names]  # items this survey has
        found["fields"] = found["fields"].fillna(";".join(named))  # "" when it has none of them
        return found


FAMILIES = ("V", "ID", "S", "P", "R", "F", "C", "A")
"""Rule families in the order of spec/rules.md."""


def catalogue_order(rule_id: str) -> tuple[int, str]:
    family = rule_id.split("-")[0]
    return (FAMILIES.index(family) if family in FAMILIES else len(FAMILIES), rule_id)


class Registry(Mapping[str, Rule]):
    """The rules by id, in catalogue order (V, ID, S, P, R, F, C, A; by number within)."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._rules, key=catalogue_order))

    def __len__(self) -> int:
        return len(self._rules)

    def add(self, new: Rule) -> Rule:
        if new.id in self._rules:
            raise ValueError(f"rule {new.id} is registered twice")
        self._rules[new.id] = new
        return new

    def catalogue(self) -> pd.DataFrame:
        """One row per rule: id, severity, fields and the bilingual description."""
        return pd.DataFrame(
            {
                "rule_id": [r.id for r in self.values()],
                "severity": [r.severity.value for r in self.values()],
                "fields": [";".join(r.fields) for r in self.values()],
                "description_en": [r.title.en for r in self.values()],
                "description_zh": [r.title.zh for r in self.values()],
            },
            dtype="string",
        )


RULES = Registry()
"""Every rule of the catalogue (populated by importing :mod:`validation.rules`)."""


def rule(
    rule_id: str,
    severity: Severity | str,
    *,
    en: str,
    zh: str,
    fields: tuple[str, ...] = (),
    needs: tuple[Needs, ...] = (),
    supersedes: tuple[str, ...] = (),
) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``rule_id`` of :data:`RULES`."""

    def register(check: Check) -> Check:
        RULES.add(
            Rule(
                id=rule_id,
                severity=Severity(severity),
                fields=fields,
                title=Label(en=en, zh=zh),
                check=check,
                needs=frozenset(needs),
                supersedes=supersedes,
            )
        )
        return check

    return register
