"""C — coverage: 房不漏户, submitted households against the listing and the EA frame.

These rules run only when the listing (C-01 … C-03) or the EA frame (C-04) is given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemas.keys import key_codes, lookup_rows, shared_codes
from validation.context import Context
from validation.findings import combine, hits
from validation.registry import Needs, Severity, rule


def _within(codes: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Rows whose (non-blank) code occurs in ``among``."""
    return (codes >= 0) & np.isin(codes, among[among >= 0])


def _listing(ctx: Context) -> pd.DataFrame:
    assert ctx.listing is not None
    return ctx.listing


def _household_codes(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Household-key codes of the listing and of the submitted households (computed once)."""

    def build() -> tuple[np.ndarray, np.ndarray]:
        listed, submitted = key_codes(_listing(ctx), ctx.households)
        return listed, submitted

    return ctx.shared("coverage:households", build)


def _area_codes(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """EA codes of the listing and of the submitted households (computed once)."""

    def build() -> tuple[np.ndarray, np.ndarray]:
        listed, submitted = shared_codes(_listing(ctx)["ea_id"], ctx.households["ea_id"])
        return listed, submitted

    return ctx.shared("coverage:areas", build)


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
    listed, submitted = _household_codes(ctx)
    _, first = np.unique(listed, return_index=True)
    once = np.zeros(len(listed), dtype=bool)
    once[first] = True
    return hits(
        listing,
        (listed >= 0) & once & ~_within(listed, submitted),
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
    listed, submitted = _household_codes(ctx)
    listed_areas, submitted_areas = _area_codes(ctx)
    area_listed = _within(submitted_areas, listed_areas)
    return hits(
        ctx.households,
        (submitted >= 0) & area_listed & ~_within(submitted, listed),
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
    fields=("expected_persons",),
    optional=("persons_present", "persons_away"),
    en="The person count differs from the listing's expected_persons by more than 2",
    zh="登记人数与底册摸底人数相差超过2人",
    needs=(Needs.LISTING,),
)
def persons_against_listing(ctx: Context) -> pd.DataFrame:
    tolerance = ctx.params.listing_person_tolerance
    listed, submitted = _household_codes(ctx)
    row = lookup_rows(listed, submitted)
    persons = _listing(ctx)["expected_persons"].to_numpy(dtype="float64", na_value=np.nan)
    expected = np.where(row >= 0, persons[np.maximum(row, 0)] if len(persons) else np.nan, np.nan)
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
        fields=";".join([*ctx.roles.fields("persons_present", "persons_away"), "expected_persons"]),
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
    frame_areas, submitted_areas = shared_codes(eas["ea_id"], ctx.households["ea_id"])
    submitted = _within(frame_areas, submitted_areas)
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
        frame_areas, listed_areas = shared_codes(eas["ea_id"], ctx.listing["ea_id"])
        listed = _within(frame_areas, listed_areas)
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
