"""The generated survey: the frame (EAs, listing) and the typed household and person tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class SynthSurvey:
    """Tables in the layouts of questionnaire.md, typed as :func:`schemas.dtypes` says."""

    eas: pd.DataFrame  # ea_id, name, stratum, psu, prob
    listing: pd.DataFrame  # ea_id, hh_no, building_no, unit_no, head_name, expected_persons
    households: pd.DataFrame
    persons: pd.DataFrame

    def copy(self) -> SynthSurvey:
        return SynthSurvey(
            self.eas.copy(), self.listing.copy(), self.households.copy(), self.persons.copy()
        )
