"""``inject_errors``: seed known problems into a copy of a generated survey and say where.

Each rule id has one injector (see :mod:`survey.synth.injectors`) that changes one untouched
household so that its rule fires and, as far as the rule allows, no other.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from schemas import Questionnaire
from survey.synth.edits import Editor, NoCandidate
from survey.synth.injectors import INJECTORS
from survey.synth.model import SynthSurvey

INJECTABLE: tuple[str, ...] = tuple(
    sorted(
        INJECTORS, key=lambda r: (["V", "ID", "S", "P", "R", "F", "C"].index(r.split("-")[0]), r)
    )
)
"""Rule ids ``inject_errors`` can seed: every V, ID, S, P, R and F rule and C-01 … C-04.

Each injection makes its rule fire and no other, except those in :data:`ALSO_FIRES`. Notes:

- S-07 seeds a birth in a ``999`` household; when none is left it empties a one-person household
  instead (``validation.validate`` reports S-07 alone; an engine that read S-10 over households
  without persons would add S-10).
- S-08 appends an exact copy of a household record (``validation.validate`` reports S-08 alone;
  an engine that joined persons to both copies could add S-04/S-05).
- ID-05 copies a present person into another household (relationship 9), so both rows are
  reported by ID-05; the report names the added row.
- Additions of persons (ID-05, S-09, R-07 when no parent exists, R-09) raise H2 and the listing's
  expected persons with them, so C-03 stays quiet.
- C-04 adds an EA to the frame with no listing and no households (``hh_no`` blank in the report).
"""

ALSO_FIRES: dict[str, tuple[str, ...]] = {"S-10": ("R-01",)}
"""Rules that necessarily fire together with the seeded one (a family household whose only
member is under 15 has a head under 15)."""

REPORT_COLUMNS = {
    "rule_id": "string",
    "ea_id": "string",
    "hh_no": "string",
    "line_no": "Int64",
    "fields": "string",
}


def inject_errors(
    q: Questionnaire,
    survey: SynthSurvey,
    rule_ids: Sequence[str],
    *,
    seed: int = 0,
    per_rule: int = 1,
) -> tuple[SynthSurvey, pd.DataFrame]:
    """A modified copy of ``survey`` with ``per_rule`` problems of each rule in ``rule_ids``, each
    in a different household, and a table of what was injected (rule_id, ea_id, hh_no, line_no —
    blank for household-level problems —, and the fields changed, joined by ``;``).

    Raises ValueError for a rule id that is not in :data:`INJECTABLE`, or when no untouched
    household can carry one more problem of a rule (ask for fewer, or generate more households).
    """
    unknown = [r for r in rule_ids if r not in INJECTORS]
    if unknown:
        raise ValueError(
            f"cannot inject {', '.join(unknown)}: injectable rules are {', '.join(INJECTABLE)}"
        )
    if per_rule < 1:
        raise ValueError("per_rule must be at least 1")
    editor = Editor(q, survey, np.random.default_rng(seed))
    rows: list[dict[str, object]] = []
    for rule in rule_ids:
        for _ in range(per_rule):
            try:
                done = INJECTORS[rule](editor)
            except NoCandidate:
                raise ValueError(
                    f"cannot inject {rule}: no untouched household can carry it "
                    f"({len(rows)} problems injected so far); generate more households"
                ) from None
            if done.hh_no is not None:
                editor.touch((done.ea_id, done.hh_no))
            rows.append(
                {
                    "rule_id": rule,
                    "ea_id": done.ea_id,
                    "hh_no": done.hh_no,
                    "line_no": done.line_no,
                    "fields": ";".join(done.fields),
                }
            )
    report = pd.DataFrame(rows, columns=list(REPORT_COLUMNS)).astype(REPORT_COLUMNS)
    return editor.finish(), report
