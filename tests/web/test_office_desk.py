"""The office's desk: the audit page over the event trail (filters, CSV, logins too), and pages
sent compressed to a client that accepts gzip."""

from __future__ import annotations

import csv
import gzip
import io

from tests.web.clients import login
from tests.web.review_data import household, submit
from tests.web.survey_data import EA1, EA2


def rows(html: str) -> list[str]:
    body = html[html.index('id="audit"') :].split("</table>")[0]
    return [r for r in body.split("<tr>")[2:]]


def test_the_audit_page_shows_who_did_what_with_filters(app, client, tokens) -> None:
    submit(client, tokens["wang"], household("001", seq=1))
    submit(client, tokens["zhao"], household("001", EA2, seq=3))
    login(client, "office")
    every = client.get("/admin/audit/").text
    assert "logged in" in every  # logins are in the trail
    by_wang = rows(client.get("/admin/audit/?user=wang").text)
    assert len(by_wang) == 2  # the API token the fixture issued, then the submission
    assert f"{EA1} / 001" in by_wang[0]
    assert "submitted" in by_wang[0]
    assert "API token issued" in by_wang[1]
    by_ea = rows(client.get(f"/admin/audit/?ea_id={EA2}&action=submit").text)
    assert len(by_ea) == 1
    assert "zhao" in by_ea[0]
    assert rows(client.get("/admin/audit/?since=2999-01-01").text) == []
    assert len(rows(client.get("/admin/audit/?until=2999-01-01&hh_no=001").text)) == 2


def test_a_failed_login_is_found_by_the_name_it_tried(app, client) -> None:
    page = client.get("/login")
    from tests.web.clients import csrf_token

    client.post(
        "/login", data={"name": "li", "password": "wrong", "csrf_token": csrf_token(page.text)}
    )
    login(client, "office")
    found = rows(client.get("/admin/audit/?user=li").text)
    assert len(found) == 1
    assert "failed to log in" in found[0]
    assert "127.0.0.1 · Werkzeug" in found[0]  # the device it came from, as the office sees it


def test_the_audit_trail_downloads_as_csv(app, client, tokens) -> None:
    submit(client, tokens["wang"], household("001", seq=1))
    login(client, "office")
    answer = client.get("/admin/audit/events.csv?action=submit")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["user"], r["action"], r["ea_id"], r["hh_no"], r["version"]) for r in table] == [
        ("wang", "submit", EA1, "001", "1")
    ]


def test_only_the_office_reads_the_audit_trail(app, client) -> None:
    login(client, "li")
    assert client.get("/admin/audit/").status_code == 403
    assert client.get("/admin/audit/events.csv").status_code == 403


def test_pages_are_gzipped_when_the_client_accepts_it(app, client) -> None:
    login(client, "wang")
    plain = client.get(f"/households/{EA1}/001")
    assert "Content-Encoding" not in plain.headers
    packed = client.get(f"/households/{EA1}/001", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(packed.get_data()).decode()
    assert html.startswith("<!doctype html>")
    assert html.rstrip().endswith("</html>")
    assert len(packed.get_data()) < len(html) / 3
