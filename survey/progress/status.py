"""Coverage and progress: per EA, per enumerator and for the whole survey.

The three no-miss figures of rules.md — 房不漏户 household coverage, 户不漏人 person coverage,
项不漏填 item completeness — beside the counts of households by review state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from survey.accounts.access import User
from survey.context import Survey
from survey.progress.figures import no_miss
from survey.store import findings as findings_store
from survey.store import households
from validation.registry import Severity


def percent(value: float | None, decimals: int = 1) -> str:
    """A share as a percentage, rounded *down*: a figure that is not complete never shows as
    100% (3,309 of 3,310 fields filled is 99.9%, not 100.0%)."""
    if value is None or pd.isna(value):
        return "–"
    scale = 10**decimals
    return f"{math.floor(float(value) * 100 * scale + 1e-9) / scale:.{decimals}f}%"


@dataclass(frozen=True)
class Status:
    by_ea: pd.DataFrame
    by_enumerator: pd.DataFrame
    overall: pd.DataFrame  # one row
    signals: pd.DataFrame  # info findings (EA and enumerator level)


def status(survey: Survey, user: User | None = None, only: Sequence[str] | None = None) -> Status:
    """The figures of the EAs ``user`` sees (all for None, the command line), or of those of
    them named in ``only``."""
    visible = None if user is None else user.visible_eas()
    ea_ids = list(visible) if visible is not None else None
    if only is not None:
        ea_ids = [ea for ea in only if ea_ids is None or ea in ea_ids]
    stored = findings_store.current(survey.store.read, ea_ids)
    counts = households.by_ea(survey.store.read, ea_ids)
    figures = no_miss(survey, ea_ids)
    by_ea = counts.merge(figures["ea_id"], on="ea_id", how="left")
    signals = stored[stored["severity"] == Severity.INFO].reset_index(drop=True)
    return Status(by_ea, figures["enumerator"], figures[""], signals)
