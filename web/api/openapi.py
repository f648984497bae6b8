"""The OpenAPI 3.1 document of ``/api/v1``; the body schemas come from the questionnaire."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from survey import Severity, State, review_schema, submission_schema
from web.api import bp
from web.db import get_survey

REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): {"$ref": "#/components/responses/Error"} for s in statuses}


KEY_PARAMETERS = [
    {"name": "ea_id", "in": "path", "required": True, "schema": {"type": "string"}},
    {"name": "hh_no", "in": "path", "required": True, "schema": {"type": "string"}},
]

QUEUE_PARAMETERS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": description,
    }
    for name, description in (
        ("ea_id", "only households of this EA"),
        ("enumerator", "only households submitted by this enumerator (user name)"),
        ("rule_id", "only households with a finding of this rule"),
    )
]
QUEUE = {
    "type": "object",
    "required": ["households", "counts"],
    "properties": {
        "households": {
            "type": "array",
            "description": "errors first, then unexplained warnings, then the oldest submission",
            "items": {
                "type": "object",
                "properties": {
                    "ea_id": {"type": "string"},
                    "hh_no": {"type": "string"},
                    "state": {"type": "string", "enum": [s.value for s in State]},
                    "version": {"type": "integer"},
                    "enumerator": {"type": ["string", "null"]},
                    "first_submitted_at": {"type": ["string", "null"]},
                    "errors": {"type": "integer", "description": "errors not waived"},
                    "unexplained": {"type": "integer", "description": "warnings not explained"},
                    "warnings": {"type": "integer"},
                    "rules": {
                        "type": ["string", "null"],
                        "description": "rule ids, comma-separated",
                    },
                },
            },
        },
        "counts": {
            "type": "object",
            "description": "for each filter (ea_id, enumerator, rule_id): value → households, "
            "counted with the other filters applied",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
            },
        },
    },
}
FINDING = {
    "type": "object",
    "properties": {
        "rule_id": {"type": "string"},
        "severity": {"type": "string", "enum": [s.value for s in Severity]},
        "line_no": {"type": ["integer", "null"]},
        "fields": {"type": "array", "items": {"type": "string"}},
        "message": {"type": "string"},
        "message_en": {"type": "string"},
        "message_zh": {"type": "string"},
        "explained": {"type": "boolean"},
        "waived": {"type": "boolean"},
    },
}
HOUSEHOLD = {
    "type": "object",
    "required": ["ea_id", "hh_no", "version", "state", "household", "persons", "findings"],
    "properties": {
        "ea_id": {"type": "string"},
        "hh_no": {"type": "string"},
        "version": {"type": "integer", "description": "counts the household's submissions from 1"},
        "current_version": {"type": "integer"},
        "state": {"type": "string", "enum": [s.value for s in State]},
        "listed": {"type": "boolean"},
        "household": {"type": "object"},
        "persons": {"type": "array", "items": {"type": "object"}},
        "findings": {"type": "array", "items": _ref("Finding")},
        "explanations": {"type": "array", "items": {"type": "object"}},
    },
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "location": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}


def document() -> dict[str, Any]:
    survey = get_survey()
    q = survey.questionnaire
    submission = submission_schema(survey, REF)
    schemas: dict[str, Any] = dict(submission.pop("$defs", {}))
    schemas.update(
        Submission=submission,
        Review=review_schema(),
        Household=HOUSEHOLD,
        Finding=FINDING,
        Queue=QUEUE,
        Error=ERROR,
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{q.title.en} — data entry API",
            "version": q.version,
            "description": "Submit households, read them back, follow the review queue.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
            "responses": {"Error": _json(_ref("Error"), "an error body")},
        },
        "paths": {
            "/households": {
                "post": {
                    "summary": "Submit one household (idempotent by submission_id)",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("Submission")}},
                    },
                    "responses": {
                        "201": _json(_ref("Household"), "stored: the new version"),
                        "200": _json(_ref("Household"), "a repeated submission_id: the first"),
                        **_errors(400, 401, 403, 409, 413, 415, 422, 503),
                    },
                }
            },
            "/households/{ea_id}/{hh_no}": {
                "get": {
                    "summary": "The current version of a household, its state and findings",
                    "parameters": KEY_PARAMETERS,
                    "responses": {
                        "200": _json(_ref("Household"), "the current version"),
                        **_errors(401, 403, 404),
                    },
                }
            },
            "/households/{ea_id}/{hh_no}/review": {
                "post": {
                    "summary": "Approve, return, reopen or waive, naming the version",
                    "parameters": KEY_PARAMETERS,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("Review")}},
                    },
                    "responses": {
                        "200": _json({"type": "object"}, "the household's new state"),
                        **_errors(400, 401, 403, 404, 409, 413, 415, 422, 503),
                    },
                }
            },
            "/queue": {
                "get": {
                    "summary": "The review queue visible to the caller, worst first",
                    "parameters": QUEUE_PARAMETERS,
                    "responses": {
                        "200": _json(_ref("Queue"), "households needing review"),
                        **_errors(401),
                    },
                }
            },
            "/status": {
                "get": {
                    "summary": "Coverage and progress per EA visible to the caller",
                    "responses": {
                        "200": _json({"type": "object"}, "figures per EA"),
                        **_errors(401),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")},
                }
            },
        },
    }


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(document())
