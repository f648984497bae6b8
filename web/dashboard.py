"""Dashboards for supervisors and the office: all my EAs and enumerators, one EA (with its
missing households), one enumerator. Figures come from ``survey.views.dashboard``; the charts are SVG
drawn on the server (``web.charts``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template, url_for
from flask_babel import gettext as _

from survey import (
    Dashboard,
    Row,
    State,
    dashboard_for_ea,
    dashboard_for_enumerator,
    dashboard_overview,
    percent,
)
from web import charts, i18n
from web.auth import login_required
from web.db import get_survey

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def _legend() -> list[tuple[str, str]]:
    return [
        ("done", i18n.state_label(State.APPROVED)),
        ("waiting", _("awaiting review")),
        ("back", i18n.state_label(State.RETURNED)),
        ("absent", _("missing")),
    ]


def progress_chart(rows: list[Row], link: str | None) -> charts.Chart:
    """Households of each row by where they stand; the bar's text is the household coverage."""

    def href(row: Row) -> str | None:
        if link == "ea":
            return url_for(".ea", ea_id=row.key)
        if link == "enumerator":
            return url_for(".enumerator", name=row.key)
        return None

    def coverage(row: Row) -> str:
        return percent(row.household_coverage, 0)

    return charts.stacked(
        [
            (
                row.key,
                [
                    ("done", row.approved),
                    ("waiting", row.awaiting),
                    ("back", row.returned),
                    ("absent", row.missing),
                ],
                coverage(row),
                href(row),
            )
            for row in rows
        ],
        _legend(),
    )


def rules_chart(board: Dashboard) -> charts.Chart:
    return charts.bars(
        [(r.rule_id, r.rate * 100, percent(r.rate), None) for r in board.rules],
        maximum=100 if board.rules else None,
    )


def _render(template: str, board: Dashboard, **extra: Any) -> Any:
    return render_template(
        template,
        board=board,
        ea_chart=progress_chart(board.eas, "ea"),
        enumerator_chart=progress_chart(board.enumerators, "enumerator"),
        rules_chart=rules_chart(board),
        **extra,
    )


@bp.get("/")
@login_required
def index() -> Any:
    return _render("dashboard/index.html", dashboard_overview(get_survey(), g.user))


@bp.get("/ea/<ea_id>")
@login_required
def ea(ea_id: str) -> Any:
    board = dashboard_for_ea(get_survey(), g.user, ea_id)
    return _render("dashboard/ea.html", board, row=board.eas[0])


@bp.get("/enumerators/<name>")
@login_required
def enumerator(name: str) -> Any:
    board = dashboard_for_enumerator(get_survey(), g.user, name)
    return _render("dashboard/enumerator.html", board, row=board.overall)
