"""Reading a questionnaire definition from YAML or JSON text into a validated model."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from schemas.definition import Questionnaire


class DefinitionError(ValueError):
    """A questionnaire definition that cannot be used; the message names the item at fault."""


def parse_definition(text: str, source: str = "<definition>") -> Questionnaire:
    """Parse YAML (a superset of JSON) text into a :class:`Questionnaire`."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{source}: not valid YAML or JSON ({exc})") from None
    if not isinstance(data, dict):
        raise DefinitionError(f"{source}: a definition is a mapping with 'tables', 'items' …")
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(f"{source}: {_describe(exc)}") from None


def _describe(exc: ValidationError) -> str:
    """One line per problem, located by its path in the definition."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return "; ".join(lines)


describe = _describe
"""A pydantic validation error as one line per problem, located by its path."""


def default_definition_text() -> str:
    return resources.files("schemas").joinpath("questionnaire.yaml").read_text(encoding="utf-8")


def default_questionnaire() -> Questionnaire:
    """The shipped definition: the national 1% population sample survey."""
    return parse_definition(default_definition_text(), "schemas/questionnaire.yaml")


def dump_definition(questionnaire: Questionnaire) -> str:
    """JSON text of a definition that :func:`parse_definition` reads back equal."""
    return json.dumps(
        questionnaire.model_dump(mode="json", by_alias=True), ensure_ascii=False, sort_keys=True
    )
