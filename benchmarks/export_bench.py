"""Time ``survey export`` of a generated survey to every format, with peak memory.

    python benchmarks/export_bench.py [--households 100000] [--seed 7] [--keep DIR]

Builds a database of approved generated households (stored straight through the store, without
running the rules: the import has its own benchmark), then runs each export in a fresh child
process and prints its time and peak resident memory. The Parquet export is compared, in the same
run, with pandas ``to_parquet`` of the same frames (persons and households as read by
``survey.store.records`` with age and weights added): the target is at most 2x. Run by hand, not
by the test suite. ``--households 1400000`` gives about 5 million persons (the streaming target:
Parquet within 2 GB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from collectors import empty_cell_errors
from schemas import default_questionnaire, with_derived
from survey import synth
from survey.collection.submission import explanations_frame
from survey.context import Survey, now
from survey.states import State
from survey.store import listings, records, versions
from survey.store.households import set_state

STORE_SLICE = 50_000
ALL_FORMATS = ("parquet", "csv", "xlsx", "dta", "sav")


def peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited from the
    parent that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(db: Path, households: int, seed: int) -> tuple[int, int]:
    q = default_questionnaire()
    data = synth.generate(q, households, seed=seed)
    with Survey.create(db, q) as survey:
        with survey.store.write() as write:
            listings.upsert(write, q, "eas", data.eas)
            listings.upsert(write, q, "listing", data.listing)
        keys = data.households[["ea_id", "hh_no"]]
        for start in range(0, len(keys), STORE_SLICE):
            part = data.households.iloc[start : start + STORE_SLICE]
            people = data.persons.merge(part[["ea_id", "hh_no"]], on=["ea_id", "hh_no"])
            with survey.store.write() as write:
                versions.store_batch(
                    write,
                    q,
                    part,
                    people,
                    empty_cell_errors(),
                    explanations_frame([], "", ""),
                    source="import",
                    user_ids=[None] * len(part),
                    now=now(),
                )
        with survey.store.write() as write:
            at = now()
            for ea_id, hh_no in keys.itertuples(index=False):
                set_state(write, ea_id, hh_no, State.APPROVED, at)
    return len(data.households), len(data.persons)


def child_export(db: Path, out: Path, formats: str, public: bool) -> dict[str, Any]:
    from survey.export import export_dataset

    with Survey.open(db) as survey:
        started = time.perf_counter()
        manifest = export_dataset(survey, out, formats=formats, public=public)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb(), "persons": manifest.persons}


def child_pandas(db: Path, out: Path) -> dict[str, Any]:
    """The same frames the slow way: read everything with pandas, then ``to_parquet``."""
    q = default_questionnaire()
    with Survey.open(db) as survey:
        started = time.perf_counter()
        found = records.records(survey.store.read, q, which="approved")
        eas = listings.read(survey.store.read, q, "eas")[["ea_id", "stratum", "psu", "prob"]]
        tables = {}
        for name, frame in (("households", found.households), ("persons", found.persons)):
            frame = frame[q.tables[name].columns].merge(eas, on="ea_id")
            frame["weight"] = 1 / frame["prob"]
            tables[name] = with_derived(q, name, frame) if name == "persons" else frame
        read = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for name, frame in tables.items():
        frame.to_parquet(out / f"{name}.parquet", index=False)
    write = time.perf_counter() - started
    return {"read_seconds": read, "seconds": write, "peak_mb": peak_mb()}


def run_child(*arguments: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip().splitlines()[-1] if done.stderr else "child failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bench(work: Path, households: int, seed: int, formats: list[str], pandas: bool) -> None:
    db = work / "survey.db"
    started = time.perf_counter()
    if db.exists():
        with Survey.open(db) as survey:
            n_hh, n_persons = (
                survey.store.read.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("hh_rows", "person_rows")
            )
        print(f"reusing {db}: {n_hh:,} households / {n_persons:,} persons")
    else:
        n_hh, n_persons = build(db, households, seed)
        print(
            f"built {n_hh:,} approved households / {n_persons:,} persons in "
            f"{time.perf_counter() - started:.1f} s ({db.stat().st_size / 2**20:.0f} MB database)"
        )
    print()
    print(f"{'export':<28}{'seconds':>10}{'peak MB':>10}")
    results: dict[str, dict[str, Any]] = {}
    runs = [(f, f, False) for f in formats]
    if "parquet" in formats:
        runs.append(("parquet --public", "parquet", True))
    if len(formats) == len(ALL_FORMATS):
        runs.append(("all five formats", ",".join(ALL_FORMATS), False))
    for label, chosen, public in runs:
        out = work / f"out-{len(results)}"
        result = run_child("export", str(db), str(out), chosen, "public" if public else "full")
        results[label] = result
        print(f"{label:<28}{result['seconds']:>10.2f}{result['peak_mb']:>10.0f}", flush=True)
    if not pandas or "parquet" not in formats:
        return
    baseline = run_child("pandas", str(db), str(work / "pandas"))
    print(f"{'pandas read (records)':<28}{baseline['read_seconds']:>10.2f}")
    print(f"{'pandas to_parquet':<28}{baseline['seconds']:>10.2f}{baseline['peak_mb']:>10.0f}")
    ours = results["parquet"]["seconds"]
    print()
    print(
        f"Parquet export / pandas to_parquet of the same frames: {ours / baseline['seconds']:.1f}x "
        f"(target at most 2x)"
    )
    print(
        f"Parquet export / (pandas read + to_parquet): "
        f"{ours / (baseline['read_seconds'] + baseline['seconds']):.2f}x"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, db, out, *rest = sys.argv[2:]
        if kind == "export":
            result = child_export(Path(db), Path(out), rest[0], rest[1] == "public")
        else:
            result = child_pandas(Path(db), Path(out))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep", type=Path, default=None, help="work in this folder and keep it (reused if built)"
    )
    parser.add_argument("--formats", default=",".join(ALL_FORMATS), help="exports to time")
    parser.add_argument(
        "--no-pandas", action="store_true", help="skip the pandas baseline (large surveys)"
    )
    args = parser.parse_args()
    formats = [f for f in ALL_FORMATS if f in args.formats.split(",")]
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        bench(args.keep, args.households, args.seed, formats, not args.no_pandas)
        return
    with tempfile.TemporaryDirectory() as folder:
        bench(Path(folder), args.households, args.seed, formats, not args.no_pandas)


if __name__ == "__main__":
    main()
