"""The sample's commands: survey estimate (and, as they land, sample, weights, pes)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from survey.cli.output import Fail, add_db, add_lang, open_survey, table
from survey.sampling.design import LONELY_PSU
from survey.sampling.drawing import METHODS
from survey.sampling.estimation import VARIANCES


def register(commands: Any) -> None:
    register_sample(commands)
    register_weights(commands)
    register_pes(commands)
    p = commands.add_parser(
        "estimate",
        help="totals, means, proportions and ratios with standard errors, for domains too",
    )
    p.add_argument(
        "data",
        type=Path,
        help="an export folder (its persons file) or a CSV/Parquet/Stata/SPSS file",
    )
    p.add_argument("--strata", help="column of the strata")
    p.add_argument("--psu", help="column of the primary sampling units (default: each row)")
    p.add_argument("--ssu", help="column of the second-stage units within PSUs")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--weight", help="column of the weights")
    group.add_argument("--prob", help="column of the inclusion probabilities")
    p.add_argument(
        "--fpc",
        help="first-stage fpc: PSUs in the stratum (above 1) or the sampling fraction (at most 1)",
    )
    p.add_argument("--fpc2", help="second-stage fpc: SSUs in the PSU, or the fraction")
    for statistic in ("mean", "total", "proportion"):
        p.add_argument(
            f"--{statistic}",
            action="append",
            default=[],
            metavar="V",
            help=f"estimate the {statistic} of V (repeat for several)",
        )
    p.add_argument(
        "--ratio",
        action="append",
        default=[],
        metavar="N/D",
        help="estimate the ratio of totals N/D",
    )
    p.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COL",
        help="estimate for each domain of COL (repeat to cross several)",
    )
    p.add_argument(
        "--variance",
        choices=VARIANCES,
        default="taylor",
        help="Taylor linearisation (default) or replicate weights",
    )
    p.add_argument("--replicates", type=int, default=500, help="bootstrap replicates (default 500)")
    p.add_argument("--seed", type=int, default=1, help="seed of the bootstrap (default 1)")
    p.add_argument(
        "--lonely-psu",
        choices=LONELY_PSU,
        default="fail",
        help="what to do with a stratum of one PSU (default: refuse)",
    )
    add_controls(p)
    p.add_argument("--level", type=float, default=0.95, help="confidence level (default 0.95)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("-o", "--out", type=Path, help="write here instead of printing")
    add_lang(p)
    p.set_defaults(handler=run_estimate)


def register_sample(commands: Any) -> None:
    p = commands.add_parser(
        "sample", help="draw the sample of EAs from a frame: stratified PPS systematic or SRS"
    )
    p.add_argument("frame", type=Path, help="the frame of EAs (CSV, Parquet, Stata or SPSS)")
    p.add_argument("--strata", help="column of the strata (default: one stratum)")
    p.add_argument("--size", help="column of the measure of size (households or persons)")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--n", type=int, help="units (PSUs) to draw in each stratum")
    how.add_argument(
        "--allocation", type=Path, help="CSV with columns stratum,n: units per stratum"
    )
    p.add_argument("--method", choices=METHODS, default="pps-systematic", help="first-stage method")
    p.add_argument("--psu", help="column of the PSUs (villages): draw them first, then EAs in them")
    p.add_argument(
        "--ea-per-psu", type=int, default=1, help="EAs drawn in each selected PSU (default 1)"
    )
    p.add_argument(
        "--method2", choices=METHODS, default="srs", help="second-stage method (default srs)"
    )
    p.add_argument("--id", default="ea_id", help="column of the unit's id (default ea_id)")
    p.add_argument("--seed", type=int, required=True, help="seed of the random starts (logged)")
    p.add_argument(
        "-o", "--out", type=Path, required=True, help="the selected EAs, for survey load eas"
    )
    add_lang(p)
    p.set_defaults(handler=run_sample)


def run_sample(args: argparse.Namespace) -> int:
    from survey.sampling.drawing import Plan, read_allocation, select
    from survey.sampling.reading import read_table

    plan = Plan(
        size=args.size,
        strata=args.strata,
        n=args.n,
        allocation=read_allocation(args.allocation) if args.allocation else None,
        method=args.method,
        psu=args.psu,
        ea_per_psu=args.ea_per_psu,
        method2=args.method2,
        unit=args.id,
        seed=args.seed,
    )
    eas, log = select(read_table(args.frame), plan, label=str(args.frame))
    eas.to_csv(args.out, index=False, encoding="utf-8")
    log_path = args.out.with_suffix(".draw.json")
    log_path.write_text(json.dumps(log, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for stratum, entry in log["strata"].items():
        start = entry["random_start"]
        shown = "" if start is None else f", random start {start:.6f}"
        print(
            f"stratum {stratum}: {entry['n']} of {entry['units']}, {len(entry['certainty'])} with certainty{shown}"
        )
    print(f"{len(eas)} EAs written to {args.out}; the draw's log to {log_path}")
    return 0


def add_controls(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--poststratify",
        type=Path,
        metavar="FILE",
        help="post-stratify to the totals of FILE (cell columns and total)",
    )
    group.add_argument(
        "--rake",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="rake to the margin of FILE (repeat, one file per margin)",
    )


def read_all_controls(args: argparse.Namespace) -> list:
    from survey.sampling.controls import read_controls

    files = [args.poststratify] if args.poststratify else args.rake
    return [read_controls(f) for f in files]


def register_weights(commands: Any) -> None:
    p = commands.add_parser(
        "weights",
        help="base weights, non-response adjustment, calibration and trimming, with a report",
    )
    p.add_argument("data", type=Path, help="an export folder (its persons file) or a data file")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--weight", help="column of the base weights")
    group.add_argument("--prob", help="column of the inclusion probabilities (base weight 1/prob)")
    p.add_argument(
        "--listing",
        type=Path,
        help="the household listing: adjust for listed households not enumerated",
    )
    p.add_argument(
        "--nonresponse-by",
        default="ea_id",
        metavar="COL",
        help="adjustment classes (default ea_id; e.g. stratum)",
    )
    p.add_argument(
        "--household",
        nargs="+",
        default=["ea_id", "hh_no"],
        metavar="COL",
        help="columns identifying a household, EA first (default ea_id hh_no)",
    )
    add_controls(p)
    p.add_argument(
        "--trim",
        type=float,
        metavar="K",
        help="cap the weights at K × the median weight, the excess spread over the others",
    )
    p.add_argument(
        "-o", "--out", type=Path, required=True, help="the data with the weight columns added (CSV)"
    )
    p.add_argument("--report", type=Path, help="write the full report as JSON here")
    add_lang(p)
    p.set_defaults(handler=run_weights)


def run_weights(args: argparse.Namespace) -> int:
    from survey.sampling.reading import read_table
    from survey.sampling.weights import WeightPlan, make_weights

    plan = WeightPlan(
        weight=args.weight,
        prob=args.prob,
        listing=read_table(args.listing) if args.listing else None,
        listing_label=str(args.listing),
        nonresponse_by=args.nonresponse_by,
        household=args.household,
        controls=read_all_controls(args),
        trim=args.trim,
    )
    out, report = make_weights(read_table(args.data), plan, label=str(args.data))
    out.to_csv(args.out, index=False, encoding="utf-8")
    if args.report:
        args.report.write_text(
            json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    d = report["distribution"]
    print(
        f"{d['n']} weights, sum {d['sum']:,.1f}; min {d['min']:.4g}, median {d['median']:.4g}, max {d['max']:.4g}; Kish deff {d['kish_deff']:.4f}"
    )
    if "nonresponse" in report:
        r = report["nonresponse"]
        print(
            f"non-response by {r['class']}: {r['households_enumerated']} of {r['households_listed']} households enumerated; factors {r['factor_min']:.4g} to {r['factor_max']:.4g}"
        )
    for c in report["controls"]:
        print(
            f"controls {c['file']} ({', '.join(c['columns'])}): {len(c['cells'])} cells, largest relative gap {c['largest_relative_gap']:.2e}"
        )
    if "trimming" in report:
        t = report["trimming"]
        print(
            f"trimmed {t['weights_trimmed']} weights at {t['cap']:.4g} ({t['times_median']} × median)"
        )
    print(f"written to {args.out}")
    return 0


def register_pes(commands: Any) -> None:
    p = commands.add_parser(
        "pes",
        help="post-enumeration survey: match persons, omission rate (漏登率), dual-system estimate",
    )
    p.add_argument(
        "--survey",
        type=Path,
        required=True,
        help="the survey's persons (an export folder or a file)",
    )
    p.add_argument(
        "--pes",
        type=Path,
        help="the PES persons of the re-enumerated EAs (same columns); default: those loaded "
        "into the database with survey load pes",
    )
    add_db(p)
    p.add_argument(
        "--eas",
        type=Path,
        required=True,
        help="the PES EAs: ea_id, stratum, psu, prob (of being in the PES)",
    )
    p.add_argument(
        "--erroneous",
        type=Path,
        help="survey persons found erroneous on follow-up (ea_id, hh_no, line_no)",
    )
    p.add_argument(
        "--review", type=Path, help="write the doubtful pairs for clerical review here (CSV)"
    )
    p.add_argument("--by-ea", type=Path, help="write the figures of every EA here (CSV)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("-o", "--out", type=Path, help="write the survey and stratum figures here")
    add_lang(p)
    p.set_defaults(handler=run_pes)


def run_pes(args: argparse.Namespace) -> int:
    from survey.sampling.matching import check_columns, match
    from survey.sampling.pes import ea_counts, report
    from survey.sampling.reading import read_table

    survey = read_table(args.survey)
    if args.pes is not None:
        pes = read_table(args.pes)
    else:
        from survey.sampling.pes_loading import pes_persons

        with open_survey(args) as opened:
            pes = pes_persons(opened)
        if pes.empty:
            raise Fail(
                [
                    "no PES persons in the database; load them with survey load pes FILE or give --pes FILE"
                ]
            )
    erroneous = read_table(args.erroneous) if args.erroneous else None
    check_columns(survey, str(args.survey))
    check_columns(pes, str(args.pes))
    matches, review = match(survey, pes)
    counts = ea_counts(survey, pes, matches, erroneous)
    enumerated = survey["stratum"] if "stratum" in survey.columns else None
    result = report(counts, read_table(args.eas), str(args.eas), enumerated)
    if args.review:
        review.to_csv(args.review, index=False, encoding="utf-8")
    if args.by_ea:
        result["ea"].to_csv(args.by_ea, index=False, encoding="utf-8")
    figures = pd.concat(
        [result["survey"].assign(stratum="(all)"), result["stratum"]], ignore_index=True
    )
    figures = figures[["stratum", *[c for c in figures.columns if c != "stratum"]]]
    if args.format == "table" and args.out is None:
        shown = figures.T
        shown.columns = figures["stratum"]
        print(table(shown.iloc[1:].reset_index(names="figure"), max_rows=100))
        print(f"{len(matches)} persons matched, {len(review)} doubtful pairs for review")
    else:
        write(figures, args.format if args.format != "table" else "csv", args.out)
    return 0


def run_estimate(args: argparse.Namespace) -> int:
    from survey.sampling import COLUMNS, Design, Options, Request, estimate
    from survey.sampling.reading import read_table

    design = Design(
        strata=args.strata,
        psu=args.psu,
        ssu=args.ssu,
        weight=args.weight,
        prob=args.prob,
        fpc=args.fpc,
        fpc2=args.fpc2,
        lonely_psu=args.lonely_psu,
    )
    requests = [
        Request(s, v) for s in ("total", "mean", "proportion", "ratio") for v in getattr(args, s)
    ]
    options = Options(
        by=args.by,
        variance=args.variance,
        level=args.level,
        replicates=args.replicates,
        seed=args.seed,
        controls=read_all_controls(args),
    )
    frame = read_table(args.data)
    result = estimate(frame, design, requests, options, label=str(args.data))
    write(result[COLUMNS], args.format, args.out)
    return 0


def write(result: pd.DataFrame, fmt: str, out: Path | None) -> None:
    if fmt == "csv":
        text = result.to_csv(index=False)
    elif fmt == "json":
        text = (
            json.dumps(
                json.loads(result.to_json(orient="records", double_precision=15)),
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
    elif "estimate" not in result.columns:
        text = table(result, max_rows=10_000) + "\n"
    else:
        shown = result.copy()
        for column in ("estimate", "se", "ci_low", "ci_high"):
            shown[column] = shown[column].map(lambda v: f"{v:.6g}")
        shown["deff"] = shown["deff"].map(lambda v: f"{v:.3f}")
        text = table(shown, max_rows=10_000) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
