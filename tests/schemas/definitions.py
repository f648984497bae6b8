"""Loading a questionnaire definition written as a Python dict in a test."""

from __future__ import annotations

from typing import Any

import yaml

from schemas import parse_definition


def load(data: dict[str, Any]) -> None:
    """Parse ``data`` as a definition file would be (raises DefinitionError when it is wrong)."""
    parse_definition(yaml.safe_dump(data, allow_unicode=True), "test.yaml")
