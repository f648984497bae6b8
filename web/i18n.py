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
from survey import STATE_LABELS, Action, AuditAction, Role, State

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


#: Every action the audit trail records, in words: (zh, en). Keyed by the enums, so a new kind
#: of action without words fails tests/web/test_i18n.py.
ACTION_LABELS: dict[str, tuple[str, str]] = {
    Action.SUBMIT: ("提交", "submitted"),
    Action.APPROVE: ("审核通过", "approved"),
    Action.RETURN: ("退回", "returned"),
    Action.REOPEN: ("重新打开", "reopened"),
    Action.WAIVE: ("豁免错误", "waived an error"),
    AuditAction.COMMENT: ("提问", "asked"),
    AuditAction.REPLY: ("回复", "replied"),
    AuditAction.DRAFT_SAVE: ("保存草稿", "saved a draft"),
    AuditAction.ADDITION: ("新增户", "added a household"),
    AuditAction.ADDITION_REMOVE: ("删除新增户", "removed an added household"),
    AuditAction.ASSIGN: ("分派", "assigned"),
    AuditAction.VALIDATE: ("重新运行审核规则", "ran the edit rules again"),
    AuditAction.EXPORT: ("导出数据", "exported the dataset"),
    AuditAction.JOB_START: ("启动后台任务", "started a job"),
    AuditAction.LOAD_EAS: ("导入调查小区抽样框", "loaded the EA frame"),
    AuditAction.LOAD_LISTING: ("导入户主姓名底册", "loaded the household listing"),
    AuditAction.LOAD_PES: ("导入事后质量抽查数据", "loaded the post-enumeration survey"),
    AuditAction.LOGIN: ("登录", "logged in"),
    AuditAction.LOGIN_FAILED: ("登录失败", "failed to log in"),
    AuditAction.LOGIN_UNLOCK: ("解除登录等待", "let an account log in again"),
    AuditAction.LOGOUT: ("退出登录", "logged out"),
    AuditAction.LANGUAGE: ("切换语言", "changed the language"),
    AuditAction.PASSWORD_CHANGE: ("修改密码", "changed the password"),
    AuditAction.PASSWORD_RESET: ("重置密码", "reset a password"),
    AuditAction.PASSWORD_REHASH: ("更新密码散列", "password hash renewed"),
    AuditAction.USER_ADD: ("新建账户", "account created"),
    AuditAction.USER_ADD_BY: ("新建账户", "created an account"),
    AuditAction.USER_UPDATE: ("修改账户", "changed an account"),
    AuditAction.TOKEN_ISSUE: ("发放接口令牌", "API token issued"),
    AuditAction.TOKEN_ISSUE_BY: ("发放接口令牌", "issued an API token"),
    AuditAction.TOKEN_REVOKE: ("吊销接口令牌", "revoked API tokens"),
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
