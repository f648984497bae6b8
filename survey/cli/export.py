"""The ``survey export`` command: the clean dataset with its codebook and manifest."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from survey.cli.output import Fail, add_db, open_survey, table
from survey.cli.progress import progress
from survey.export import FORMATS, REASONS, ExportError, Manifest, export_dataset, parse_formats
from survey.export.weights import total


def register(commands: Any) -> None:
    p = commands.add_parser(
        "export", help="write the clean dataset (approved households) with codebook and manifest"
    )
    add_db(p)
    p.add_argument(
        "--lang",
        choices=["en", "zh"],
        default="en",
        help="language of messages and of the Stata/SPSS labels (default en)",
    )
    p.add_argument(
        "--out", type=Path, required=True, help="folder to write (new, empty, or an earlier export)"
    )
    p.add_argument(
        "--format",
        default=",".join(FORMATS),
        help=f"comma-separated formats among {','.join(FORMATS)} (default: all of them)",
    )
    p.add_argument(
        "--public",
        action="store_true",
        help="public-use files: no direct identifiers, pseudonymous keys, top-coded age, "
        "k-anonymity report",
    )
    p.add_argument(
        "--include-unapproved",
        action="store_true",
        help="export the current version of every submitted household, with its review state",
    )
    p.set_defaults(handler=export)


def _strata(manifest: Manifest, zh: bool) -> str:
    rows = [s.as_dict() for s in [*manifest.strata, total(manifest.strata)]]
    frame = pd.DataFrame(rows)
    names = (
        ["抽样层", "调查小区", "户", "人", "加权户数", "加权人数"]
        if zh
        else ["stratum", "EAs", "households", "persons", "weighted households", "weighted persons"]
    )
    frame.columns = names
    for column in names[-2:]:
        frame[column] = frame[column].map(lambda v: f"{v:,.1f}")
    return table(frame, max_rows=1000)


def _report(manifest: Manifest, out: Path, zh: bool) -> None:
    formats = ", ".join(manifest.options["formats"])
    kind = ("公开使用" if zh else "public-use ") if manifest.options["public"] else ""
    if zh:
        print(
            f"已导出{kind}数据 {manifest.households} 户、{manifest.persons} 人到 {out}（{formats}）"
        )
    else:
        print(
            f"exported {kind}data of {manifest.households} households and {manifest.persons} "
            f"persons to {out} ({formats})"
        )
    if manifest.households == 0:
        print(
            "还没有审核通过的户：文件只有表头"
            if zh
            else "no household is approved yet: the files hold only their header rows"
        )
    if manifest.left_out:
        reasons = "; ".join(
            f"{REASONS[code][0 if zh else 1]}: {count}"
            for code, count in manifest.left_out_counts.items()
        )
        print(
            f"未导出 {len(manifest.left_out)} 户 — {reasons}（详见 manifest.json）"
            if zh
            else f"left out {len(manifest.left_out)} households — {reasons} (see manifest.json)"
        )
    print()
    print("各抽样层加权人口" if zh else "Weighted population by stratum")
    print(_strata(manifest, zh))
    if manifest.k_anonymity is not None:
        k = manifest.k_anonymity
        print()
        print(
            f"k 匿名（k = {k['k']}）：{k['cells_below_k']} 个单元少于 k 人，共 {k['persons_in_cells_below_k']} 人；见 k_anonymity.csv"
            if zh
            else f"k-anonymity (k = {k['k']}): {k['cells_below_k']} cells hold fewer than k "
            f"persons, {k['persons_in_cells_below_k']} persons in all; see k_anonymity.csv"
        )
    print()
    print(("数据集版本 " if zh else "dataset version ") + manifest.dataset_version)


def export(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    try:
        formats = parse_formats(args.format)
        with open_survey(args) as survey, progress("导出" if zh else "export") as report:
            manifest = export_dataset(
                survey,
                args.out,
                formats=formats,
                public=args.public,
                include_unapproved=args.include_unapproved,
                lang=args.lang,
                progress=report,
            )
    except ExportError as exc:
        raise Fail([exc.message(args.lang)]) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise Fail(
            [
                f"无法写入 {args.out}：{reason}"
                if zh
                else f"cannot write the export to {args.out}: {reason}"
            ]
        ) from None
    _report(manifest, args.out, zh)
    return 0
