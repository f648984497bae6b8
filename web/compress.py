"""Responses compressed with gzip when the client accepts it (Flask-Compress): a four-person
household form is about 110 KB of HTML and a tenth of that compressed. Downloads sent as files
pass through unchanged."""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

MIN_BYTES = 500  # smaller answers gain nothing


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_BYTES)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    Compress(app)
