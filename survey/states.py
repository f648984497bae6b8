"""Review states of a household and the one table of transitions between them.

Code, SQL constraints (``CHECK (state IN …)``) and templates all read these; a state name is
never written as a string literal elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


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


class TransitionRefused(Exception):
    """An action that the household's state does not allow."""

    def __init__(
        self, state: State | None, action: Action, households: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.state = state
        self.action = action
        self.households = list(households)
        shown = state.value if state else "not started"
        where = ", ".join("/".join(key) for key in self.households[:5])
        super().__init__(
            f"cannot {action.value} a household that is {shown}" + (f" ({where})" if where else "")
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
