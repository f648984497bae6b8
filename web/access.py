"""The access log: one line per answer — method, path (query values left out: they could hold
a name typed into a search), status, milliseconds, user id and client address — on the logger
``survey.access``. Respondents' names and ID numbers never appear: no body, no query value is
logged. ``survey serve`` configures the logging with timestamps (see survey.cli.serving).
"""

from __future__ import annotations

import logging
import time

from flask import Flask, g, request
from werkzeug.wrappers import Response

LOG = logging.getLogger("survey.access")


def init_app(app: Flask) -> None:
    app.before_request(start)
    app.after_request(log)


def start() -> None:
    g.access_started = time.monotonic()


def log(response: Response) -> Response:
    started = g.get("access_started")
    elapsed = (time.monotonic() - started) * 1000 if started is not None else 0.0
    user = g.get("user")
    query = "?" + "&".join(sorted(f"{k}=…" for k in request.args)) if request.args else ""
    LOG.info(
        "%s %s%s %s %.0fms user=%s addr=%s",
        request.method,
        request.path[:200],
        query[:200],
        response.status_code,
        elapsed,
        user.id if user is not None else "-",
        request.remote_addr or "-",
    )
    return response
