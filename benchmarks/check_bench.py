"""Time `survey check` end to end against merely reading the same files with pandas.

    python benchmarks/check_bench.py [--households 100000] [--seed 11] [--singles 300]

Prints, measured in the same run: `survey check` on the households and persons CSVs (read, parse,
every rule, write the findings file), `pd.read_csv(..., dtype=str)` of the same two files, their
ratio (target ≤ 3), the median time to validate one household (target < 20 ms) and the peak memory
of the check (target < 2 GB). Run by hand, not by the test suite.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from schemas import default_questionnaire
from survey import synth
from validation import validate

KEY = ["ea_id", "hh_no"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--singles", type=int, default=300, help="households timed one by one")
    args = parser.parse_args()
    q = default_questionnaire()
    data = synth.generate(q, args.households, seed=args.seed)
    data, injected = synth.inject_errors(
        q,
        data,
        ["V-01", "S-04", "ID-02", "P-03"],
        seed=args.seed,
        per_rule=max(1, args.households // 200),
    )
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        households, persons = work / "households.csv", work / "persons.csv"
        data.households.to_csv(households, index=False)
        data.persons.to_csv(persons, index=False)
        print(
            f"{len(data.households):,} households, {len(data.persons):,} persons, "
            f"{len(injected):,} seeded problems"
        )

        started = time.perf_counter()
        pd.read_csv(households, dtype=str)
        pd.read_csv(persons, dtype=str)
        read = time.perf_counter() - started

        command = [
            sys.executable,
            "-m",
            "survey",
            "check",
            "--households",
            str(households),
            "--persons",
            str(persons),
            "--findings",
            str(work / "findings.csv"),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        check = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if done.returncode not in (0, 1):
            sys.exit(f"survey check failed: {done.stderr}")
        with open(work / "findings.csv", encoding="utf-8") as written:
            found = sum(1 for _ in written) - 1

    sample = data.households.sample(
        n=min(args.singles, len(data.households)), random_state=args.seed
    )
    by_household = dict(tuple(data.persons.groupby(KEY, sort=False)))
    timings = []
    for key, household in zip(sample[KEY].itertuples(index=False), sample.index, strict=True):
        one = data.households.loc[[household]]
        people = by_household.get(tuple(key), data.persons.iloc[0:0])
        started = time.perf_counter()
        validate(q, one, people)
        timings.append(time.perf_counter() - started)
    single = statistics.median(timings) * 1000

    print(f"survey check end to end: {check:.2f} s ({found:,} findings written)")
    print(f"pd.read_csv(dtype=str) of the same files: {read:.2f} s")
    print(f"ratio: {check / read:.2f} (target <= 3)")
    print(f"one household, median of {len(timings)}: {single:.1f} ms (target < 20 ms)")
    print(f"peak memory of survey check: {peak:.0f} MiB (target < 2048 MiB)")


if __name__ == "__main__":
    main()
