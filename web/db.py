"""The survey database of the application: opened once, shared by every request thread.

The store gives each thread its own reader connection and serialises writes on one writer
connection, so one :class:`~survey.context.Survey` serves the whole WSGI thread pool.
"""

from __future__ import annotations

from flask import Flask, current_app

from survey import Intake, Survey, api_intake

EXTENSION = "survey"
INTAKE = "survey_intake"


def init_app(app: Flask) -> None:
    survey = Survey.open(app.config["SURVEY_DB"])
    app.extensions[EXTENSION] = survey
    app.extensions[INTAKE] = api_intake(survey)


def get_survey() -> Survey:
    survey: Survey = current_app.extensions[EXTENSION]
    return survey


def get_intake() -> Intake:
    """Where API submissions arriving together are stored together (``survey.collection.intake``)."""
    intake: Intake = current_app.extensions[INTAKE]
    return intake


def close(app: Flask) -> None:
    """Close the database (tests and servers that stop)."""
    app.extensions.pop(INTAKE, None)
    survey: Survey | None = app.extensions.pop(EXTENSION, None)
    if survey is not None:
        survey.close()
