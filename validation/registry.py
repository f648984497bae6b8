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

from schemas import Label, Questionnaire, default_questionnaire
from schemas.roles import ROLE_SPECS, is_declared, role_fields
from validation.wording import reword

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
_ROLE_NAMES = {*ROLE_SPECS, "birth_year", "birth_month"}


@dataclass(frozen=True)
class Rule:
    """One edit rule: a stable id, a severity, the fields it names and what it checks."""

    id: str
    severity: Severity
    roles: tuple[str, ...]
    """Roles (spec/roles.md) the rule reads: it applies exactly when all are declared."""
    title: Label
    check: Check = field(repr=False)
    fields: tuple[str, ...] = ()
    """Key items the rule names besides its roles' items (``line_no``, ``hh_no``)."""
    optional: tuple[str, ...] = ()
    """Roles read when declared (a part of the rule that needs them runs only then)."""
    either: tuple[tuple[str, ...], ...] = ()
    """Alternative sets of roles, one of which must be declared (S-04: the counts, or the
    reported household size)."""
    named: tuple[str, ...] | None = None
    """The roles whose items a finding names by default, when not all the roles it reads."""
    scheme: str | None = None
    """The ID number scheme the rule checks (``gb11643``), for the ID rules."""
    needs: frozenset[Needs] = frozenset()
    supersedes: tuple[str, ...] = ()
    """Rules whose finding on the same cell this rule's finding replaces (one problem, one
    finding): e.g. V-04 on ``birth_year`` replaces V-03's range finding on that cell."""

    def missing(self, q: Questionnaire) -> list[str]:
        """Why the rule does not apply to ``q``: the roles it reads that ``q`` does not declare
        (``a + b or c`` for alternatives); empty when it applies."""
        out = [name for name in self.roles if not is_declared(q.roles, name)]
        items = {name for table in q.tables.values() for name in table.by_name}
        out += [f"item {name}" for name in self.fields if name not in items]
        if self.scheme and "id_number" in q.roles and q.roles["id_number"].scheme != self.scheme:
            out.append(f"id_number with scheme {self.scheme}")
        if self.either and not any(
            all(is_declared(q.roles, name) for name in group) for group in self.either
        ):
            out.append(" or ".join(" + ".join(group) for group in self.either))
        return out

    def fields_in(self, q: Questionnaire) -> tuple[str, ...]:
        """The items of ``q`` the rule names: its key items, then its roles' items."""
        roles = self.named if self.named is not None else self.roles
        roles = (*roles, *(name for group in self.either for name in group))
        found = role_fields(q.roles, roles)
        return (*self.fields, *(name for name in found if name not in self.fields))

    def run(self, ctx: Context) -> pd.DataFrame:
        """The rule's findings with ``rule_id``, ``severity`` and default ``fields`` filled in,
        their messages in the questionnaire's words (:func:`validation.wording.reword`)."""
        found = self.check(ctx)
        if found.empty:
            return found
        found = found.assign(rule_id=self.id, severity=self.severity.value)
        found["fields"] = found["fields"].fillna(";".join(self.fields_in(ctx.q)))
        return reword(ctx.q, found)


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

    def catalogue(self, q: Questionnaire | None = None) -> pd.DataFrame:
        """One row per rule: id, severity, the roles it reads, the fields it names in ``q``
        (the default questionnaire when not given) and the bilingual description."""
        q = q or default_questionnaire()
        return pd.DataFrame(
            {
                "rule_id": [r.id for r in self.values()],
                "severity": [r.severity.value for r in self.values()],
                "roles": [_roles_text(r) for r in self.values()],
                "fields": [";".join(r.fields_in(q)) for r in self.values()],
                "description_en": [r.title.en for r in self.values()],
                "description_zh": [r.title.zh for r in self.values()],
            },
            dtype="string",
        )


def applying(registry: Registry, q: Questionnaire) -> pd.DataFrame:
    """One row per rule: whether it applies to ``q`` and, when not, why (the roles ``q`` does
    not declare). Rules needing the listing, the EA frame or the batch signals say so."""
    runs_with = {
        Needs.LISTING: "with the listing",
        Needs.EAS: "with the EA frame",
        Needs.AGGREGATES: "in a batch check",
    }
    rows = []
    for r in registry.values():
        missing = r.missing(q)
        when = [runs_with[need] for need in sorted(r.needs) if need in runs_with]
        rows.append(
            {
                "rule_id": r.id,
                "applies": "no" if missing else "yes",
                "why": ("needs " + ", ".join(missing))
                if missing
                else ("runs " + " and ".join(when) if when else ""),
            }
        )
    return pd.DataFrame(rows, dtype="string")


def _roles_text(r: Rule) -> str:
    parts = list(r.roles)
    if r.either:
        parts.append(" or ".join("+".join(group) for group in r.either))
    parts += [f"({name})" for name in r.optional]
    return ", ".join(parts)


RULES = Registry()
"""Every rule of the catalogue (populated by importing :mod:`validation.rules`)."""


def rule(
    rule_id: str,
    severity: Severity | str,
    *,
    en: str,
    zh: str,
    roles: tuple[str, ...] = (),
    fields: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    either: tuple[tuple[str, ...], ...] = (),
    named: tuple[str, ...] | None = None,
    scheme: str | None = None,
    needs: tuple[Needs, ...] = (),
    supersedes: tuple[str, ...] = (),
) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``rule_id`` of :data:`RULES`."""

    unknown = [n for n in (*roles, *optional, *sum(either, ())) if n not in _ROLE_NAMES]
    if unknown:
        raise ValueError(f"rule {rule_id} reads unknown role(s) {', '.join(unknown)}")

    def register(check: Check) -> Check:
        RULES.add(
            Rule(
                id=rule_id,
                severity=Severity(severity),
                roles=roles,
                fields=fields,
                optional=optional,
                either=either,
                named=named,
                scheme=scheme,
                title=Label(en=en, zh=zh),
                check=check,
                needs=frozenset(needs),
                supersedes=supersedes,
            )
        )
        return check

    return register
