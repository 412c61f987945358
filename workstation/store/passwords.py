"""Password hashing with Argon2id (argon2-cffi)."""

import base64
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


#: Verified when the user does not exist, so both answers take the same time: random salt and
#: digest in a hash with :data:`_hasher`'s own parameters (checking it costs what checking a
#: real one does, and no password matches it). Made without hashing, so that importing this
#: (every hub and ``workstation-hub`` command) does not cost an Argon2 hash.
_DUMMY_HASH = (
    f"$argon2{_hasher.type.name.lower()}$v=19"
    f"$m={_hasher.memory_cost},t={_hasher.time_cost},p={_hasher.parallelism}"
    f"${_b64(os.urandom(_hasher.salt_len))}${_b64(os.urandom(_hasher.hash_len))}"
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always does the same amount of work."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
