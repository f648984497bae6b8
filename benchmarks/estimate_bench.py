"""Time ``survey estimate``: a mean and a total with Taylor SEs by 30 domains on a million persons.

    python benchmarks/estimate_bench.py [--persons 1000000] [--strata 20] [--seed 3] [--no-r]

Generates a stratified two-stage sample (strata → PSUs → EAs → persons, with an fpc at both
stages), writes it as CSV, and times our estimator on it; when R and its ``survey`` package are
installed (Debian ``r-cran-survey``), times ``svyby(..., svymean)`` and ``svyby(..., svytotal)`` on
the same file in the same run and compares the figures. Prints both times (estimation alone, the
file already read) and the ratio. Run by hand, not by the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey.sampling import Design, Options, Request, estimate

R_SCRIPT = r"""
suppressMessages(library(survey))
d <- read.csv(commandArgs(TRUE)[1])
design <- svydesign(id = ~psu + ea, strata = ~stratum, fpc = ~N1 + N2, weights = ~w,
                    data = d, nest = TRUE)
t0 <- proc.time()[["elapsed"]]
m <- svyby(~income, ~domain, design, svymean)
t <- svyby(~income, ~domain, design, svytotal)
cat("seconds", proc.time()[["elapsed"]] - t0, "\n")
write.csv(data.frame(domain = m$domain, mean = m$income, mean_se = m$se,
                     total = t$income, total_se = t$se), commandArgs(TRUE)[2], row.names = FALSE)
"""


def generate(persons: int, strata: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    psus_per_stratum, eas_per_psu = 25, 4
    per_ea = persons // (strata * psus_per_stratum * eas_per_psu)
    n = strata * psus_per_stratum * eas_per_psu * per_ea
    ea = np.repeat(np.arange(strata * psus_per_stratum * eas_per_psu), per_ea)
    psu = ea // eas_per_psu
    stratum = psu // psus_per_stratum
    psu_effect = rng.normal(0, 300, size=psu.max() + 1)[psu]
    sex = rng.integers(1, 3, size=n)
    age_group = rng.integers(0, 15, size=n)
    return pd.DataFrame(
        {
            "stratum": stratum,
            "psu": psu,
            "ea": ea,
            "N1": 250,  # PSUs in each stratum of the population
            "N2": 40,  # EAs in each PSU
            "w": (250 / psus_per_stratum) * (40 / eas_per_psu),
            "domain": sex * 100 + age_group,  # 2 sexes × 15 age groups = 30 domains
            "income": rng.gamma(2.0, 1500, size=n) + psu_effect + 50 * age_group,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--strata", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--no-r", action="store_true", help="skip R even when it is installed")
    args = parser.parse_args()
    data = generate(args.persons, args.strata, args.seed)
    print(f"{len(data):,} persons, {data['stratum'].nunique()} strata, {data['psu'].nunique()} PSUs, "
          f"{data['ea'].nunique()} EAs, {data['domain'].nunique()} domains")  # fmt: skip
    design = Design(strata="stratum", psu="psu", ssu="ea", weight="w", fpc="N1", fpc2="N2")
    asks = [Request("mean", "income"), Request("total", "income")]
    warm = data.groupby("psu").head(2)  # a small sample of the same design
    estimate(warm, design, asks, Options(by=["domain"]))  # the libraries imported, not timed
    started = time.perf_counter()
    ours = estimate(data, design, asks, Options(by=["domain"]))
    seconds = time.perf_counter() - started
    print(f"survey estimate (svy, Taylor): {seconds:.1f} s")
    rscript = shutil.which("Rscript")
    if args.no_r or rscript is None:
        print("R not run (install Debian r-cran-survey to compare)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        data_csv, out_csv, script = Path(tmp, "d.csv"), Path(tmp, "r.csv"), Path(tmp, "b.R")
        data.to_csv(data_csv, index=False)
        script.write_text(R_SCRIPT, encoding="utf-8")
        run = subprocess.run([rscript, str(script), str(data_csv), str(out_csv)],
                             capture_output=True, text=True, check=True)  # fmt: skip
        r_seconds = float(run.stdout.split()[1])
        r = pd.read_csv(out_csv).set_index("domain")
    print(f"R survey svyby: {r_seconds:.1f} s")
    print(f"ratio ours / R: {seconds / r_seconds:.3g} (R takes {r_seconds / seconds:.0f}× as long)")
    mine = ours.assign(domain=ours["domain"].astype(int)).set_index(["statistic", "domain"])
    gaps = []
    for statistic in ("mean", "total"):
        m = mine.loc[statistic]
        for column, ref in (("estimate", statistic), ("se", f"{statistic}_se")):
            gaps.append(float((m[column] / r.loc[m.index, ref] - 1).abs().max()))
    print(f"largest relative difference from R (estimates and SEs): {max(gaps):.1e}")


if __name__ == "__main__":
    main()
