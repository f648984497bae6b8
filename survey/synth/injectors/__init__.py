"""One injector per rule id, grouped by rule family; ``INJECTORS`` maps rule id → injector."""

from survey.synth.injectors.coverage import COVERAGE
from survey.synth.injectors.kinship import KINSHIP
from survey.synth.injectors.person import PERSON
from survey.synth.injectors.structure import STRUCTURE
from survey.synth.injectors.validity import VALIDITY
from survey.synth.registry import Injector

INJECTORS: dict[str, Injector] = {**VALIDITY, **STRUCTURE, **PERSON, **KINSHIP, **COVERAGE}

__all__ = ["INJECTORS"]
