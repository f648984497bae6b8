"""Whether a finding blocks approval: the one statement of the rule, for one finding or a table.

An error blocks approval until a supervisor waives it; a warning blocks it until the enumerator
explains it; an info never does. The SQL the store counts with (``survey.store.findings
.BLOCKS_APPROVAL`` and its two halves) states the same rule; ``tests/survey/test_approval.py``
checks the two agree on every combination.
"""

from __future__ import annotations

import pandas as pd

from validation.registry import Severity

__all__ = ["Severity", "blocking_rows", "blocks_approval"]


def blocks_approval(severity: str, *, explained: bool, waived: bool) -> bool:
    """Whether one finding stops its household from being approved."""
    if severity == Severity.ERROR:
        return not waived
    if severity == Severity.WARNING:
        return not explained
    return False


def blocking_rows(found: pd.DataFrame) -> pd.Series:
    """The same decision over a table of findings with ``severity``, ``explained``, ``waived``."""
    return pd.Series(
        [
            blocks_approval(s, explained=bool(e), waived=bool(w))
            for s, e, w in zip(found["severity"], found["explained"], found["waived"], strict=True)
        ],
        index=found.index,
        dtype=bool,
    )
