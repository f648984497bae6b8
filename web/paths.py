"""Path parameters are checked before any view (or the file system) sees them.

A parameter holding a control character (NUL included), a direction override or more than
``MAX_PARAMETER`` characters names nothing this application has: the answer is 404, as for any
other unknown page, never a 500 from a library refusing the character deeper down.
"""

from __future__ import annotations

import unicodedata

from flask import Flask, abort, request

MAX_PARAMETER = 200


def init_app(app: Flask) -> None:
    app.before_request(check_parameters)


def acceptable(value: str) -> bool:
    return len(value) <= MAX_PARAMETER and not any(
        unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in value
    )


def check_parameters() -> None:
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and not acceptable(value):
            abort(404)
