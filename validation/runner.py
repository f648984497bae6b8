"""Running the catalogue: every applicable rule over the tables, one findings table out.

One household or the whole survey go through the same code. Rules that need the listing, the EA
frame or ``aggregates=True`` run only when given them; A-04 (rates per enumerator) runs last, over
the findings of the others.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Unpack

import numpy as np
import pandas as pd

from schemas import Questionnaire
from schemas.keys import shared_codes
from validation.context import Context, Given
from validation.figures import context_field_counts
from validation.findings import combine, sort_findings
from validation.registry import Needs, Rule
from validation.rules import catalogue


def applies(rule: Rule, ctx: Context) -> bool:
    """Whether the rule applies: it has the inputs it needs and the definition declares every
    role it reads (spec/roles.md)."""
    given = {
        Needs.LISTING: ctx.listing is not None,
        Needs.EAS: ctx.eas is not None,
        Needs.AGGREGATES: ctx.aggregates,
        Needs.FINDINGS: True,
    }
    return all(given[need] for need in rule.needs) and not rule.missing(ctx.q)


def _cells(findings: pd.DataFrame, fields: pd.Series) -> pd.Series:
    return (
        findings["ea_id"].fillna("")
        + "\x1f"
        + findings["hh_no"].fillna("")
        + "\x1f"
        + findings["line_no"].astype("string").fillna("")
        + "\x1f"
        + fields
    )


def supersede(findings: pd.DataFrame) -> pd.DataFrame:
    """Drop findings replaced by another rule's finding on the same cell (see
    :attr:`Rule.supersedes`): one problem, one finding."""
    rule_ids = findings["rule_id"].to_numpy(dtype=object)
    dropped = np.zeros(len(findings), dtype=bool)
    for winner in catalogue().values():
        if not winner.supersedes:
            continue
        won = rule_ids == winner.id
        lost = np.isin(rule_ids, winner.supersedes)
        if not (won.any() and lost.any()):
            continue
        winners = findings[won]
        exploded = winners.assign(field=winners["fields"].str.split(";")).explode("field")
        taken = _cells(exploded, exploded["field"].astype("string"))
        losers = findings[lost]
        lost_cells, taken_cells = shared_codes(_cells(losers, losers["fields"]), taken)
        same_cell = np.isin(lost_cells, taken_cells)
        dropped[np.flatnonzero(lost)[same_cell]] = True
    return findings[~dropped].reset_index(drop=True) if dropped.any() else findings


def validate(
    q: Questionnaire,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    skip: Collection[str] = (),
    **given: Unpack[Given],
) -> pd.DataFrame:
    """Apply every rule to typed household and person tables; one row per finding.

    ``cell_errors`` (columns ``schemas.CELL_ERROR_COLUMNS``) are cells the collectors could not
    parse: reported as V-03 with their raw text. ``listing`` enables C-01 … C-03, ``eas`` C-04,
    ``aggregates`` the info signals A-01 … A-04; rules whose id is in ``skip`` do not run (a
    submission's own check skips the survey-wide coverage rules). The result has the columns of
    :data:`~validation.findings.FINDING_COLUMNS`, sorted by ``ea_id``, ``hh_no``, ``line_no``,
    ``rule_id``. Raises ``ValueError`` when a table lacks a column of the definition or holds a
    column that is not of its item's type (misuse, not bad data).
    """
    return _run_rules(Context(q, households, persons, **given), skip)


def validate_with_counts(
    q: Questionnaire,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    skip: Collection[str] = (),
    **given: Unpack[Given],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`validate`'s findings and the households' :func:`~validation.figures.field_counts`
    from one context: the counts reuse the applicability the rules worked out."""
    ctx = Context(q, households, persons, **given)
    return _run_rules(ctx, skip), context_field_counts(ctx)


def _run_rules(ctx: Context, skip: Collection[str]) -> pd.DataFrame:
    rules = [r for r in catalogue().values() if r.id not in skip and applies(r, ctx)]
    first = [r for r in rules if Needs.FINDINGS not in r.needs]
    found = combine(r.run(ctx) for r in first)
    if not found.empty:
        found = supersede(found)
    return with_last(ctx, rules, found)


def with_last(ctx: Context, rules: list[Rule], found: pd.DataFrame) -> pd.DataFrame:
    """``found`` and the findings of those of ``rules`` that read every other finding (A-04),
    run last over ``found``; sorted as :func:`validate` sorts them."""
    last = [r for r in rules if Needs.FINDINGS in r.needs]
    if last:
        ctx.findings = found
        found = combine([found, *(r.run(ctx) for r in last)])
    return sort_findings(found)
