"""Settings, each declared once with its default and help; ``SURVEY_*`` variables override them.

Nothing reads configuration at import time: call :func:`load` when a command or the web
application starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return f"SURVEY_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "survey.db", "path of the survey database file"),
    Setting("host", "127.0.0.1", "address 'survey serve' listens on"),
    Setting("port", 8000, "port 'survey serve' listens on"),
    Setting("threads", 8, "worker threads of the WSGI server"),
    Setting(
        "secret_key", "", "key that signs CSRF tokens; a random one is made per database when empty"
    ),
    Setting(
        "secure_cookies",
        True,
        "send session cookies only over HTTPS (set 0 for plain HTTP "
        "on a trusted network or the demo)",
    ),
    Setting("session_hours", 12, "hours a login stays valid without activity"),
    Setting(
        "login_max_failures",
        5,
        "failed logins of one account from one client address before that address waits",
    ),
    Setting(
        "login_max_failures_per_address",
        20,
        "failed logins from one client address, whatever the names, before it waits",
    ),
    Setting("login_lock_minutes", 15, "minutes over which failed logins count (and a wait lasts)"),
    Setting("token_days", 90, "days an API token stays valid after it is issued"),
    Setting(
        "min_free_mb",
        200,
        "free disk space (MB) beside the database below which 'survey serve' refuses to start",
    ),
    Setting(
        "trusted_proxies",
        0,
        "reverse proxies in front of 'survey serve' (1 for one nginx) whose X-Forwarded-For, "
        "-Proto and -Host headers are believed; 0 ignores them, so no client picks its address",
    ),
    Setting("lang", "zh", "default language of messages and pages: zh or en"),
    Setting(
        "time_zone",
        "Asia/Shanghai",
        "time zone the pages show times in (an IANA name; times are stored in UTC)",
    ),
)


class ConfigError(ValueError):
    """A ``SURVEY_*`` variable whose value cannot be used."""


def _convert(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    return raw


def load(env: Mapping[str, str] | None = None, **overrides: Any) -> dict[str, Any]:
    """Every setting: explicit overrides (not None) beat ``SURVEY_*`` variables beat defaults."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.env in env and env[setting.env] != "":
            try:
                value = _convert(env[setting.env], setting.default)
            except ValueError:
                raise ConfigError(
                    f"{setting.env}={env[setting.env]!r} is not a valid {setting.name}"
                ) from None
        if overrides.get(setting.name) is not None:
            value = overrides[setting.name]
        values[setting.name] = value
    return values
