"""Operations commands: backup and restore of the survey database."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from survey.cli.output import Fail, add_db, db_path
from survey.store import StoreError
from survey.store import backup as backups


def register(commands: Any) -> None:
    p = commands.add_parser(
        "backup", help="copy the database to a new file, safely while it is being served"
    )
    add_db(p)
    p.add_argument("out", help="the backup file to write (must not exist)")
    p.set_defaults(handler=backup)

    p = commands.add_parser(
        "restore", help="replace the database by a backup (stop the server first)"
    )
    add_db(p)
    p.add_argument("backup", help="a backup file written by 'survey backup'")
    p.set_defaults(handler=restore)


def backup(args: argparse.Namespace) -> int:
    copy = backups.backup(Path(db_path(args)), Path(args.out))
    print(f"backed up to {copy.describe()}")
    return 0


def restore(args: argparse.Namespace) -> int:
    database, source = Path(db_path(args)), Path(args.backup)
    backups.inspect(source)  # refuse a file that is no sound survey backup before anything else
    if database.exists() and database.stat().st_size > 0:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = database.with_name(f"{database.stem}.before-restore-{stamp}{database.suffix}")
        try:
            backups.backup(database, kept)
        except StoreError as exc:
            raise Fail(
                [exc.message(), f"{database} is left as it is; move it away to restore"]
            ) from None
        print(f"kept the database as it was in {kept}")
    copy = backups.restore(source, database)
    print(f"restored {copy.describe()}")
    return 0
