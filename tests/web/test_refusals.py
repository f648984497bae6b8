"""Every kind of refusal, sent through the one handler: the JSON error body under the JSON routes,
the error page elsewhere, in Chinese and in English.

Each refusal class of the application is listed below with one instance and the code and status
it must answer with; a new class that is not listed fails ``test_every_refusal_class_is_listed``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

import survey
import web
from survey.accounts.access import AccountError, Forbidden
from survey.accounts.sessions import SessionError
from survey.collection.device import Conflict
from survey.collection.drafting import DraftRefused
from survey.collection.entry import RosterTooLong
from survey.collection.submission import SubmitError
from survey.collection.unlisted import UnlistedRefused
from survey.errors import Detail, NotFound, Refusal
from survey.export import ExportError
from survey.jobs import JobRefused
from survey.review.actions import ReviewError
from survey.states import Action, State, TransitionRefused
from survey.store import StoreError
from survey.views.api import ApiError
from tests.web.clients import make_app
from tests.web.survey_data import new_survey
from web.db import close
from web.storage import StorageFull

EA = "370102001001001"
SIZE = Detail("household.size", "the household size must be a whole number", "户人数须为整数")

#: refusal → (code, status) it answers with
REFUSALS: list[tuple[Refusal, str, int]] = [
    (Refusal("you may not do this now", "您现在不能这样做"), "refused", 422),
    (
        ApiError("invalid_body", 422, "the body is not valid", "请求体无效", [SIZE]),
        "invalid_body",
        422,
    ),
    (
        ReviewError("unresolved_findings", 409, "cannot approve", "不能审核通过", [SIZE]),
        "unresolved_findings",
        409,
    ),
    (
        SubmitError(
            [("household number '1000' is not 001 to 999", "户编号“1000”不在001至999之间")]
        ),
        "refused_submission",
        422,
    ),
    (TransitionRefused(State.APPROVED, Action.SUBMIT, [(EA, "001")]), "refused_transition", 409),
    (DraftRefused("this household is approved", "本户已审核通过"), "refused_draft", 409),
    (Conflict("this household changed on the server", "本户已在服务器上变更"), "conflict", 409),
    (
        RosterTooLong("the roster holds 99 persons at most", "名单最多99人"),
        "refused_submission",
        422,
    ),
    (JobRefused("an export is running", "已有导出正在进行"), "job_running", 409),
    (NotFound(f"there is no household {EA}/999", f"没有户 {EA}/999"), "not_found", 404),
    (ExportError("there is no such format", "没有该格式"), "refused_export", 422),
    (SessionError("throttled", "too many attempts", "尝试次数过多"), "throttled", 429),
    (SessionError("bad_login", "wrong name or password", "用户名或密码错误"), "bad_login", 401),
    (AccountError("the name is taken", "该用户名已被使用", "name"), "refused_account", 422),
    (Forbidden("EA 1 is not one of yours", "调查小区 1 不是您负责的"), "forbidden", 403),
    (StoreError("there is no survey database", "没有调查数据库"), "store_unusable", 503),
    (StorageFull(), "storage_full", 503),
    (
        UnlistedRefused(
            "give the household's address", "请填写该户地址", status=422, field="address"
        ),
        "refused_addition",
        422,
    ),
]


def _refusal_classes() -> Iterator[type[Refusal]]:
    for package in (survey, web):
        for found in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not found.name.endswith("__main__"):  # which would run the command line
                importlib.import_module(found.name)
    seen: list[type[Refusal]] = [Refusal]
    for kind in seen:
        seen.extend(k for k in kind.__subclasses__() if k not in seen)
    return iter(seen)


def test_every_refusal_class_is_listed() -> None:
    listed = {type(refused) for refused, _, _ in REFUSALS}
    assert {k.__qualname__ for k in _refusal_classes()} - {k.__qualname__ for k in listed} == set()


@pytest.fixture(scope="module")
def refusing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """The application with JSON routes and a page route raising the refusal numbered in the
    path (as a use case raises it to a view); one for the module, since nothing is stored."""
    path = tmp_path_factory.mktemp("refusals") / "survey.db"
    new_survey(path).close()
    app = make_app(path)

    def refuse(number: int) -> None:
        raise REFUSALS[number][0]

    app.add_url_rule("/api/v1/refuse/<int:number>", "api_refuse", refuse)
    app.add_url_rule("/field/refuse/<int:number>", "field_refuse", refuse)
    app.add_url_rule("/refuse/<int:number>", "page_refuse", refuse)
    yield app.test_client()
    close(app)


CASES = [
    pytest.param(n, id=type(r).__name__ + f"-{code}") for n, (r, code, _) in enumerate(REFUSALS)
]


@pytest.mark.parametrize("number", CASES)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("prefix", ["/api/v1", "/field"])
def test_a_refusal_on_a_json_route_is_the_error_body(
    refusing: FlaskClient, number: int, lang: str, prefix: str
) -> None:
    refused, code, status = REFUSALS[number]
    answer = refusing.get(f"{prefix}/refuse/{number}", headers={"Accept-Language": lang})
    assert answer.status_code == status
    assert answer.mimetype == "application/json"
    error = answer.get_json()["error"]
    assert error["code"] == code
    assert error["message"] == (refused.zh if lang == "zh" else refused.en)
    assert error["details"] == [
        {"location": d.location, "message": d.zh if lang == "zh" else d.en} for d in refused.details
    ]


@pytest.mark.parametrize("number", CASES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refusal_on_a_page_is_the_error_page_in_the_users_language(
    refusing: FlaskClient, number: int, lang: str
) -> None:
    refused, _, status = REFUSALS[number]
    answer = refusing.get(f"/refuse/{number}", headers={"Accept-Language": lang})
    assert answer.status_code == status
    assert answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    wanted = [refused.zh, *(d.zh for d in refused.details)]
    if lang == "en":
        wanted = [refused.en, *(d.en for d in refused.details)]
    for text in wanted:
        assert text.replace("'", "&#39;").replace('"', "&#34;") in page


def test_a_refused_transition_says_what_to_do_in_both_languages() -> None:
    refused = TransitionRefused(State.APPROVED, Action.SUBMIT, [(EA, "001")])
    assert refused.en == (
        f"cannot submit a household that is approved ({EA}/001): the survey office must reopen "
        "an approved household first"
    )
    assert (
        refused.zh
        == f"户 {EA}/001 当前为“已审核通过”，不能提交：已审核通过的户须由调查办公室重新打开后才能更改"
    )


def test_an_unknown_api_route_is_a_json_error_and_an_unknown_page_an_error_page(
    refusing: FlaskClient,
) -> None:
    api = refusing.get("/api/v1/no-such-thing", headers={"Accept-Language": "zh"})
    assert api.status_code == 404
    assert api.get_json()["error"] == {"code": "not_found", "message": "没有该资源", "details": []}
    page = refusing.get("/no-such-page", headers={"Accept-Language": "en"})
    assert page.status_code == 404
    assert "There is no such page." in page.get_data(as_text=True)
