"""The sample: selection of EAs, weights, estimates with standard errors, the PES omission rate."""

from survey.sampling.design import Design
from survey.sampling.estimation import COLUMNS, Options, Request, estimate

__all__ = ["COLUMNS", "Design", "Options", "Request", "estimate"]
