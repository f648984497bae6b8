"""Passwords and tokens: argon2id hashes (argon2-cffi); tokens stored only as SHA-256.

The argon2id cost is OWASP's first recommended configuration (19 MiB, 2 passes, 1 lane): one
lane because the server's few cores serve every login, and memory-hard enough that a guessing
rig pays for every try.

Hashes made before argon2id (``scrypt$N$r$p$salt$digest``) still verify, and
:func:`needs_rehash` tells the login to replace them by an argon2id hash while it holds the
password. :func:`verify_unknown` spends the same time as a real verification, so the answer
for a name that does not exist takes as long as for one that does.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)  # argon2id
_WORDS = "abcdefghjkmnpqrstuvwxyz23456789"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
    except ValueError:
        return False
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether the hash is of an older scheme or weaker parameters than hashes made now."""
    if not stored.startswith("$argon2id$"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


@functools.cache
def _dummy() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def verify_unknown(password: str) -> bool:
    """A verification as costly as a real one, for a name with no (active) account; False."""
    verify_password(password, _dummy())
    return False


def new_password(length: int = 12) -> str:
    """A one-time password without look-alike characters (easy to read out on the phone)."""
    return "".join(secrets.choice(_WORDS) for _ in range(length))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
