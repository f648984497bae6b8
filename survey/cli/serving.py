"""Commands that serve the web application: serve, demo."""

from __future__ import annotations

import argparse
import logging
import shutil
from pathlib import Path
from typing import Any

from survey import config
from survey.cli.output import Fail, add_db, db_path
from survey.context import Survey


def register(commands: Any) -> None:
    p = commands.add_parser("serve", help="serve the web application (production WSGI server)")
    add_db(p)
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default 8000)")
    p.add_argument("--threads", type=int, default=None, help="worker threads (default 8)")
    p.set_defaults(handler=serve)

    p = commands.add_parser("demo", help="build a demo survey database and serve it")
    add_db(p)
    p.add_argument("--households", type=int, default=200, help="households to generate")
    p.add_argument("--seed", type=int, default=1, help="random seed")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--no-serve", action="store_true", help="build the database and stop")
    p.set_defaults(handler=demo)


def run_server(path: str, settings: dict[str, Any]) -> None:
    """Serve the web application from ``path`` with waitress until interrupted."""
    import waitress

    from web import create_app  # the composition root: only the CLI imports web

    Survey.open(path).close()  # a clear error now rather than on the first request
    free_mb = shutil.disk_usage(Path(path).resolve().parent).free // 2**20
    if free_mb < int(settings["min_free_mb"]):
        raise Fail(
            [
                f"only {free_mb} MB are free beside {path} (SURVEY_MIN_FREE_MB is "
                f"{settings['min_free_mb']}): free disk space before serving, or households "
                "would be refused once the disk is full"
            ]
        )
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )
    app = create_app({"SURVEY_DB": path, "SETTINGS": settings})
    print(
        f"serving {path} on http://{settings['host']}:{settings['port']}/  (Ctrl-C stops)",
        flush=True,
    )
    waitress.serve(
        app,
        host=settings["host"],
        port=settings["port"],
        threads=settings["threads"],
        ident="survey",
    )


def serve(args: argparse.Namespace) -> int:
    settings = config.load(db=args.db, host=args.host, port=args.port, threads=args.threads)
    run_server(str(settings["db"]), settings)
    return 0


def demo(args: argparse.Namespace) -> int:
    from survey.synth.demo import build_demo

    if args.households < 1:
        raise Fail(["--households must be at least 1"])
    path = db_path(args) if args.db else "survey-demo.db"
    info = build_demo(path, households=args.households, seed=args.seed)
    print(info.describe())
    if args.no_serve:
        return 0
    settings = config.load(db=path, host=args.host, port=args.port, secure_cookies=False)
    run_server(path, settings)
    return 0
