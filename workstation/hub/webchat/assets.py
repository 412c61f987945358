"""The page's static files, read once from the package, compressed once, hashed once."""

from __future__ import annotations

import gzip
import hashlib
import re
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


#: The page's script: the module ``index.html`` loads, with everything it imports bundled in.
ENTRY = "app.js"
_IMPORT = re.compile(
    r'^import \{ *([\w$]+(?: *, *[\w$]+)*) *\} from "\./([\w.-]+\.js)";[ \t]*$', re.M)
_EXPORT = re.compile(r"^export (?=(?:async\s+)?(?:function\*?|class|const)\s+([\w$]+))", re.M)
_OTHER_MODULE_SYNTAX = re.compile(r"^\s*(import|export)\b|\bimport\s*\(", re.M)


def bundle(files: dict[str, bytes], entry: str = ENTRY) -> bytes | None:
    """``entry`` with the modules it imports (and theirs) in one script, so that a phone fetches
    one file instead of five — each file costs the hub a connection of its own (websockets
    closes it after the answer; docs/performance.md). Each imported module runs in a function
    of its own, in import order, and hands on what it exports; names stay where they were.
    None when a module uses a form of ``import``/``export`` this does not handle (the files
    are then served as they are)."""
    order: list[str] = []

    def visit(name: str, seen: tuple[str, ...]) -> bool:
        if name in order:
            return True
        if name in seen or name not in files:
            return False  # an import cycle, or a missing file
        for match in _IMPORT.finditer(files[name].decode()):
            if not visit(match.group(2), (*seen, name)):
                return False
        order.append(name)
        return True

    if not visit(entry, ()):
        return None
    parts = []
    for name in order:
        text = _IMPORT.sub(lambda m: f"const {{{m.group(1)}}} = {_module_name(m.group(2))};",
                           files[name].decode())
        exported = _EXPORT.findall(text)
        text = _EXPORT.sub("", text)
        if _OTHER_MODULE_SYNTAX.search(text):
            return None
        if name == entry:
            parts.append(f"// {name}\n{{\n{text}}}\n")
        else:
            parts.append(f"// {name}\nconst {_module_name(name)} = (() => {{\n{text}"
                         f"return {{ {', '.join(exported)} }};\n}})();\n")
    return "".join(parts).encode()


def _module_name(file: str) -> str:
    return "module_" + re.sub(r"\W", "_", file.removesuffix(".js"))
