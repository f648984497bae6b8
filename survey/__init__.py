"""The survey application's public surface: all a front end (``web/``) may use (the capability
packages are described in DESIGN.md). Names load on first use (PEP 562), so a command does not
import the web-facing half; ``_SURFACE`` is what runs, ``__all__`` and the ``TYPE_CHECKING`` block
tell ruff and mypy the same names (``tests/test_architecture.py`` checks the three agree).
"""

# ruff: noqa: I001  (the TYPE_CHECKING imports stay grouped by module: one block per module)
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_SURFACE: dict[str, tuple[str, str]] = {
    "Survey": ("survey.context", "Survey"),
    "DatabaseError": ("survey.store.connection", "OperationalError"),
    "storage_full": ("survey.store.connection", "storage_full"),
    "load_settings": ("survey.config", "load"),
    "Intake": ("survey.collection.intake", "Intake"),
    "Entry": ("survey.collection.entry", "Entry"),
    "RosterTooLong": ("survey.collection.entry", "RosterTooLong"),
    "DraftRefused": ("survey.collection.drafting", "DraftRefused"),
    "save_draft": ("survey.collection.drafting", "save_draft"),
    "SubmitError": ("survey.collection.submission", "SubmitError"),
    "AccountError": ("survey.accounts.access", "AccountError"),
    "Forbidden": ("survey.accounts.access", "Forbidden"),
    "Role": ("survey.accounts.access", "Role"),
    "user_for_token": ("survey.accounts.access", "user_for_token"),
    "SessionError": ("survey.accounts.sessions", "SessionError"),
    "log_in": ("survey.accounts.sessions", "log_in"),
    "LoginThrottle": ("survey.accounts.sessions", "Throttle"),
    "log_out": ("survey.accounts.sessions", "log_out"),
    "resume": ("survey.accounts.sessions", "resume"),
    "change_password": ("survey.accounts.sessions", "change_password"),
    "set_language": ("survey.accounts.sessions", "set_language"),
    "secret_key": ("survey.accounts.sessions", "secret_key"),
    "create_account": ("survey.accounts.staff", "create_account"),
    "update_account": ("survey.accounts.staff", "update_account"),
    "account_tokens": ("survey.accounts.staff", "tokens"),
    "revoke_account_tokens": ("survey.accounts.staff", "revoke_tokens"),
    "reset_account_password": ("survey.accounts.staff", "reset_password"),
    "issue_token": ("survey.accounts.staff", "issue_token"),
    "login_failures": ("survey.accounts.staff", "login_failures"),
    "unlock_logins": ("survey.accounts.staff", "unlock_logins"),
    "account": ("survey.accounts.staff", "account"),
    "accounts_list": ("survey.accounts.staff", "accounts_list"),
    "State": ("survey.states", "State"),
    "Action": ("survey.states", "Action"),
    "STATE_LABELS": ("survey.states", "LABELS"),
    "TransitionRefused": ("survey.states", "TransitionRefused"),
    "percent": ("survey.progress.status", "percent"),
    "EXPORT_FORMATS": ("survey.export", "FORMATS"),
    "ExportError": ("survey.export", "ExportError"),
    "ReviewError": ("survey.review.actions", "ReviewError"),
    "act": ("survey.review.actions", "act"),
    "require_reviewer": ("survey.review.actions", "require_reviewer"),
    "supervisor_queue": ("survey.review.queue", "supervisor_queue"),
    "approve_clean_households": ("survey.review.queue", "approve_clean"),
    "QUEUE_FILTERS": ("survey.review.queue", "FILTERS"),
    "Dashboard": ("survey.views.dashboard", "Dashboard"),
    "Row": ("survey.views.dashboard", "Row"),
    "dashboard_overview": ("survey.views.dashboard", "overview"),
    "dashboard_for_ea": ("survey.views.dashboard", "for_ea"),
    "dashboard_for_enumerator": ("survey.views.dashboard", "for_enumerator"),
    "export_listing": ("survey.views.export_runs", "listing"),
    "export_manifest": ("survey.views.export_runs", "manifest"),
    "export_reason_label": ("survey.views.export_runs", "reason_label"),
    "export_file": ("survey.views.export_runs", "file"),
    "work_list": ("survey.views.worklist", "work_list"),
    "ea_households": ("survey.views.worklist", "ea_households"),
    "Comment": ("survey.review.thread", "Comment"),
    "Finding": ("survey.views.household_form", "Finding"),
    "HouseholdPage": ("survey.views.household_form", "HouseholdPage"),
    "NotFound": ("survey.views.household_form", "NotFound"),
    "household_page": ("survey.views.household_form", "page"),
    "revise_household": ("survey.views.household_form", "revise"),
    "submit_entry": ("survey.views.household_form", "submit_entry"),
    "add_unlisted": ("survey.collection.unlisted", "add_unlisted"),
    "remove_unlisted": ("survey.collection.unlisted", "remove_unlisted"),
    "may_add_unlisted": ("survey.collection.unlisted", "may_add"),
    "UnlistedRefused": ("survey.collection.unlisted", "UnlistedRefused"),
    "review_page": ("survey.views.review_page", "review"),
    "ApiError": ("survey.views.api", "ApiError"),
    "Detail": ("survey.views.api", "Detail"),
    "submit_payload": ("survey.views.api", "submit_payload"),
    "household_answer": ("survey.views.api", "household_answer"),
    "submission_schema": ("survey.views.api", "submission_schema"),
    "review_schema": ("survey.views.api", "review_schema"),
    "queue_answer": ("survey.views.api", "queue_answer"),
    "review_payload": ("survey.views.api", "review_payload"),
    "status_answer": ("survey.views.api", "status_answer"),
    "EXPORT_JOB_KIND": ("survey.views.export_runs", "JOB_KIND"),
    "start_export": ("survey.views.export_runs", "start"),
    "job_of": ("survey.jobs", "get"),
    "latest_jobs": ("survey.jobs", "latest"),
    "JobRefused": ("survey.jobs", "JobRefused"),
    "estimate_tables": ("survey.sampling.office", "export_tables"),
    "estimates_computed": ("survey.sampling.office", "computed"),
    "estimates_computing": ("survey.sampling.office", "computing"),
    "start_estimates": ("survey.sampling.office", "start"),
    "group_order": ("survey.sampling.tables", "group_order"),
    "BULK_ACTIONS": ("survey.review.queue", "BULK_ACTIONS"),
    "bulk_act": ("survey.review.queue", "bulk_act"),
    "plan_bulk": ("survey.review.queue", "plan_bulk"),
    "queue_corrections": ("survey.review.queue", "corrections"),
    "threads": ("survey.review.thread", "threads"),
    "ask_in_thread": ("survey.review.thread", "ask"),
    "reply_in_thread": ("survey.review.thread", "reply"),
    "assignment": ("survey.accounts.assigning", "assignment"),
    "reassign": ("survey.accounts.assigning", "reassign"),
    "AUDIT_FILTERS": ("survey.views.audit", "FILTERS"),
    "audit_trail": ("survey.views.audit", "trail"),
    "audit_trail_csv": ("survey.views.audit", "trail_csv"),
    "ea_choices": ("survey.accounts.staff", "ea_choices"),
    "DeviceBase": ("survey.collection.device", "Base"),
    "DeviceChecker": ("survey.collection.device", "Checker"),
    "DeviceConflict": ("survey.collection.device", "Conflict"),
    "check_device_base": ("survey.collection.device", "check_base"),
    "replay_submission": ("survey.collection.submission", "replay"),
    "Severity": ("survey.review.approval", "Severity"),
}

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
    "Comment",
    "Dashboard",
    "DatabaseError",
    "Detail",
    "DeviceBase",
    "DeviceChecker",
    "DeviceConflict",
    "DraftRefused",
    "Entry",
    "ExportError",
    "Finding",
    "Forbidden",
    "HouseholdPage",
    "Intake",
    "JobRefused",
    "LoginThrottle",
    "NotFound",
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
    "approve_clean_households",
    "ask_in_thread",
    "assignment",
    "audit_trail",
    "audit_trail_csv",
    "bulk_act",
    "change_password",
    "check_device_base",
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
    "replay_submission",
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
        Forbidden as Forbidden,
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
    from survey.collection.device import (
        Base as DeviceBase,
        check_base as check_device_base,
        Checker as DeviceChecker,
        Conflict as DeviceConflict,
    )
    from survey.collection.drafting import (
        DraftRefused as DraftRefused,
        save_draft as save_draft,
    )
    from survey.collection.entry import (
        Entry as Entry,
        RosterTooLong as RosterTooLong,
    )
    from survey.collection.intake import Intake as Intake
    from survey.collection.submission import (
        replay as replay_submission,
        SubmitError as SubmitError,
    )
    from survey.config import load as load_settings
    from survey.context import Survey as Survey
    from survey.export import (
        ExportError as ExportError,
        FORMATS as EXPORT_FORMATS,
    )
    from survey.jobs import (
        get as job_of,
        JobRefused as JobRefused,
        latest as latest_jobs,
    )
    from survey.progress.status import percent as percent
    from survey.review.actions import (
        act as act,
        require_reviewer as require_reviewer,
        ReviewError as ReviewError,
    )
    from survey.review.approval import Severity as Severity
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
    from survey.sampling.tables import group_order as group_order
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
        Detail as Detail,
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
    from survey.views.export_runs import (
        file as export_file,
        JOB_KIND as EXPORT_JOB_KIND,
        listing as export_listing,
        manifest as export_manifest,
        reason_label as export_reason_label,
        start as start_export,
    )
    from survey.collection.unlisted import (
        add_unlisted as add_unlisted,
        may_add as may_add_unlisted,
        remove_unlisted as remove_unlisted,
        UnlistedRefused as UnlistedRefused,
    )
    from survey.views.household_form import (
        Finding as Finding,
        HouseholdPage as HouseholdPage,
        NotFound as NotFound,
        page as household_page,
        revise as revise_household,
        submit_entry as submit_entry,
    )
    from survey.views.review_page import review as review_page
    from survey.views.worklist import (
        ea_households as ea_households,
        work_list as work_list,
    )
