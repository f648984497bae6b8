"""The web application: enumerators' pages and the JSON API over the ``survey`` package.

``create_app`` is the factory (Flask tutorial style); each resource has its ``init_app`` and each
group of pages its blueprint. Views parse the request, call one ``survey`` function and render.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from survey import load_settings

__all__ = ["create_app"]

MAX_BODY_BYTES = 2 * 1024 * 1024


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The application for the database ``SURVEY_DB`` with ``SETTINGS`` (see survey.config).

    Without ``test_config`` both come from ``SURVEY_*`` environment variables.
    """
    app = Flask(__name__)
    settings = load_settings()
    if test_config is not None:
        settings = {**settings, **test_config.get("SETTINGS", {})}
    app.config.from_mapping(
        SURVEY_DB=str(settings["db"]),
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        JSON_SORT_KEYS=False,
    )
    if test_config is not None:
        app.config.update({k: v for k, v in test_config.items() if k != "SETTINGS"})
    app.config["SETTINGS"] = settings

    from web import (
        access,
        admin,
        assign,
        audit,
        auth,
        compress,
        csrf,
        dashboard,
        db,
        display,
        errors,
        estimates,
        exports,
        fieldapp,
        fieldsync,
        headers,
        home,
        households,
        i18n,
        paths,
        review,
        storage,
        thread,
    )
    from web.api import init_app as init_api

    access.init_app(app)
    db.init_app(app)
    compress.init_app(app)
    i18n.init_app(app)
    display.init_app(app)
    auth.init_app(app)
    csrf.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    paths.init_app(app)
    storage.init_app(app)
    pages = (auth, home, households, admin, assign, audit, review, dashboard, exports, thread)
    for module in (*pages, estimates):
        app.register_blueprint(module.bp)
    init_api(app)
    proxies = int(settings["trusted_proxies"])
    if proxies > 0:  # the client's address and scheme as the proxies saw them
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    fieldapp.init_app(app)
    fieldsync.init_app(app)
    return app
