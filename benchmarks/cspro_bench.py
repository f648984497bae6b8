"""Time `survey cspro data` on the Popstan census (4,872 households, 24,271 persons).

    python benchmarks/cspro_bench.py [--folder ../shared/testdata/cspro/popstan-census] [--runs 3]

Prints the best and median of the runs; the target on a 2-core machine is under 5 s. Run by
hand, not by the test suite (a shared machine moves the figure; no test asserts a duration).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).parents[1].parent / "shared" / "testdata" / "cspro" / "popstan-census"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    dcf, dat = args.folder / "Census Dictionary.dcf", args.folder / "Popstan Census.dat"
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.runs):
            command = [sys.executable, "-m", "survey", "cspro", "data", str(dcf), str(dat)]
            started = time.perf_counter()
            done = subprocess.run([*command, "-o", folder], capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                sys.exit(f"survey cspro data failed: {done.stderr}")
    print(f"survey cspro data: best {min(times):.2f} s, median {statistics.median(times):.2f} s")
    print(f"target < 5 s: best is {min(times) / 5:.0%} of it")


if __name__ == "__main__":
    main()
