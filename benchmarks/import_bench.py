"""Time `survey import` of generated households from CSV into a fresh database.

    python benchmarks/import_bench.py [--households 100000] [--seed 7]

Prints the time of each phase and the whole; the target on a 2-core machine is under 60 s for
100,000 households (~360,000 persons). Run by hand, not by the test suite.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from schemas import default_questionnaire
from survey import synth
from survey.collection.frame import store_frame
from survey.context import Survey


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    q = default_questionnaire()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        data = synth.generate(q, args.households, seed=args.seed)
        data.households.to_csv(work / "households.csv", index=False)
        data.persons.to_csv(work / "persons.csv", index=False)
        print(
            f"generated {len(data.households):,} households / {len(data.persons):,} persons "
            f"and wrote the CSVs in {time.perf_counter() - started:.1f} s"
        )
        db = work / "survey.db"
        with Survey.create(db, q) as survey:
            store_frame(survey, "eas", data.eas, "eas")
            store_frame(survey, "listing", data.listing, "listing")
        command = [
            sys.executable,
            "-m",
            "survey",
            "import",
            "--db",
            str(db),
            "--households",
            str(work / "households.csv"),
            "--persons",
            str(work / "persons.csv"),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        print(done.stdout.strip() or done.stderr.strip())
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        with Survey.open(db) as survey:
            stored = survey.store.db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
            persons = survey.store.db.execute("SELECT COUNT(*) FROM person_rows").fetchone()[0]
        print(
            f"survey import: {elapsed:.1f} s end to end (target < 60 s); "
            f"{stored:,} versions and {persons:,} person rows stored; "
            f"peak memory of the import {child.ru_maxrss / 1024:.0f} MiB; "
            f"database {db.stat().st_size / 2**20:.0f} MiB"
        )


if __name__ == "__main__":
    main()
