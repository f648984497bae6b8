"""The edit rules of spec/rules.md, one module per family; importing this registers them all."""

from validation.registry import RULES, Registry
from validation.rules import (
    aggregates,
    coverage,
    fertility,
    identity,
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
    "identity",
    "persons",
    "relationships",
    "structure",
    "validity",
]
