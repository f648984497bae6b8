"""Time `survey check` end to end, whole and in chunks of EAs (and on Dask), with peak memory.

    python benchmarks/check_bench.py [--households 100000] [--base 10000] [--seed 11]
        [--singles 300] [--memory-mb 1024] [--engines whole,chunks,dask]

The survey is ``--base`` households made by ``survey.synth`` with one seeded problem per 200
households (V-01, S-04, ID-02, P-03, ID-05), repeated by ``survey.synth.tile.write_tiled`` in EAs
and with ID numbers of its own until there are ``--households``: each copy has the base's
findings and no copy's ID number is another's, so 1,000,000 households take about a minute to
build instead of the better part of an hour (seeding problems costs more the larger the survey).

Prints, measured in the same run, for each engine asked for: `survey check` on the households
and persons CSVs (read, parse, every rule, write the findings file), its time and CPU time (of
all its processes) per household, the peak memory of its largest process, and the ratios to the
chunked run; whether every
engine wrote the same findings file (byte for byte); `pd.read_csv(..., dtype=str)` of the same
two files and the ratio to it (target ≤ 3 for the chunked run); the median time to validate
one household (target < 20 ms). Targets for a census-sized batch: under 2 GB peak, and a time
per household within 15% of the 100,000-household run's. Run by hand, not by the test suite
("whole" is left out above 300,000 households: it holds everything at once).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from schemas import default_questionnaire
from survey import synth
from survey.synth.tile import write_tiled
from validation import validate

KEY = ["ea_id", "hh_no"]
ENGINES = {
    "whole": ["--memory-mb", "0"],
    "chunks": [],
    "dask": ["--engine", "dask"],
}
MEASURED = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(code, used.ru_maxrss, used.ru_utime + used.ru_stime)\n"
)


def run_check(command: list[str]) -> tuple[float, float, float]:
    """Seconds, peak MiB of the largest process and CPU seconds of every process (workers
    included) of one `survey check`, in a fresh parent process each time, so that one run's
    peak is not another's. On a machine shared with other work the CPU time varies less."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *command], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    code, peak, cpu = done.stdout.split()
    if int(code) not in (0, 1):
        sys.exit(f"survey check failed ({code}): {' '.join(command)}")
    return seconds, int(peak) / 1024, float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument(
        "--base", type=int, help="households generated, then repeated (default: up to 10,000)"
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--singles", type=int, default=300, help="households timed one by one")
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--engines", default="whole,chunks,dask")
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e in ENGINES]
    if args.households > 300_000 and "whole" in engines:
        engines.remove("whole")
    base_size = args.base or min(args.households, 10_000)
    copies, rest = divmod(args.households, base_size)
    if rest or not copies:
        sys.exit(f"--households ({args.households}) must be a multiple of --base ({base_size})")
    q = default_questionnaire()
    started = time.perf_counter()
    data = synth.generate(q, base_size, seed=args.seed)
    data, injected = synth.inject_errors(
        q,
        data,
        ["V-01", "S-04", "ID-02", "P-03", "ID-05"],
        seed=args.seed,
        per_rule=max(1, base_size // 200),
    )
    made = time.perf_counter() - started
    figures: dict[str, tuple[float, float, float]] = {}
    written: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        paths = write_tiled(data, copies, work)
        households, persons = paths["households"], paths["persons"]
        n_households, n_persons = copies * len(data.households), copies * len(data.persons)
        print(
            f"{n_households:,} households, {n_persons:,} persons, {copies * len(injected):,} "
            f"seeded problems ({copies} × {base_size:,} generated and seeded in {made:.0f} s, "
            f"written in {time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        singles = data.households.sample(
            n=min(args.singles, len(data.households)), random_state=args.seed
        )
        keys = set(singles[KEY].itertuples(index=False, name=None))
        wanted = pd.Series(list(zip(data.persons["ea_id"], data.persons["hh_no"], strict=True)))
        single_persons = data.persons[wanted.isin(keys).to_numpy()]
        del data

        started = time.perf_counter()
        pd.read_csv(households, dtype=str)
        pd.read_csv(persons, dtype=str)
        read = time.perf_counter() - started

        for engine in engines:
            out = work / f"findings-{engine}.csv"
            command = [sys.executable, "-m", "survey", "check", "--households", str(households),
                       "--persons", str(persons), "--findings", str(out)]  # fmt: skip
            if engine != "whole":
                command += ["--memory-mb", str(args.memory_mb)]
            figures[engine] = run_check([*command, *ENGINES[engine]])
            written[engine] = out.read_bytes()
            print(f"  {engine}: {figures[engine][0]:.1f} s", flush=True)

    by_household = dict(tuple(single_persons.groupby(KEY, sort=False)))
    timings = []
    for key, household in zip(singles[KEY].itertuples(index=False), singles.index, strict=True):
        one = singles.loc[[household]]
        people = by_household.get(tuple(key), single_persons.iloc[0:0])
        started = time.perf_counter()
        validate(q, one, people)
        timings.append(time.perf_counter() - started)
    single = statistics.median(timings) * 1000

    base = figures.get("chunks") or next(iter(figures.values()))
    print(f"survey check of {n_households:,} households, --memory-mb {args.memory_mb}:")
    print(f"{'engine':<8} {'seconds':>8} {'ms/household':>13} {'CPU s':>7} {'CPU ms/hh':>10} "
          f"{'peak MiB':>9} {'time ratio':>11} {'memory ratio':>13}")  # fmt: skip
    for engine, (seconds, peak, cpu) in figures.items():
        per, cpu_per = seconds / n_households * 1000, cpu / n_households * 1000
        print(
            f"{engine:<8} {seconds:>8.1f} {per:>13.3f} {cpu:>7.1f} {cpu_per:>10.3f} {peak:>9.0f} "
            f"{seconds / base[0]:>11.2f} {peak / base[1]:>13.2f}"
        )
    same = len(set(written.values())) == 1
    lines = next(iter(written.values())).count(b"\n") - 1 if written else 0
    print(
        f"findings files identical across engines: {'yes' if same else 'NO'} ({lines:,} findings)"
    )
    print(f"pd.read_csv(dtype=str) of the same files: {read:.2f} s")
    print(f"ratio of the chunked check to it: {base[0] / read:.2f} (target <= 3)")
    print(f"one household, median of {len(timings)}: {single:.1f} ms (target < 20 ms)")
    print("targets: peak < 2048 MiB; ms/household within 15% of the 100,000-household run's")


if __name__ == "__main__":
    main()
