"""A full disk answers 503 with ``Retry-After`` and a message in the user's language, not a 500.

SQLite refuses a write when the disk (or the database's page limit) is full; the transaction is
rolled back, so nothing was stored and nothing was acknowledged. The answer says so and asks the
client to retry later; the operator gets one log line. Other database errors stay 500s.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, render_template, request
from flask_babel import gettext as _

from survey import DatabaseError, storage_full
from web.api.errors import error_body

RETRY_AFTER_S = 120
LOG = logging.getLogger("survey.storage")


def init_app(app: Flask) -> None:
    app.register_error_handler(DatabaseError, database_error)
    app.register_error_handler(OSError, os_error)


def database_error(error: DatabaseError) -> Any:
    if not storage_full(error):
        raise error
    return full()


def os_error(error: OSError) -> Any:
    if not storage_full(error):
        raise error
    return full()


def full() -> Any:
    LOG.error("disk full: %s %s answered 503", request.method, request.path[:200])
    response: Any
    if request.path.startswith("/api/"):
        response, status = error_body(
            "storage_full",
            503,
            "the server's disk is full: nothing was stored; send the household again in a few "
            "minutes (the survey office must free space)",
            "服务器磁盘已满：本次未保存任何数据；请几分钟后重新发送（调查办公室须腾出空间）",
        )
    else:
        title = _("The server's disk is full.")
        detail = _(
            "Nothing was stored. Keep this page open and try again in a few minutes; tell the "
            "survey office."
        )
        response = render_template("error.html", status=503, title=title, detail=detail)
        status = 503
    return response, status, {"Retry-After": str(RETRY_AFTER_S)}
