"""Review states of a household and the one table of transitions between them.

Code, SQL constraints (``CHECK (state IN …)``) and templates all read these; a state name is
never written as a string literal elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from survey.errors import Refusal


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"
    WAIVE = "waive"


#: (state before, action) → state after. A pair that is absent is a refused transition.
#: ``None`` stands for a household that has never been saved or submitted.
TRANSITIONS: dict[tuple[State | None, Action], State] = {
    (None, Action.SUBMIT): State.SUBMITTED,
    (State.DRAFT, Action.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Action.SUBMIT): State.SUBMITTED,
    (State.RETURNED, Action.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Action.APPROVE): State.APPROVED,
    (State.SUBMITTED, Action.RETURN): State.RETURNED,
    (State.APPROVED, Action.REOPEN): State.SUBMITTED,
    (State.SUBMITTED, Action.WAIVE): State.SUBMITTED,
}

LABELS: dict[State, tuple[str, str]] = {
    State.DRAFT: ("草稿", "draft"),
    State.SUBMITTED: ("已提交", "submitted"),
    State.RETURNED: ("已退回", "returned"),
    State.APPROVED: ("已审核通过", "approved"),
}


#: What each action does, in words: (zh, en), for refusals and the audit trail.
ACTION_WORDS: dict[Action, tuple[str, str]] = {
    Action.SUBMIT: ("提交", "submit"),
    Action.APPROVE: ("审核通过", "approve"),
    Action.RETURN: ("退回", "return"),
    Action.REOPEN: ("重新打开", "reopen"),
    Action.WAIVE: ("豁免错误", "waive an error of"),
}

#: What to do instead, by the state that refused the action: (zh, en).
_INSTEAD: dict[State | None, tuple[str, str]] = {
    None: ("请先提交本户", "submit the household first"),
    State.DRAFT: ("请先提交本户", "submit the household first"),
    State.SUBMITTED: ("请刷新页面查看本户当前状态", "reload to see the household as it is now"),
    State.RETURNED: (
        "须等调查员改正后再次提交",
        "wait for the enumerator to correct it and submit again",
    ),
    State.APPROVED: (
        "已审核通过的户须由调查办公室重新打开后才能更改",
        "the survey office must reopen an approved household first",
    ),
}


class TransitionRefused(Refusal):
    """An action that the household's state does not allow (409: the household is in another
    state than the action needs)."""

    code = "refused_transition"
    status = 409

    def __init__(
        self, state: State | None, action: Action, households: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.state = state
        self.action = action
        self.households = list(households)
        zh_state, en_state = LABELS[state] if state else ("未开始", "not started")
        zh_do, en_do = ACTION_WORDS[action]
        zh_then, en_then = _INSTEAD[state]
        where = ", ".join("/".join(key) for key in self.households[:5])
        super().__init__(
            f"cannot {en_do} a household that is {en_state}"
            + (f" ({where})" if where else "")
            + f": {en_then}",
            f"{'户 ' + where + ' ' if where else '本户'}当前为“{zh_state}”，不能{zh_do}：{zh_then}",
        )


def next_state(state: State | None, action: Action) -> State:
    """The state after ``action``; raises :class:`TransitionRefused` when not allowed."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise TransitionRefused(state, action) from None


def sql_check(column: str = "state") -> str:
    """The SQL CHECK constraint that keeps ``column`` within the states."""
    values = ", ".join(f"'{s.value}'" for s in State)
    return f"CHECK ({column} IN ({values}))"
