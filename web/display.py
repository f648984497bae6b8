"""How stored answers read on the review and dashboard pages: codes with their labels, items by
name, times and durations in short words. Presentation only (no survey rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app
from flask_babel import gettext as _

from schemas import Item
from survey import percent, threads
from validation import wording
from web import i18n
from web.db import get_survey


def item_of(table: str, name: str) -> Item | None:
    """The question ``name`` of the household (``households``) or person (``persons``) table."""
    q = get_survey().questionnaire
    found = q.households if table == "households" else q.persons
    return found.by_name.get(name)


def item_label(table: str, name: str) -> str:
    item = item_of(table, name)
    if item is None:
        return name
    number = f"{item.number} " if item.number else ""
    return number + i18n.label(item.label)


def form_message(finding: Any) -> str:
    """A finding's message as the household form shows it: by label, without the location."""
    lang = i18n.lang()
    return wording.form_message(get_survey().questionnaire, finding.message(lang), lang)


def answer(item: Item | None, value: Any) -> str:
    """A stored value as words: a code with its label ("2 女"), else the value itself."""
    text = "" if value is None else str(value)
    if item is None or not text or not item.codes:
        return text
    for code in item.codes:
        if str(code.value) == text:
            return f"{text} {i18n.label(code.label)}"
    return text


def survey_questions(table: str) -> list[Item]:
    """The questions of the household (``households``) or person (``persons``) table."""
    q = get_survey().questionnaire
    return list((q.households if table == "households" else q.persons).questions)


def zone() -> ZoneInfo:
    """The survey's time zone (setting ``time_zone``); UTC when the name is unknown."""
    name = str(current_app.config["SETTINGS"].get("time_zone") or "UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def when(at: str | None) -> str:
    """A stored (UTC, ISO 8601) time in the survey's time zone: "2025-11-01 16:30 UTC+8"."""
    if not at:
        return ""
    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        return str(at)[:16].replace("T", " ")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone())
    minutes = int((local.utcoffset() or timedelta()).total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    offset = f"{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")
    return local.strftime("%Y-%m-%d %H:%M") + f" UTC{sign}{offset}"


def duration(hours: float | None) -> str:
    """Hours as short words: "40 min", "5.5 h", "3.2 d"."""
    if hours is None:
        return "–"
    if hours < 1:
        return _("%(n)s min", n=round(hours * 60))
    if hours < 48:
        return _("%(n)s h", n=format(hours, ".1f"))
    return _("%(n)s d", n=format(hours / 24, ".1f"))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        item_of=item_of,
        item_label=item_label,
        answer=answer,
        form_message=form_message,
        when=when,
        time_zone=lambda: zone().key,
        duration=duration,
        percent=percent,
        survey_questions=survey_questions,
        comment_threads=threads,
    )
