"""Who may see and change what: every page and API route refuses anonymous callers and the
households of EAs that are not the caller's, and a refusal changes nothing."""

from __future__ import annotations

import pytest
from flask import Flask

from survey.accounts.access import Role, add_user, issue_token
from survey.states import State
from tests.web.clients import bearer, login, page_token
from tests.web.survey_data import EA1, EA2, family
from web.db import get_survey

# Every route of the application, as (method, rule): a new route must be added here (and so to
# the matrix below) or the completeness test fails.
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/language"),
    ("GET", "/healthz"),
    ("GET", "/static/<path:filename>"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/favicon.ico"),
    ("GET", "/manifest.webmanifest"),
    ("GET", "/sw.js"),
}
# Pages and API routes about an EA or a household, written for EA2 (wang works only in EA1).
OTHER_EA = [
    ("GET", "/ea/<ea_id>", f"/ea/{EA2}"),
    ("POST", "/ea/<ea_id>/additions", f"/ea/{EA2}/additions"),
    ("GET", "/ea/<ea_id>/additions/new", f"/ea/{EA2}/additions/new"),
    ("GET", "/ea/<ea_id>/additions/<hh_no>/remove", f"/ea/{EA2}/additions/003/remove"),
    ("POST", "/ea/<ea_id>/additions/<hh_no>/remove", f"/ea/{EA2}/additions/003/remove"),
    ("GET", "/households/<ea_id>/<hh_no>", f"/households/{EA2}/001"),
    ("POST", "/households/<ea_id>/<hh_no>", f"/households/{EA2}/001"),
    ("GET", "/review/<ea_id>/<hh_no>", f"/review/{EA2}/001"),
    ("POST", "/review/<ea_id>/<hh_no>", f"/review/{EA2}/001"),
    ("GET", "/dashboard/ea/<ea_id>", f"/dashboard/ea/{EA2}"),
    ("POST", "/households/<ea_id>/<hh_no>/comments/", f"/households/{EA2}/001/comments/"),
    ("GET", "/households/<ea_id>/<hh_no>/assignment/", f"/households/{EA2}/001/assignment/"),
    ("POST", "/households/<ea_id>/<hh_no>/assignment/", f"/households/{EA2}/001/assignment/"),
    (
        "POST",
        "/households/<ea_id>/<hh_no>/comments/<int:comment_id>/replies",
        f"/households/{EA2}/001/comments/1/replies",
    ),
]
# Pages of supervisors and the office, limited to the EAs they see; enumerators get 403.
REVIEWERS = [
    ("GET", "/review/", "/review/"),
    ("POST", "/review/approve-clean", "/review/approve-clean"),
    ("POST", "/review/bulk", "/review/bulk"),
    ("GET", "/dashboard/", "/dashboard/"),
    ("GET", "/dashboard/enumerators/<name>", "/dashboard/enumerators/zhao"),
]
OTHER_EA_API = [
    ("GET", "/api/v1/households/<ea_id>/<hh_no>", f"/api/v1/households/{EA2}/001"),
    ("POST", "/api/v1/households/<ea_id>/<hh_no>/review", f"/api/v1/households/{EA2}/001/review"),
    ("POST", "/api/v1/households", "/api/v1/households"),
]
# Routes whose answer is limited to the caller's EAs (checked by content below).
OWN_SCOPE = {
    ("GET", "/"),
    ("GET", "/password"),
    ("POST", "/password"),
    ("GET", "/api/v1/status"),
    ("GET", "/api/v1/queue"),
    ("GET", "/app"),
    ("GET", "/app/household"),
    ("GET", "/app/shell.json"),
    ("GET", "/field/session"),
    ("GET", "/field/worklist"),
}
# The field app's JSON routes (login session, CSRF header), written for EA2.
OTHER_EA_FIELD = [
    ("GET", "/field/households/<ea_id>/<hh_no>", f"/field/households/{EA2}/001"),
    ("POST", "/field/households/<ea_id>/<hh_no>", f"/field/households/{EA2}/001"),
    ("POST", "/field/check/<ea_id>/<hh_no>", f"/field/check/{EA2}/001"),
]
OFFICE = {
    ("GET", "/estimates/"),
    ("GET", "/estimates/<name>/"),
    ("POST", "/estimates/<name>/"),
    ("GET", "/estimates/<name>/estimates.csv"),
    ("GET", "/admin/users"),
    ("GET", "/admin/users/new"),
    ("POST", "/admin/users/new"),
    ("GET", "/admin/users/<int:user_id>"),
    ("POST", "/admin/users/<int:user_id>"),
    ("POST", "/admin/users/<int:user_id>/password"),
    ("POST", "/admin/users/<int:user_id>/token"),
    ("POST", "/admin/users/<int:user_id>/revoke-tokens"),
    ("POST", "/admin/users/<int:user_id>/unlock"),
    ("POST", "/admin/users/<int:user_id>/tokens/<int:token_id>/revoke"),
    ("GET", "/exports/"),
    ("GET", "/exports/jobs/<int:job_id>"),
    ("GET", "/admin/audit/"),
    ("GET", "/admin/audit/events.csv"),
    ("POST", "/exports/"),
    ("GET", "/exports/<name>/"),
    ("GET", "/exports/<name>/<filename>"),
}


def routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def stored(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        db = get_survey().store.read
        return tuple(
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("households", "versions", "drafts")
        )


def test_every_route_is_in_the_authorisation_matrix(app) -> None:
    listed = (
        PUBLIC
        | OWN_SCOPE
        | OFFICE
        | {(m, r) for m, r, _ in OTHER_EA}
        | {(m, r) for m, r, _ in OTHER_EA_API}
        | {(m, r) for m, r, _ in OTHER_EA_FIELD}
        | {(m, r) for m, r, _ in REVIEWERS}
    )
    assert routes(app) == listed


@pytest.mark.parametrize(("method", "rule", "path"), OTHER_EA_FIELD)
def test_the_field_app_refuses_another_ea_and_anonymous_callers(app, client, method, rule, path):
    data = {"h.hh_type": "1", "p1._row": "1", "p1.name": "x", "submission_id": "s-1"}
    response = client.open(path, method=method, data=data)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "login_required"
    login(client, "wang")
    token = client.get("/field/session").get_json()["csrf"]
    response = client.open(path, method=method, data=data, headers={"X-CSRF-Token": token})
    assert response.status_code in (403, 404)
    assert stored(app) == (0, 0, 0)


@pytest.mark.parametrize(("method", "rule", "path"), OTHER_EA)
def test_pages_of_another_ea_are_refused_and_change_nothing(app, client, method, rule, path):
    login(client, "wang")
    token = page_token(client)
    before = stored(app)
    for action in ("submit", "save", "add_person", "update"):
        response = client.open(
            path,
            method=method,
            data={"csrf_token": token, "action": action, "h.hh_type": "1"},
        )
        assert response.status_code in (403, 404), (path, action, response.status_code)
        if method == "GET":
            break
    assert stored(app) == before


@pytest.mark.parametrize(
    ("method", "rule", "path"), OTHER_EA + REVIEWERS + [(m, r, r) for m, r in sorted(OFFICE)]
)
def test_pages_send_anonymous_callers_to_login(app, client, method, rule, path):
    path = (
        path.replace("<int:user_id>", "1")
        .replace("<int:job_id>", "1")
        .replace("<int:token_id>", "1")
    )
    response = client.open(path, method=method, data={"action": "submit"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert stored(app) == (0, 0, 0)


@pytest.mark.parametrize(("method", "rule", "path"), REVIEWERS)
def test_enumerators_do_not_review_and_change_nothing(app, client, tokens, method, rule, path):
    client.post("/api/v1/households", json=family(), headers=bearer(tokens["wang"]))
    login(client, "wang")
    before = stored(app)
    response = client.open(
        path,
        method=method,
        data={"csrf_token": page_token(client), "household": [f"{EA1}/001/1"]},
    )
    assert response.status_code == 403
    assert stored(app) == before
    with app.app_context():
        states = get_survey().store.read.execute("SELECT state FROM households").fetchall()
    assert [s[0] for s in states] == [State.SUBMITTED.value]


@pytest.mark.parametrize(("method", "rule"), sorted(OFFICE))
def test_only_the_office_manages_accounts_and_exports(app, client, method, rule) -> None:
    login(client, "li")
    path = (
        rule.replace("<int:user_id>", "1")
        .replace("<int:job_id>", "1")
        .replace("<int:token_id>", "1")
    )
    response = client.open(
        path,
        method=method,
        data={"csrf_token": page_token(client), "name": "x", "role": "office"},
    )
    assert response.status_code == 403
    with app.app_context():
        names = [r[0] for r in get_survey().store.read.execute("SELECT name FROM users")]
    assert "x" not in names


@pytest.mark.parametrize(("method", "rule", "path"), OTHER_EA_API)
def test_the_api_refuses_another_eas_households(app, client, tokens, method, rule, path):
    body = (
        family(ea_id=EA2) if rule == "/api/v1/households" else {"action": "approve", "version": 1}
    )
    response = client.open(path, method=method, json=body, headers=bearer(tokens["wang"]))
    assert response.status_code in (403, 404)
    assert response.get_json()["error"]["code"] in ("forbidden", "not_found")
    assert stored(app) == (0, 0, 0)


API_ROUTES = [(m, r) for m, r, _ in OTHER_EA_API] + [
    ("GET", "/api/v1/status"),
    ("GET", "/api/v1/queue"),
]


@pytest.mark.parametrize(("method", "rule"), API_ROUTES)
def test_the_api_refuses_callers_without_a_valid_token(app, client, method, rule) -> None:
    path = rule.replace("<ea_id>", EA1).replace("<hh_no>", "001")
    for headers in ({}, bearer("not-a-token"), {"Authorization": "Basic d2FuZzpwdw=="}):
        response = client.open(path, method=method, json=family(), headers=headers)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert stored(app) == (0, 0, 0)


def test_lists_show_only_the_callers_eas(app, client, tokens) -> None:
    client.post("/api/v1/households", json=family(ea_id=EA2), headers=bearer(tokens["zhao"]))
    login(client, "wang")
    home = client.get("/").text
    assert EA1 in home
    assert EA2 not in home
    status = client.get("/api/v1/status", headers=bearer(tokens["wang"])).get_json()
    assert {row["ea_id"] for row in status["eas"]} == {EA1}
    queue = client.get("/api/v1/queue", headers=bearer(tokens["wang"])).get_json()
    assert queue["households"] == []
    office = client.get("/api/v1/queue", headers=bearer(tokens["office"])).get_json()
    assert [(h["ea_id"], h["hh_no"]) for h in office["households"]] == [(EA2, "001")]


def test_a_supervisor_sees_only_the_eas_they_supervise(app, client) -> None:
    with app.app_context():
        add_user(get_survey(), "chen", Role.SUPERVISOR, [EA1], password="pw-chen-12345")
    login(client, "chen", "pw-chen-12345")
    assert client.get(f"/households/{EA1}/001").status_code == 200
    assert client.get(f"/households/{EA2}/001").status_code == 403
    assert client.get(f"/ea/{EA2}").status_code == 404
    assert client.get(f"/review/{EA2}/001").status_code == 403
    assert client.get(f"/dashboard/ea/{EA2}").status_code == 403
    assert client.get(f"/dashboard/ea/{EA1}").status_code == 200
    assert EA2 not in client.get("/review/").text
    assert EA2 not in client.get("/dashboard/").text


# Who enters and who approves: supervisors review and comment, they do not save or submit.
SUPERVISOR_ENTRY = [
    ("form", "save"),
    ("form", "submit"),
    ("api", "submit"),
    ("addition", "add"),
]


@pytest.mark.parametrize(("way", "action"), SUPERVISOR_ENTRY)
def test_a_supervisor_does_not_enter_households(app, client, tokens, way, action) -> None:
    before = stored(app)
    if way == "api":
        answer = client.post("/api/v1/households", json=family(), headers=bearer(tokens["li"]))
    else:
        login(client, "li")
        token = page_token(client, "/review/")
        path = f"/ea/{EA1}/additions" if way == "addition" else f"/households/{EA1}/001"
        answer = client.post(
            path, data={"csrf_token": token, "action": action, "h.hh_type": "1", "p1._row": "1"}
        )
    assert answer.status_code == 403
    assert stored(app) == before
    with app.app_context():
        drafts = get_survey().store.read.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]
    assert drafts == 0


def test_the_office_may_enter_for_an_enumerator_and_it_is_recorded(app, client, tokens) -> None:
    answer = client.post("/api/v1/households", json=family(), headers=bearer(tokens["office"]))
    assert answer.status_code == 201
    login(client, "li")
    versions = client.get(f"/review/{EA1}/001").text
    versions = versions[versions.index('id="versions"') :].split("</table>")[0]
    assert "office" in versions
    assert "entered by the survey office for the enumerator" in versions


# --- the matrix's other two personas: a supervisor of another EA, and the office ------------


@pytest.fixture
def chen(app: Flask) -> str:
    """A supervisor of EA1 only: every path above is about EA2. Returns an API token."""
    with app.app_context():
        survey = get_survey()
        add_user(survey, "chen", Role.SUPERVISOR, [EA1], password="pw-chen-12345")
        return issue_token(survey, "chen")


@pytest.mark.parametrize(("method", "rule", "path"), OTHER_EA + OTHER_EA_FIELD)
def test_a_supervisor_of_another_ea_is_refused_and_changes_nothing(
    app, client, chen, method, rule, path
) -> None:
    login(client, "chen", "pw-chen-12345")
    token = page_token(client, "/review/")
    before = stored(app)
    data = {"csrf_token": token, "action": "submit", "h.hh_type": "1", "p1._row": "1"}
    response = client.open(path, method=method, data=data, headers={"X-CSRF-Token": token})
    assert response.status_code in (403, 404), (path, response.status_code)
    assert stored(app) == before


@pytest.mark.parametrize(("method", "rule", "path"), OTHER_EA_API)
def test_the_api_refuses_a_supervisor_of_another_ea(app, client, chen, method, rule, path):
    body = (
        family(ea_id=EA2) if rule == "/api/v1/households" else {"action": "approve", "version": 1}
    )
    response = client.open(path, method=method, json=body, headers=bearer(chen))
    assert response.status_code in (403, 404)
    assert stored(app) == (0, 0, 0)


@pytest.mark.parametrize(
    ("method", "rule", "path"),
    OTHER_EA + OTHER_EA_FIELD + REVIEWERS + [(m, r, r) for m, r in sorted(OFFICE) if m == "GET"],
)
def test_the_office_is_refused_nowhere(app, client, method, rule, path) -> None:
    """The office sees every EA: no route answers it 401 or 403 (a missing object is 404)."""
    login(client, "office")
    token = page_token(client)
    path = path.replace("<int:user_id>", "1").replace("<int:job_id>", "1").replace("<name>", "x")
    response = client.open(
        path, method=method, data={"csrf_token": token}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code not in (401, 403), (path, response.status_code)
