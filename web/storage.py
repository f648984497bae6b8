"""A full disk answers 503 with ``Retry-After`` and a message in the user's language, not a 500.

SQLite refuses a write when the disk (or the database's page limit) is full; the transaction is
rolled back, so nothing was stored and nothing was acknowledged. The answer says so and asks the
client to retry later; the operator gets one log line. Other database errors stay 500s.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, request

from survey import DatabaseError, Refusal, storage_full
from web.errors import refusal

RETRY_AFTER_S = 120
LOG = logging.getLogger("survey.storage")


class StorageFull(Refusal):
    """The disk is full: nothing of this request was stored."""

    code = "storage_full"
    status = 503

    def __init__(self) -> None:
        super().__init__(
            "the server's disk is full: nothing was stored; try again in a few minutes (keep "
            "this page or the device's outbox as it is; the survey office must free space)",
            "服务器磁盘已满：本次未保存任何数据；请几分钟后重试（保留本页或设备待发送的内容；"
            "调查办公室须腾出空间）",
        )


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
    response, status = refusal(StorageFull())
    return response, status, {"Retry-After": str(RETRY_AFTER_S)}
