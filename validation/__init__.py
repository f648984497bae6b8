"""The rule catalogue and the runner: the edit rules of spec/rules.md over typed tables.

``validate`` applies the schemas and every registered rule (:data:`RULES`) to a household table
and a person table — one household or the whole survey, the same vectorised code — and returns
the findings as a table. ``findings_file`` gives the findings file of spec/interfaces.md and
``no_miss_figures`` the three no-miss figures per EA, enumerator or survey.

Rule ids are those of spec/rules.md (V, ID, S, P, R, F, C), plus the info signals of
:mod:`validation.rules.aggregates`: A-01 sex ratio, A-02 infant omission, A-03 Whipple's index,
A-04 error and warning rate per enumerator and rule.
"""

from validation.figures import FIGURE_COLUMNS, no_miss_figures
from validation.findings import FINDING_COLUMNS, FINDINGS_FILE_COLUMNS, findings_file
from validation.frames import check_table
from validation.registry import RULES, Needs, Registry, Rule, Severity, rule
from validation.runner import validate

__all__ = [
    "FIGURE_COLUMNS",
    "FINDINGS_FILE_COLUMNS",
    "FINDING_COLUMNS",
    "RULES",
    "Needs",
    "Registry",
    "Rule",
    "Severity",
    "check_table",
    "findings_file",
    "no_miss_figures",
    "rule",
    "validate",
]
