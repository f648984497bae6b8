"""The survey application's public surface: all a front end (``web/``) may use (the capability
packages are described in DESIGN.md). Names load on first use (PEP 562), so a command does not
import the web-facing half; ``survey.surface`` maps each name to what it is, ``__all__`` and the
``TYPE_CHECKING`` block tell ruff and mypy the same names (``tests/test_architecture.py`` checks the three agree).
"""

# ruff: noqa: I001  (the TYPE_CHECKING imports stay grouped by module: one block per module)
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from survey.surface import SURFACE as _SURFACE

__all__ = [
    "AUDIT_FILTERS",
    "BULK_ACTIONS",
    "EXPORT_FORMATS",
    "EXPORT_JOB_KIND",
    "QUEUE_FILTERS",
    "STATE_LABELS",
    "AccountError",
    "Action",
    "ApiError",
    "AuditAction",
    "Comment",
    "Dashboard",
    "DatabaseError",
    "Detail",
    "DeviceBase",
    "DeviceChecker",
    "DraftRefused",
    "Entry",
    "ExportError",
    "Finding",
    "HouseholdPage",
    "Intake",
    "JobRefused",
    "LoginThrottle",
    "Refusal",
    "ReviewError",
    "Role",
    "RosterTooLong",
    "Row",
    "SessionError",
    "Severity",
    "State",
    "SubmitError",
    "Survey",
    "TransitionRefused",
    "UnlistedRefused",
    "account",
    "account_tokens",
    "accounts_list",
    "act",
    "add_unlisted",
    "api_intake",
    "approve_clean_households",
    "ask_in_thread",
    "assignment",
    "audit_trail",
    "audit_trail_csv",
    "bulk_act",
    "change_password",
    "create_account",
    "dashboard_for_ea",
    "dashboard_for_enumerator",
    "dashboard_overview",
    "ea_choices",
    "ea_households",
    "estimate_tables",
    "estimates_computed",
    "estimates_computing",
    "export_file",
    "export_listing",
    "export_manifest",
    "export_reason_label",
    "group_order",
    "household_answer",
    "household_page",
    "issue_token",
    "job_of",
    "latest_jobs",
    "load_settings",
    "log_in",
    "log_out",
    "login_failures",
    "may_add_unlisted",
    "percent",
    "plan_bulk",
    "queue_answer",
    "queue_corrections",
    "reassign",
    "remove_unlisted",
    "reply_in_thread",
    "require_reviewer",
    "reset_account_password",
    "resume",
    "review_page",
    "review_payload",
    "review_schema",
    "revise_household",
    "revoke_account_tokens",
    "save_draft",
    "secret_key",
    "set_language",
    "start_estimates",
    "start_export",
    "status_answer",
    "storage_full",
    "submission_schema",
    "submit_entry",
    "submit_payload",
    "supervisor_queue",
    "threads",
    "unlock_logins",
    "update_account",
    "user_for_token",
    "work_list",
]


def __getattr__(name: str) -> Any:
    if name not in _SURFACE:
        raise AttributeError(f"module 'survey' has no attribute {name!r}")
    module, attribute = _SURFACE[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SURFACE))


if TYPE_CHECKING:
    from survey.accounts.access import (
        AccountError as AccountError,
        Role as Role,
        user_for_token as user_for_token,
    )
    from survey.accounts.assigning import (
        assignment as assignment,
        reassign as reassign,
    )
    from survey.accounts.sessions import (
        change_password as change_password,
        log_in as log_in,
        log_out as log_out,
        resume as resume,
        secret_key as secret_key,
        SessionError as SessionError,
        Throttle as LoginThrottle,
        set_language as set_language,
    )
    from survey.accounts.staff import (
        account as account,
        accounts_list as accounts_list,
        create_account as create_account,
        ea_choices as ea_choices,
        issue_token as issue_token,
        login_failures as login_failures,
        reset_password as reset_account_password,
        revoke_tokens as revoke_account_tokens,
        tokens as account_tokens,
        unlock_logins as unlock_logins,
        update_account as update_account,
    )
    from survey.audit import (
        AuditAction as AuditAction,
    )
    from survey.collection.device import (
        Base as DeviceBase,
        Checker as DeviceChecker,
    )
    from survey.collection.drafting import (
        DraftRefused as DraftRefused,
        save_draft as save_draft,
    )
    from survey.collection.entry import (
        Entry as Entry,
        RosterTooLong as RosterTooLong,
    )
    from survey.collection.intake import (
        Intake as Intake,
    )
    from survey.collection.unlisted import (
        add_unlisted as add_unlisted,
        may_add as may_add_unlisted,
        remove_unlisted as remove_unlisted,
        UnlistedRefused as UnlistedRefused,
    )
    from survey.collection.submission import (
        SubmitError as SubmitError,
    )
    from survey.collection.submitting import (
        submit_entry as submit_entry,
    )
    from survey.config import (
        load as load_settings,
    )
    from survey.context import (
        Survey as Survey,
    )
    from survey.errors import (
        Detail as Detail,
        Refusal as Refusal,
    )
    from survey.export import (
        ExportError as ExportError,
        FORMATS as EXPORT_FORMATS,
    )
    from survey.jobs import (
        get as job_of,
        JobRefused as JobRefused,
        latest as latest_jobs,
    )
    from survey.progress.status import (
        percent as percent,
    )
    from survey.review.actions import (
        act as act,
        require_reviewer as require_reviewer,
        ReviewError as ReviewError,
    )
    from survey.review.approval import (
        Severity as Severity,
    )
    from survey.review.queue import (
        approve_clean as approve_clean_households,
        bulk_act as bulk_act,
        BULK_ACTIONS as BULK_ACTIONS,
        corrections as queue_corrections,
        FILTERS as QUEUE_FILTERS,
        plan_bulk as plan_bulk,
        supervisor_queue as supervisor_queue,
    )
    from survey.review.thread import (
        ask as ask_in_thread,
        Comment as Comment,
        reply as reply_in_thread,
        threads as threads,
    )
    from survey.sampling.office import (
        computed as estimates_computed,
        computing as estimates_computing,
        export_tables as estimate_tables,
        start as start_estimates,
    )
    from survey.sampling.tables import (
        group_order as group_order,
    )
    from survey.states import (
        Action as Action,
        LABELS as STATE_LABELS,
        State as State,
        TransitionRefused as TransitionRefused,
    )
    from survey.store.connection import (
        OperationalError as DatabaseError,
        storage_full as storage_full,
    )
    from survey.views.api import (
        ApiError as ApiError,
        api_intake as api_intake,
        household_answer as household_answer,
        queue_answer as queue_answer,
        review_payload as review_payload,
        review_schema as review_schema,
        status_answer as status_answer,
        submission_schema as submission_schema,
        submit_payload as submit_payload,
    )
    from survey.views.audit import (
        FILTERS as AUDIT_FILTERS,
        trail as audit_trail,
        trail_csv as audit_trail_csv,
    )
    from survey.views.dashboard import (
        Dashboard as Dashboard,
        for_ea as dashboard_for_ea,
        for_enumerator as dashboard_for_enumerator,
        overview as dashboard_overview,
        Row as Row,
    )
    from survey.export.office import (
        file as export_file,
        JOB_KIND as EXPORT_JOB_KIND,
        listing as export_listing,
        manifest as export_manifest,
        reason_label as export_reason_label,
        start as start_export,
    )
    from survey.views.household_form import (
        Finding as Finding,
        HouseholdPage as HouseholdPage,
        page as household_page,
        revise as revise_household,
    )
    from survey.views.review_page import (
        review as review_page,
    )
    from survey.views.worklist import (
        ea_households as ea_households,
        work_list as work_list,
    )
