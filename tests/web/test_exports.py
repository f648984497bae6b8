"""The office's export page: an export in its own folder beside the database, its manifest shown
(files, rows, SHA-256, households left out and why, weighted population per stratum), its files
downloaded; no other file reachable; the office only."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.accounts.access import user_named
from survey.review.actions import act
from tests.web.clients import export, login, page_token
from tests.web.review_data import household, query, submit
from tests.web.survey_data import EA1, EA2
from web.db import get_survey


@pytest.fixture
def office(app: Flask, client: FlaskClient, tokens: dict[str, str]) -> FlaskClient:
    """EA1/001 approved, EA2/001 submitted with errors, EA1/002 never visited."""
    submit(client, tokens["wang"], household("001", seq=1))
    submit(client, tokens["zhao"], household("001", EA2, seq=3, n_present=4))
    with app.app_context():
        act(get_survey(), user_named(get_survey(), "li"), EA1, "001", "approve", version=1)
    login(client, "office")
    return client


def test_an_export_is_written_beside_the_database_and_its_manifest_shown(
    app, office, survey_path: Path
) -> None:
    name = export(office, "csv", "parquet")
    folder = survey_path.parent / "exports" / name
    assert (folder / "households.csv").is_file()
    assert (folder / "manifest.json").is_file()
    page = office.get(f"/exports/{name}/").text
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "1 households, 3 persons" in words
    digest = hashlib.sha256((folder / "persons.csv").read_bytes()).hexdigest()
    assert f'title="{digest}"' in page
    assert re.search(r"persons\.csv 3 ", words)
    # weighted population: EA1 has prob 0.02, so 1 household of 3 persons weighs 50 and 150
    assert re.search(r"3701 1 1 3 50\.0 150\.0", words)
    assert "listed but never submitted: 1" in words
    assert "its current version has errors not waived: 1" in words
    listing = office.get("/exports/").text
    assert f'href="/exports/{name}/"' in listing
    assert [a for (a,) in query(app, "SELECT action FROM events WHERE action = 'export'")] == [
        "export"
    ]


def test_files_are_downloaded_whole(office, survey_path: Path) -> None:
    name = export(office, "csv")
    response = office.get(f"/exports/{name}/households.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data == (survey_path.parent / "exports" / name / "households.csv").read_bytes()
    response.close()
    manifest = office.get(f"/exports/{name}/manifest.json")
    assert manifest.get_json()["households"] == 1
    manifest.close()


def test_no_other_file_can_be_reached(office, survey_path: Path) -> None:
    name = export(office, "csv")
    (survey_path.parent / "exports" / name / "notes.txt").write_text("not exported")
    for path in (
        f"/exports/{name}/notes.txt",
        f"/exports/{name}/..%2F..%2Fsurvey.db",
        f"/exports/{name}/../../survey.db",
        f"/exports/{name}/%2E%2E",
        "/exports/..%2F/survey.db",
        "/exports/20990101T000000Z/households.csv",
        "/exports/not-an-export/",
        f"/exports/{name}/households.csv%00.txt",  # a NUL: was a 500 (embedded null byte)
        f"/exports/{name}%00/",
        f"/exports/{name}/households.csv%E2%80%AE",  # a direction override
        f"/exports/{name}/" + "x" * 5000,
    ):
        response = office.get(path, follow_redirects=True)
        assert response.status_code == 404, path
        response.close()


def test_public_use_and_unapproved_options_reach_the_export(office) -> None:
    name = export(office, "csv", public="1", include_unapproved="1")
    page = office.get(f"/exports/{name}/").text
    assert "public-use" in page
    assert "unapproved included" in page
    assert "k_anonymity.csv" in page
    assert "2 households, 6 persons" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_an_export_without_a_format_is_refused_with_the_reason(office, survey_path) -> None:
    response = office.post("/exports/", data={"csrf_token": page_token(office)})
    assert response.status_code == 400
    assert "unknown export format" in response.text
    folder = survey_path.parent / "exports"
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.parametrize("who", ["li", "wang"])
def test_only_the_office_exports(app, client, survey_path, who) -> None:
    login(client, who)
    assert client.get("/exports/").status_code == 403
    refused = client.post("/exports/", data={"csrf_token": page_token(client), "format": "csv"})
    assert refused.status_code == 403
    assert not (survey_path.parent / "exports").exists()


def test_an_export_needs_the_forms_csrf_token(office, survey_path) -> None:
    forged = office.post("/exports/", data={"format": "csv"})
    assert forged.status_code == 400
    assert not (survey_path.parent / "exports").exists()


def test_an_export_runs_as_a_job_with_progress_and_its_log(app, office) -> None:
    name = export(office, "csv")
    jobs_page = office.get("/exports/").text
    found = re.search(r'href="/exports/jobs/(\d+)"', jobs_page)
    assert found
    page = office.get(f"/exports/jobs/{found.group(1)}").text  # again, as after a reload
    assert 'data-state="done"' in page
    assert '<progress id="job-progress" max="100" value="100">' in page
    log = page[page.index('id="job-log"') :].split("</pre>")[0]
    assert "1 households, 3 persons" in log
    assert "persons: 3 of 3 rows" in log
    assert f'href="/exports/{name}/"' in page
    assert [a for (a,) in query(app, "SELECT action FROM events WHERE action = 'job_start'")] == [
        "job_start"
    ]


def test_only_one_export_runs_at_once(app, office, survey_path) -> None:
    from survey import jobs
    from survey.store import jobs as jobs_store

    with app.app_context(), get_survey().store.write() as db:
        jobs_store.start(db, "export", {"formats": ["csv"]}, 1, "2026-01-01T00:00:00", jobs.OWNER)
    refused = office.post("/exports/", data={"csrf_token": page_token(office), "format": "csv"})
    assert refused.status_code == 409
    assert "runs already" in refused.text
    assert not (survey_path.parent / "exports").exists()


def test_a_job_left_running_by_a_stopped_server_does_not_block_the_next(app, office) -> None:
    from survey.store import jobs as jobs_store

    with app.app_context(), get_survey().store.write() as db:
        jobs_store.start(db, "export", {"formats": ["csv"]}, 1, "2026-01-01T00:00:00", "gone")
    export(office, "csv")
    states = query(app, "SELECT owner, state FROM jobs ORDER BY id")
    assert states[0] == ("gone", "failed")
    assert states[1][1] == "done"


def test_the_codebook_opens_in_the_browser_and_data_files_download(office) -> None:
    name = export(office, "csv")
    codebook = office.get(f"/exports/{name}/codebook.html")
    assert codebook.status_code == 200
    assert codebook.mimetype == "text/html"
    assert "attachment" not in codebook.headers.get("Content-Disposition", "")
    codebook.close()
    data = office.get(f"/exports/{name}/households.csv")
    assert "attachment" in data.headers["Content-Disposition"]
    data.close()


def test_the_households_left_out_show_their_state_in_words(office) -> None:
    office.post("/language", data={"lang": "zh", "csrf_token": page_token(office)})
    name = export(office, "csv")
    page = office.get(f"/exports/{name}/").text
    left = page[page.index('id="left-out"') :].split("</table>")[0]
    assert "已提交" in left
    assert "<td>submitted</td>" not in left
