"""The rule catalogue and the runner: the edit rules of spec/rules.md over typed tables.

``validate`` applies the schemas and every registered rule (:data:`RULES`) to a household table
and a person table — one household or the whole survey, the same vectorised code — and returns
the findings as a table (:data:`FINDING_COLUMNS`). ``findings_file`` gives the findings file of
spec/interfaces.md, ``no_miss_figures`` the three no-miss figures per EA, enumerator or survey
(``field_counts`` per household, kept by the store, and ``summarise`` to add kept counts up),
and ``check_table`` the V-03 findings of a frame file (EAs, listing) by row.

Rule ids are those of spec/rules.md — V, ID, S, P, R, F (per household), C (coverage, with the
listing and EA frame) — plus the info signals of :mod:`validation.rules.aggregates`, computed
only with ``aggregates=True``, per EA and per enumerator:

- **A-01** sex ratio outside 80–125 (groups of at least 100 persons present);
- **A-02** infant omission: fewer children aged 0 than half those aged 1;
- **A-03** age heaping: Whipple's index on ages 23–62 above 125;
- **A-04** error and warning rate per enumerator and rule.

Layout: :mod:`~validation.registry` (``Rule``, ``@rule``), :mod:`~validation.context` (the typed
tables and the column work rules share: household positions, per-household counts, heads),
:mod:`~validation.universes` (which cells are applicable), :mod:`~validation.adapter` (the only
reader of pandera failure cases and cell errors), :mod:`~validation.messages` and
:mod:`~validation.findings` (bilingual messages built over columns), :mod:`~validation.runner`,
:mod:`~validation.figures`, and one module per rule family in :mod:`validation.rules`.

A new rule is a function of the context decorated with ``@rule(id, severity, fields=..., en=...,
zh=...)`` that returns ``hits(frame, mask, level=..., en=..., zh=...)``: a boolean mask over
rows, computed with column operations, and message templates that say where, what and how to
fix. Thresholds come from ``q.params``.
"""

from validation.figures import (
    FIELD_COUNTS,
    FIGURE_COLUMNS,
    field_counts,
    no_miss_figures,
    summarise,
)
from validation.findings import FINDING_COLUMNS, FINDINGS_FILE_COLUMNS, findings_file
from validation.frames import check_table
from validation.registry import RULES, Needs, Registry, Rule, Severity, rule
from validation.runner import validate, validate_with_counts

__all__ = [
    "FIELD_COUNTS",
    "FIGURE_COLUMNS",
    "FINDINGS_FILE_COLUMNS",
    "FINDING_COLUMNS",
    "RULES",
    "Needs",
    "Registry",
    "Rule",
    "Severity",
    "check_table",
    "field_counts",
    "findings_file",
    "no_miss_figures",
    "rule",
    "summarise",
    "validate",
    "validate_with_counts",
]
