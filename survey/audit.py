"""The kinds of action the audit trail (the ``events`` table) records, declared once.

The review actions are ``states.Action`` (they drive the transitions); every other change is an
``AuditAction``. The values are what the ``events.action`` column holds, unchanged; code never
writes an action as a bare string (``tests/test_architecture.py`` fails on one).
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    COMMENT = "comment"  # a question on a household's thread
    REPLY = "reply"
    DRAFT_SAVE = "draft_save"
    ADDITION = "addition"  # a household found that the listing lacks
    ADDITION_REMOVE = "addition_remove"  # an addition never submitted, removed by its adder
    ASSIGN = "assign"
    VALIDATE = "validate"
    EXPORT = "export"
    JOB_START = "job_start"
    LOAD_EAS = "load_eas"
    LOAD_LISTING = "load_listing"
    LOAD_PES = "load_pes"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_UNLOCK = "login_unlock"
    LOGOUT = "logout"
    LANGUAGE = "language"
    PASSWORD_CHANGE = "password_change"
    PASSWORD_RESET = "password_reset"
    PASSWORD_REHASH = "password_rehash"
    USER_ADD = "user_add"
    USER_ADD_BY = "user_add_by"
    USER_UPDATE = "user_update"
    TOKEN_ISSUE = "token_issue"
    TOKEN_ISSUE_BY = "token_issue_by"
    TOKEN_REVOKE = "token_revoke"
