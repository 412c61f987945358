"""The page's static files, read once from the package, compressed once, hashed once."""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
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


#: The page's style sheet and icon, as ``index.html`` links them (``{{version}}`` not yet set).
STYLE_LINK = '<link rel="stylesheet" href="/chat/v/{{version}}/chat.css">'
ICON_LINK = '<link rel="icon" href="/chat/v/{{version}}/icon.svg">'


def inline_style(page: str, css: bytes) -> tuple[str, str | None]:
    """The page with its style sheet in a ``<style>`` element, and the CSP source that allows
    exactly that element (``'sha256-…'``); the page unchanged and None when it does not link
    the sheet as :data:`STYLE_LINK` or the sheet could end the element. A first visit then
    needs no second request before the page can be drawn, so a browser fetches everything on
    one connection (docs/chat.md, docs/performance.md)."""
    text = css.decode()
    if STYLE_LINK not in page or "</style" in text.lower():
        return page, None
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return page.replace(STYLE_LINK, f"<style>{text}</style>"), f"'sha256-{digest}'"


def inline_icon(page: str, svg: bytes) -> tuple[str, bool]:
    """The page with its icon as a ``data:`` address (no request of its own), and whether it
    was put in (the CSP's ``img-src`` must then allow ``data:``)."""
    if ICON_LINK not in page:
        return page, False
    address = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    return page.replace(ICON_LINK, f'<link rel="icon" href="{html.escape(address)}">'), True


#: Where the page carries the chat's status (``/chat/status`` as it is this minute).
STATUS_SLOT = "{{status}}"


def embed_status(page: str, status: bytes) -> str:
    """The page with the status in its ``<script type="application/json">`` data block: the
    script reads it there instead of asking (a first visit is then the page and its script,
    two requests). Data blocks are not run, so the CSP needs nothing for it; ``<`` is
    escaped so that no text in the status can end the element."""
    return page.replace(STATUS_SLOT, status.decode().replace("<", "\\u003c"))
