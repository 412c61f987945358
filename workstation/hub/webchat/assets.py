"""The page's static files, read once from the package, compressed once, hashed once."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from importlib import resources

#: Content types by file suffix; a file with another suffix is not served.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Asset:
    """One file as served: its bytes, their gzip form, an ETag and a content type."""

    body: bytes
    gzipped: bytes
    etag: str
    content_type: str

    @classmethod
    def of(cls, body: bytes, content_type: str) -> Asset:
        digest = hashlib.sha256(body).hexdigest()[:20]
        return cls(body, gzip.compress(body, 9, mtime=0), f'"{digest}"', content_type)


def load_static() -> dict[str, bytes]:
    """Every servable file of ``static/`` by name (the folder is flat)."""
    folder = resources.files("workstation.hub.webchat") / "static"
    files: dict[str, bytes] = {}
    for entry in folder.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in CONTENT_TYPES:
            files[entry.name] = entry.read_bytes()
    return files


def version_of(files: dict[str, bytes]) -> str:
    """A short hash of every file: the path segment that changes when any file does."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()[:12]


def content_type(name: str) -> str:
    return CONTENT_TYPES["." + name.rsplit(".", 1)[-1]]
