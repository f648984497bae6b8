"""How stored answers read on the review and dashboard pages: codes with their labels, items by
name, times and durations in short words. Presentation only (no survey rules)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext as _

from schemas import Item
from survey import percent
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


def answer(item: Item | None, value: Any) -> str:
    """A stored value as words: a code with its label ("2 女"), else the value itself."""
    text = "" if value is None else str(value)
    if item is None or not text or not item.codes:
        return text
    for code in item.codes:
        if str(code.value) == text:
            return f"{text} {i18n.label(code.label)}"
    return text


def when(at: str | None) -> str:
    """An ISO time as "2025-11-01 08:30" (UTC, as stored)."""
    return "" if not at else str(at)[:16].replace("T", " ")


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
        when=when,
        duration=duration,
        percent=percent,
    )
