"""Paradata: each version records when its interview started and ended — sent by the field app,
or taken by the form without JavaScript (opened, submitted) — shown to the supervisor beside the
version and exported with the household."""

from __future__ import annotations

import uuid
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.export import export_dataset
from tests.web.clients import form_data, login, page_token, signed_in
from tests.web.review_data import household, query
from tests.web.survey_data import EA1
from web.db import get_survey

PATH = f"/households/{EA1}/001"


def from_device(client: FlaskClient, started: str, ended: str, **extra: str):
    """The field app's post of the clean family (see web/static/field.js, sendItem)."""
    data = {
        **form_data(household()),
        "submission_id": str(uuid.uuid4()),
        "base_version": "",
        "base_state": "",
        "started_at": started,
        "ended_at": ended,
        **extra,
    }
    token = page_token(client, PATH)
    return client.post(f"/field/households/{EA1}/001", data=data, headers={"X-CSRF-Token": token})


def interviews(app: Flask) -> list[tuple[int, str, str]]:
    return [
        (int(v), str(s), str(e))
        for v, s, e in query(
            app,
            "SELECT v.version, p.started_at, p.ended_at FROM versions v "
            "JOIN version_paradata p ON p.version_id = v.id ORDER BY v.version",
        )
    ]


def test_the_field_apps_interview_times_are_stored_with_the_version_and_shown_to_the_supervisor(
    app: Flask, client: FlaskClient
) -> None:
    login(client, "wang")
    response = from_device(client, "2026-11-01T01:30:00.000Z", "2026-11-01T01:52:30.000Z")
    assert response.status_code == 201, response.text
    assert interviews(app) == [(1, "2026-11-01T01:30:00+00:00", "2026-11-01T01:52:30+00:00")]

    supervisor = signed_in(app, "li")
    page = supervisor.get(f"/review/{EA1}/001").text
    row = page[page.index('id="v-1"') :]
    row = row[: row.index("</tr>")]
    assert "2026-11-01 09:30 UTC+8 · 22 min" in row  # Asia/Shanghai, the default zone


@pytest.mark.parametrize(
    ("started", "ended", "said"),
    [
        ("yesterday", "2026-11-01T01:52:30Z", "started_at: 'yesterday' is not a time"),
        ("2026-11-01T01:30:00", "2026-11-01T01:52:30Z", "is not a time with its zone"),
        ("2026-11-01T01:30:00Z", "", "ended_at is missing"),
        (
            "2026-11-01T02:30:00Z",
            "2026-11-01T01:52:30Z",
            "ended_at (2026-11-01T01:52:30Z) is before",
        ),
    ],
)
def test_interview_times_that_cannot_be_read_refuse_the_submission_and_store_nothing(
    app: Flask, client: FlaskClient, started: str, ended: str, said: str
) -> None:
    login(client, "wang")
    response = from_device(client, started, ended)
    assert response.status_code == 422
    assert said in response.get_json()["error"]["details"][0]["message"]
    assert query(app, "SELECT COUNT(*) FROM versions") == [(0,)]


def test_the_form_without_javascript_times_the_interview_from_opening_to_submitting(
    app: Flask, client: FlaskClient
) -> None:
    login(client, "wang")
    opened = client.get(PATH).text
    started = opened.split('name="started_at" value="', 1)[1].split('"', 1)[0]
    data = {
        "csrf_token": page_token(client, PATH),
        "submission_id": str(uuid.uuid4()),
        "started_at": started,
        **form_data(household()),
    }
    # A round trip (a person added) carries the start; submitting ends the interview.
    again = client.post(PATH, data={**data, "action": "add_person"}).text
    assert f'name="started_at" value="{started}"' in again
    response = client.post(PATH, data={**data, "action": "submit"})
    assert response.status_code == 302
    [(version, start, end)] = interviews(app)
    assert version == 1
    assert start == started[:19] + "+00:00"
    assert end >= start


def test_an_api_submission_has_no_interview_and_shows_a_dash(
    app: Flask, client: FlaskClient
) -> None:
    login(client, "wang")
    assert from_device(client, "", "").status_code == 201
    assert interviews(app) == []


def test_the_export_carries_each_households_interview_but_public_files_do_not(
    app: Flask, client: FlaskClient, tmp_path: Path, survey_path: Path
) -> None:
    login(client, "wang")
    assert from_device(client, "2026-11-01T01:30:00Z", "2026-11-01T02:00:00Z").status_code == 201
    with app.app_context():
        survey = get_survey()
        export_dataset(survey, tmp_path / "out", formats="parquet", include_unapproved=True)
        export_dataset(
            survey, tmp_path / "public", formats="parquet", include_unapproved=True, public=True
        )
    households = pq.read_table(tmp_path / "out" / "households.parquet").to_pandas()
    assert households[["interview_start", "interview_end"]].values.tolist() == [
        ["2026-11-01T01:30:00+00:00", "2026-11-01T02:00:00+00:00"]
    ]
    public = pq.read_table(tmp_path / "public" / "households.parquet").to_pandas()
    assert "interview_start" not in public.columns
