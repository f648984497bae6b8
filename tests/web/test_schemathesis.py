"""The API fuzzed from its own OpenAPI document by schemathesis, as each role: requests built to
the document (positive) and against it (negative) never answer a 5xx, and every answer is one of
the statuses the document gives for its operation."""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings

from tests.web.clients import bearer
from web.db import get_survey

EXAMPLES = 15  # per operation, role and mode: bounded so the suite stays small


def fuzz(
    app: Flask, token: str, mode: schemathesis.GenerationMode, *, derandomize: bool = False
) -> list[tuple[str, int]]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    seen: list[tuple[str, int]] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=derandomize,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def one(case: schemathesis.Case) -> None:
            response = case.call(headers=bearer(token))
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, (where, response.text[:500])
            documented = case.operation.definition.raw["responses"]
            assert str(response.status_code) in documented, (where, response.status_code)
            seen.append((where, response.status_code))

        one()
    return seen


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=str)
@pytest.mark.parametrize("role", ["wang", "li", "office"])
def test_fuzzed_requests_never_fail_the_server(app, tokens, role, mode) -> None:
    seen = fuzz(app, tokens[role], mode)
    assert {where.split()[0] for where, _ in seen} == {"GET", "POST"}


def test_fuzzed_households_are_stored_not_only_refused(app, tokens) -> None:
    """The document is precise enough (keys, the frame's EAs) that a client built from it —
    here the fuzzer — sends households the server stores."""
    seen = fuzz(app, tokens["wang"], schemathesis.GenerationMode.POSITIVE, derandomize=True)
    answers = [status for where, status in seen if where == "POST /households"]
    assert answers.count(201) >= 3, answers
    with app.app_context():
        stored = get_survey().store.read.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    assert stored >= answers.count(201)
