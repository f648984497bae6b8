"""The edit rules of spec/rules.md, one module per family; importing this registers them all."""

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

__all__ = [
    "aggregates",
    "coverage",
    "fertility",
    "identity",
    "persons",
    "relationships",
    "structure",
    "validity",
]
