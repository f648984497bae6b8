"""A batch: typed household and person tables of one or many households, with cell errors."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from collectors.cells import empty_cell_errors
from schemas import Questionnaire, empty_table


@dataclass(frozen=True)
class Batch:
    households: pd.DataFrame
    persons: pd.DataFrame
    cell_errors: pd.DataFrame = field(default_factory=empty_cell_errors)

    @classmethod
    def empty(cls, questionnaire: Questionnaire) -> Batch:
        return cls(empty_table(questionnaire.households), empty_table(questionnaire.persons))

    def __len__(self) -> int:
        return len(self.households)
