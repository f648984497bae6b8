"""EA-level balancing so that no aggregate signal of rules.md fires on generated data.

Random draws alone would push some EAs past a threshold by chance (sex ratio outside 80–125,
fewer infants than half the one-year-olds, Whipple's index above 125). Each EA is corrected here
by construction: sexes are dealt to reach a ratio of about 105, a few one-year-olds become infants,
and a few ages ending in 0 or 5 move by one year (the kinship margins of
:class:`~survey.synth.limits.Limits` absorb that).
"""

from __future__ import annotations

import numpy as np

from survey.synth.limits import SEX_RATIO, WHIPPLE_SHARE, in_whipple_range, is_heaped
from survey.synth.rosters import CHILD_IN_LAW, OLDEST_CHILD, Rosters


def ranks_within(
    rng: np.random.Generator, groups: np.ndarray, first: np.ndarray | None = None
) -> np.ndarray:
    """A random rank (0, 1, …) of each element within its group; ``first`` elements rank first."""
    keys = [rng.random(len(groups))]
    if first is not None:
        keys.append(~first)
    order = np.lexsort((*keys, groups))
    sorted_groups = groups[order]
    start = np.searchsorted(sorted_groups, sorted_groups, side="left")
    ranks = np.empty(len(groups), dtype=np.int64)
    ranks[order] = np.arange(len(groups)) - start
    return ranks


def _per_ea(ea: np.ndarray, n_eas: int) -> np.ndarray:
    return np.bincount(ea, minlength=n_eas)


def fix_infants(rng: np.random.Generator, r: Rosters, ea: np.ndarray, n_eas: int) -> None:
    """Make some one-year-olds infants until each EA has at least half as many infants (+ margin)."""
    rows0, _ = np.nonzero(r.present & (r.age == 0))
    rows1, cols1 = np.nonzero(r.present & (r.age == 1))
    n0, n1 = _per_ea(ea[rows0], n_eas), _per_ea(ea[rows1], n_eas)
    needed = np.minimum(n1, np.ceil(np.maximum(0, n1 + 2 - 2 * n0) / 3).astype(np.int64))
    move = ranks_within(rng, ea[rows1]) < needed[ea[rows1]]
    r.age[rows1[move], cols1[move]] = 0


def fix_heaping(
    rng: np.random.Generator, r: Rosters, here: np.ndarray, ea: np.ndarray, n_eas: int
) -> None:
    """Move ages ending in 0/5 by a year until Whipple's index is at most 100·5·WHIPPLE_SHARE in
    every EA, counting all persons and counting only those present (``here``)."""
    excess = np.zeros(n_eas, dtype=np.int64)
    for subset in (r.present, r.present & here):
        rows, cols = np.nonzero(subset & in_whipple_range(r.age))
        total = _per_ea(ea[rows], n_eas)
        heaped = _per_ea(ea[rows[is_heaped(r.age[rows, cols])]], n_eas)
        excess = np.maximum(excess, heaped - np.floor(WHIPPLE_SHARE * total).astype(np.int64))
    rows, cols = np.nonzero(r.present & is_heaped(r.age))
    move = ranks_within(rng, ea[rows], first=here[rows, cols]) < excess[ea[rows]]
    shift = np.where(rng.random(move.sum()) < 0.5, -1, 1)
    r.age[rows[move], cols[move]] += shift


def assign_sexes(rng: np.random.Generator, r: Rosters, ea: np.ndarray, n_eas: int) -> None:
    """Choose the sexes kinship leaves open so that each EA has about SEX_RATIO males per 100
    females. A married child and the child-in-law are a pair: one of each sex."""
    pair = ~r.collective & r.present[:, CHILD_IN_LAW]
    free = r.present & (r.sex == 0)
    free[pair, OLDEST_CHILD] = False
    free[pair, CHILD_IN_LAW] = False

    rows, _ = np.nonzero(r.present)
    persons = _per_ea(ea[rows], n_eas)
    target = np.rint(persons * SEX_RATIO / (100 + SEX_RATIO)).astype(np.int64)
    rows_m, _ = np.nonzero(r.present & (r.sex == 1))
    fixed = _per_ea(ea[rows_m], n_eas) + _per_ea(ea[pair], n_eas)
    rows, cols = np.nonzero(free)
    n_free = _per_ea(ea[rows], n_eas)
    males = np.clip(target - fixed, 0, n_free)
    r.sex[rows, cols] = np.where(ranks_within(rng, ea[rows]) < males[ea[rows]], 1, 2)

    child = np.where(rng.random(pair.sum()) < 0.5, 1, 2)
    r.sex[pair, OLDEST_CHILD] = child
    r.sex[pair, CHILD_IN_LAW] = 3 - child
