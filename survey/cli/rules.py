"""``survey rules``: the rule catalogue, and which rules apply to a questionnaire and why not."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from survey.cli.output import Fail, add_lang


def register(commands: Any) -> None:
    p = commands.add_parser(
        "rules", help="the edit rules: id, severity, roles read, and which apply to a definition"
    )
    p.add_argument(
        "--questionnaire",
        type=Path,
        default=None,
        help="questionnaire definition (YAML/JSON; default: the 1%% survey)",
    )
    add_lang(p)
    p.set_defaults(handler=rules)


def rules(args: argparse.Namespace) -> int:
    from schemas import default_questionnaire, parse_definition
    from validation import RULES
    from validation.registry import applying

    if args.questionnaire is None:
        q = default_questionnaire()
    else:
        try:
            text = args.questionnaire.read_text(encoding="utf-8")
        except OSError as exc:
            raise Fail([f"cannot read {args.questionnaire}: {exc}"]) from None
        q = parse_definition(text, str(args.questionnaire))
    zh = args.lang == "zh"
    catalogue = RULES.catalogue(q)
    report = catalogue[["rule_id", "severity", "roles"]].merge(applying(RULES, q), on="rule_id")
    report["message"] = catalogue["description_zh" if zh else "description_en"]
    print(f"{q.title(args.lang)} ({q.id} {q.version})")
    declared = ", ".join(f"{name}={'/'.join(role.items)}" for name, role in q.roles.items())
    print(("角色：" if zh else "roles: ") + (declared or ("无" if zh else "none")))
    print()
    print(f"{'rule':<6} {'severity':<8} {'applies':<7} {'roles read':<34} message")
    for row in report.itertuples():
        why = f"  [{row.why}]" if row.why else ""
        roles = str(row.roles) or "-"
        print(f"{row.rule_id:<6} {row.severity:<8} {row.applies:<7} {roles:<34} {row.message}{why}")
    applies = int((report["applies"] == "yes").sum())
    print()
    print(
        f"{applies} / {len(report)} 条规则适用" if zh else f"{applies} of {len(report)} rules apply"
    )
    return 0
