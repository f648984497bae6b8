"""Synthetic survey data for the default questionnaire: realistic, rule-abiding, vectorised.

``generate`` draws EAs, a listing, households and persons that break no edit rule of rules.md;
``inject_errors`` seeds known problems into a copy and says where.
"""

from survey.synth.generate import generate
from survey.synth.inject import ALSO_FIRES, INJECTABLE, inject_errors
from survey.synth.model import SynthSurvey

__all__ = ["ALSO_FIRES", "INJECTABLE", "SynthSurvey", "generate", "inject_errors"]
