"""Commands about accounts: survey users add | token | revoke | list."""

from __future__ import annotations

import argparse
from typing import Any

from survey.accounts.access import Role, add_user, issue_token, revoke_tokens
from survey.cli.output import add_db, open_survey
from survey.store import users as users_store


def register(commands: Any) -> None:
    group = commands.add_parser("users", help="accounts: add, token, revoke, list")
    sub = group.add_subparsers(dest="users_command", metavar="USERS_COMMAND", required=True)
    p = sub.add_parser("add", help="create an account and print its one-time password")
    add_db(p)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument(
        "--ea",
        action="append",
        default=[],
        metavar="EA_ID",
        help="an EA this user works in (repeat for several)",
    )
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the pages")
    p.set_defaults(handler=add)
    p = sub.add_parser("token", help="print a new API token for the user")
    add_db(p)
    p.add_argument("name")
    p.set_defaults(handler=token)
    p = sub.add_parser("revoke", help="end every API token of the user")
    add_db(p)
    p.add_argument("name")
    p.set_defaults(handler=revoke)
    p = sub.add_parser("list", help="list the accounts and their EAs")
    add_db(p)
    p.set_defaults(handler=list_users)


def add(args: argparse.Namespace) -> int:
    with open_survey(args) as survey:
        user, password = add_user(survey, args.name, args.role, args.ea, lang=args.lang)
    eas = ", ".join(user.eas) or "none"
    print(f"created {user.role.value} {user.name} (EAs: {eas})")
    print(f"one-time password: {password}")
    return 0


def token(args: argparse.Namespace) -> int:
    with open_survey(args) as survey:
        print(issue_token(survey, args.name))
    return 0


def revoke(args: argparse.Namespace) -> int:
    with open_survey(args) as survey:
        revoked = revoke_tokens(survey, args.name)
    print(
        f"revoked {revoked} API token(s) of {args.name}; issue a new one with 'survey users token'"
    )
    return 0


def list_users(args: argparse.Namespace) -> int:
    with open_survey(args) as survey:
        for user in users_store.all_users(survey.store.read):
            state = "" if user["active"] else " (inactive)"
            print(f"{user['name']}\t{user['role']}\t{','.join(user['eas']) or '-'}{state}")
    return 0
