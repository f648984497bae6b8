"""Languages of the pages: Simplified Chinese and English, chosen per user, switchable anywhere.

Texts are English message ids translated in ``translations/zh/LC_MESSAGES/messages.po``. The
catalogue is compiled in memory when the application starts (no build step, nothing generated
in the source tree), and served through Flask-Babel's ``gettext`` in code and templates.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, request
from flask_babel import Babel, Domain, get_locale, gettext

from schemas import Label
from survey import STATE_LABELS, Action, Role, State

LANGS = ("zh", "en")
COOKIE = "lang"
UNKNOWN_LANGUAGE = "unknown-language"  # the description of a 400 for a language not offered
CATALOGUES = Path(__file__).parent / "translations"


def compile_catalogues(folder: Path = CATALOGUES) -> dict[str, Translations]:
    """Every ``<lang>/LC_MESSAGES/messages.po`` under ``folder``, compiled."""
    out = {}
    for po in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
        lang = po.parent.parent.name
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        out[lang] = Translations(buffer)
    return out


class CompiledDomain(Domain):  # type: ignore[misc]
    """A Flask-Babel domain serving catalogues compiled at start-up."""

    def __init__(self, catalogues: dict[str, Translations]) -> None:
        super().__init__()
        self.catalogues = catalogues

    def get_translations(self) -> Translations | NullTranslations:
        return self.catalogues.get(str(get_locale()), NullTranslations())


def select_locale() -> str:
    """The signed-in user's language; else the language cookie; else the browser's; else the
    survey's default."""
    user = g.get("user")
    if user is not None and user.lang in LANGS:
        return str(user.lang)
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGS:
        return str(chosen)
    best = request.accept_languages.best_match(LANGS)
    return str(best or current_app.config["SETTINGS"].get("lang", "zh"))


def lang() -> str:
    """The language of this request: ``zh`` or ``en``."""
    return "zh" if str(get_locale()).startswith("zh") else "en"


def label(text: Label | tuple[str, str] | None) -> str:
    """A bilingual label (a questionnaire Label, or a (zh, en) pair) in the request's language."""
    if text is None:
        return ""
    if isinstance(text, Label):
        return text(lang())
    zh, en = text
    return zh if lang() == "zh" else en


def state_label(state: State | None) -> str:
    if state is None:
        return str(gettext("not started"))
    return label(STATE_LABELS[state])


ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.ENUMERATOR: ("调查员", "enumerator"),
    Role.SUPERVISOR: ("调查指导员", "supervisor"),
    Role.OFFICE: ("调查办公室", "survey office"),
}


def role_label(role: Role | str) -> str:
    return label(ROLE_LABELS[Role(role)])


SOURCE_LABELS: dict[str, tuple[str, str]] = {
    "form": ("网页表单", "web form"),
    "api": ("数据接口（应用）", "API (app)"),
    "import": ("文件导入", "file import"),
}


ACTION_LABELS: dict[str, tuple[str, str]] = {
    "submit": ("提交", "submitted"),
    "approve": ("审核通过", "approved"),
    "return": ("退回", "returned"),
    "reopen": ("重新打开", "reopened"),
    "waive": ("豁免错误", "waived an error"),
    "comment": ("提问", "asked"),
    "reply": ("回复", "replied"),
    "draft_save": ("保存草稿", "saved a draft"),
    "addition": ("新增户", "added a household"),
    "addition_remove": ("删除新增户", "removed an added household"),
    "assign": ("分派", "assigned"),
    "login": ("登录", "logged in"),
    "login_failed": ("登录失败", "failed to log in"),
    "logout": ("退出登录", "logged out"),
    "password_change": ("修改密码", "changed the password"),
    "password_reset": ("重置密码", "reset a password"),
    "login_unlock": ("解除登录等待", "let an account log in again"),
    "language": ("切换语言", "changed the language"),
    "user_add": ("新建账户", "account created"),
    "user_add_by": ("新建账户", "created an account"),
    "user_update": ("修改账户", "changed an account"),
    "token_issue": ("发放接口令牌", "API token issued"),
    "token_issue_by": ("发放接口令牌", "issued an API token"),
    "token_revoke": ("吊销接口令牌", "revoked API tokens"),
    "job_start": ("启动后台任务", "started a job"),
}


def action_label(action: str) -> str:
    """An action of the audit trail in words (an action of a later kind: its code)."""
    return label(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def source_label(source: str) -> str:
    """How a version came in, in words."""
    return label(SOURCE_LABELS[source]) if source in SOURCE_LABELS else source


def message(error: Any) -> str:
    """The text of a survey error carrying messages in both languages."""
    return str(error.message(lang()))


def init_app(app: Flask) -> None:
    babel = Babel(app, locale_selector=select_locale, default_locale="zh")
    babel.domain_instance = CompiledDomain(compile_catalogues())
    app.jinja_env.globals.update(lang=lang, label=label, state_label=state_label, message=message)
    app.jinja_env.globals.update(LANGS=LANGS, State=State, Role=Role, role_label=role_label)
    app.jinja_env.globals.update(
        source_label=source_label, action_label=action_label, Action=Action
    )
