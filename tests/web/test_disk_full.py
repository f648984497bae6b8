"""A full disk (SQLite's page limit reached: the same SQLITE_FULL a full filesystem gives)
answers 503 with Retry-After and a message, stores and acknowledges nothing, and the service
resumes once there is room again."""

from __future__ import annotations

import uuid

from flask import Flask

from tests.web.clients import all_versions, bearer
from tests.web.survey_data import family
from web.db import get_survey


def fill_the_disk(app: Flask, room: bool = False) -> None:
    """Cap the database at its present size (or lift the cap), on the server's writer."""
    with app.app_context():
        writer = get_survey().store.db
        if not room:
            writer.execute("VACUUM")  # no free pages left inside the file
        pages = writer.execute("PRAGMA page_count").fetchone()[0]
        writer.execute(f"PRAGMA max_page_count = {10**9 if room else pages}")


def test_a_full_disk_answers_503_and_stores_nothing_until_space_returns(app, client, tokens):
    fill_the_disk(app)
    acknowledged, refused = 0, None
    for n in range(5, 200):  # households until the last free room inside the file is used up
        body = {"submission_id": str(uuid.uuid4()), **family(f"{n:03d}")}
        answer = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
        if answer.status_code != 201:
            refused = (answer, body)
            break
        acknowledged += 1
    assert refused is not None, "the capped database never filled up"
    answer, body = refused
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "120"
    error = answer.get_json()["error"]
    assert error["code"] == "storage_full"
    assert "nothing was stored" in error["message"]
    assert all_versions(app) == acknowledged  # every acknowledged household, and only those
    fill_the_disk(app, room=True)
    again = client.post("/api/v1/households", json=body, headers=bearer(tokens["wang"]))
    assert again.status_code == 201
    assert all_versions(app) == acknowledged + 1


def test_serve_refuses_to_start_with_too_little_free_space(
    survey_path, monkeypatch, capsys
) -> None:
    from survey.cli import main

    monkeypatch.setenv("SURVEY_MIN_FREE_MB", str(10**12))  # more than any disk holds
    assert main(["serve", "--db", str(survey_path), "--port", "1"]) == 2
    assert "MB are free beside" in capsys.readouterr().err
