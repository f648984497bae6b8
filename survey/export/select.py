"""Which households an export holds, and why each other household is left out.

An export holds the approved version of every approved household (with ``include_unapproved``:
the current version of every household with a submitted version) whose EA has a design weight.
A household approved once and then reopened by the office is under review again: it is left out
until it is approved again. Listed households that were never submitted are reported too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from survey.states import State

#: reason code → (zh, en), in the order reasons are tried.
REASONS: dict[str, tuple[str, str]] = {
    "not_enumerated": ("已列入摸底名单但从未提交", "listed but never submitted"),
    "draft": ("仅保存为草稿，未提交", "saved as a draft, never submitted"),
    "no_design_weight": (
        "所在调查小区不在抽样框中或入样概率无效，无法加权",
        "its EA has no frame row or no valid inclusion probability, so it cannot be weighted",
    ),
    "returned": ("已退回调查员修改", "returned to the enumerator for correction"),
    "reopened": (
        "审核通过后被办公室重新打开，正在重新审核",
        "approved, then reopened by the office: under review again",
    ),
    "unresolved_errors": ("当前版本有未豁免的错误", "its current version has errors not waived"),
    "unexplained_warnings": (
        "当前版本有未说明的警告",
        "its current version has warnings not explained",
    ),
    "awaiting_review": ("已提交，等待审核", "submitted and waiting for review"),
}


@dataclass(frozen=True)
class LeftOut:
    ea_id: str
    hh_no: str
    state: str | None
    version: int | None
    reason: str
    errors: int = 0
    unexplained_warnings: int = 0

    def as_dict(self, keys: tuple[str | None, str | None] | None = None) -> dict[str, Any]:
        """The entry for the manifest; ``keys`` (public-use files) replace ea_id and hh_no."""
        zh, en = REASONS[self.reason]
        where: dict[str, Any] = (
            {"ea_key": keys[0], "hh_key": keys[1]}
            if keys is not None
            else {"ea_id": self.ea_id, "hh_no": self.hh_no}
        )
        return {
            **where,
            "state": self.state,
            "version": self.version,
            "reason": self.reason,
            "reason_zh": zh,
            "reason_en": en,
            "errors": self.errors,
            "unexplained_warnings": self.unexplained_warnings,
        }


def reason(row: dict[str, Any]) -> str:
    """The reason a household (a row of ``survey.store.export.left_out``) is not exported.

    With ``include_unapproved`` only the first three reasons can occur."""
    state = row["state"]
    if state is None:
        return "not_enumerated"
    if row["current_version"] is None or state == State.DRAFT.value:
        return "draft"
    if not row["weighted"]:
        return "no_design_weight"
    if state == State.RETURNED.value:
        return "returned"
    if row["approved_version"] is not None:
        return "reopened"
    if row["errors"]:
        return "unresolved_errors"
    if row["unexplained"]:
        return "unexplained_warnings"
    return "awaiting_review"


def left_out(rows: list[dict[str, Any]]) -> list[LeftOut]:
    return [
        LeftOut(
            ea_id=row["ea_id"],
            hh_no=row["hh_no"],
            state=row["state"],
            version=row["current_version"],
            reason=reason(row),
            errors=int(row["errors"] or 0),
            unexplained_warnings=int(row["unexplained"] or 0),
        )
        for row in rows
    ]


def counts(entries: list[LeftOut]) -> dict[str, int]:
    """Households left out per reason, in the order of :data:`REASONS`."""
    found = Counter(entry.reason for entry in entries)
    return {code: found[code] for code in REASONS if found[code]}
