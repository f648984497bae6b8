"""The edit rules of spec/rules.md, one module per family (the S family in three: the roster
against the household record, the keys, the plausible household); importing this registers them all."""

from validation.registry import RULES, Registry
from validation.rules import (
    aggregates,
    coverage,
    fertility,
    household_size,
    identity,
    keys,
    persons,
    relationships,
    structure,
    validity,
)


def catalogue() -> Registry:
    """The rule registry with every rule of these modules registered."""
    return RULES


__all__ = [
    "aggregates",
    "catalogue",
    "coverage",
    "fertility",
    "household_size",
    "identity",
    "keys",
    "persons",
    "relationships",
    "structure",
    "validity",
]
