"""C — coverage: 房不漏户, submitted households against the listing and the EA frame.

These rules run only when the listing (C-01 … C-03) or the EA frame (C-04) is given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.context import HOUSEHOLD_KEY, Context
from validation.findings import combine, hits
from validation.registry import Needs, Severity, rule


def _keys(frame: pd.DataFrame) -> pd.Series:
    return frame["ea_id"] + "\x1f" + frame["hh_no"]


def _within(values: pd.Series, among: pd.Series) -> np.ndarray:
    """Rows of ``values`` (non-blank) that occur in ``among``."""
    return (values.isin(among.dropna()) & values.notna()).to_numpy(dtype=bool)


def _listing(ctx: Context) -> pd.DataFrame:
    assert ctx.listing is not None
    return ctx.listing


@rule(
    "C-01",
    Severity.ERROR,
    fields=("hh_no",),
    en="A listed household has no submitted household record (missed household)",
    zh="底册中的户没有提交户记录（漏户）",
    needs=(Needs.LISTING,),
)
def missed(ctx: Context) -> pd.DataFrame:
    listing = _listing(ctx)
    keyed = listing[HOUSEHOLD_KEY].notna().all(axis=1).to_numpy(dtype=bool)
    first = ~listing.duplicated(HOUSEHOLD_KEY).to_numpy(dtype=bool)
    submitted = _within(_keys(listing), _keys(ctx.households))
    return hits(
        listing,
        keyed & first & ~submitted,
        level="household",
        en=(
            "this household is in the listing but no household record was submitted (a missed "
            "household); enumerate it, or report why it cannot be enumerated."
        ),
        zh="本户在户主姓名底册中，但没有提交户记录（漏户）；请登记本户，或说明无法登记的原因。",
    )


@rule(
    "C-02",
    Severity.WARNING,
    fields=("hh_no",),
    en="A submitted household was not in the listing (an addition found during enumeration)",
    zh="提交的户不在户主姓名底册中（调查中新发现的户）",
    needs=(Needs.LISTING,),
)
def added(ctx: Context) -> pd.DataFrame:
    listing = _listing(ctx)
    households = ctx.households
    listed = _within(_keys(households), _keys(listing))
    ea_listed = _within(households["ea_id"], listing["ea_id"])
    return hits(
        households,
        ea_listed & ~listed & households[HOUSEHOLD_KEY].notna().all(axis=1).to_numpy(dtype=bool),
        level="household",
        en=(
            "this household is not in the listing (an addition found during enumeration); "
            "confirm it is a new household and not a listed one under another number."
        ),
        zh="本户不在户主姓名底册中（调查中新发现的户）；请确认是新增户，而不是底册中的户编错了号。",
    )


@rule(
    "C-03",
    Severity.WARNING,
    fields=("n_present", "n_away"),
    en="The person count differs from the listing's expected_persons by more than 2",
    zh="登记人数与底册摸底人数相差超过2人",
    needs=(Needs.LISTING,),
)
def persons_against_listing(ctx: Context) -> pd.DataFrame:
    listing = _listing(ctx).drop_duplicates(HOUSEHOLD_KEY)
    tolerance = ctx.params.listing_person_tolerance
    expected = (
        ctx.households[HOUSEHOLD_KEY]
        .merge(listing[[*HOUSEHOLD_KEY, "expected_persons"]], on=HOUSEHOLD_KEY, how="left")[
            "expected_persons"
        ]
        .to_numpy(dtype="float64", na_value=np.nan)
    )
    rows = ctx.roster_size
    mask = ~np.isnan(expected) & (np.abs(rows - expected) > tolerance) & ~ctx.all_died
    return hits(
        ctx.households,
        mask,
        level="household",
        en=(
            f"the roster has {{rows}} persons but the listing expected {{expected}} (more than "
            f"{tolerance} apart); check that no one is missed or counted twice, and explain if right."
        ),
        zh=(
            f"本户登记{{rows}}人，户主姓名底册摸底{{expected}}人，相差超过{tolerance}人；"
            "请核实有无漏登或重登，如无误请说明。"
        ),
        values={"rows": rows, "expected": expected},
    )


@rule(
    "C-04",
    Severity.INFO,
    fields=("ea_id",),
    en="An EA of the frame has no listing rows or no submitted households",
    zh="抽中的调查小区没有底册或没有提交的户",
    needs=(Needs.EAS,),
)
def empty_areas(ctx: Context) -> pd.DataFrame:
    assert ctx.eas is not None
    eas = ctx.eas.drop_duplicates("ea_id").reset_index(drop=True)
    submitted = _within(eas["ea_id"], ctx.households["ea_id"])
    parts = [
        hits(
            eas,
            ~submitted,
            level="ea",
            en="no household of this EA has been submitted yet; start or finish its enumeration.",
            zh="本调查小区还没有提交任何户，请开始或完成登记。",
        )
    ]
    if ctx.listing is not None:
        listed = _within(eas["ea_id"], ctx.listing["ea_id"])
        parts.append(
            hits(
                eas,
                ~listed,
                level="ea",
                en="this EA has no listing rows; load its household listing so coverage can be checked.",
                zh="本调查小区没有户主姓名底册，请导入底册以便检查漏户。",
            )
        )
    return combine(parts)
