"""Qt translations: ``.ts`` sources in ``resources/i18n``, compiled to ``.qm`` on demand.

The ``.qm`` files are build output and not committed. At startup the desk uses a ``.qm``
next to its ``.ts`` when it is up to date (an installer may ship one), and otherwise
compiles the ``.ts`` with ``lrelease`` into a cache folder keyed by the source's hash.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QStandardPaths, QTranslator

from workstation.paths import RESOURCES

log = logging.getLogger(__name__)

I18N_DIR = RESOURCES / "i18n"
LANGUAGES = ("nb", "en")
LOCALES = {"nb": "nb_NO", "en": "en_GB"}


def ts_path(lang: str) -> Path:
    """The translation source of a language."""
    return I18N_DIR / f"workstation_{lang}.ts"


def translation_sources(lang: str) -> list[Path]:
    """Every ``*_{lang}.ts``: the desk's own first, then each feature's (reports_nb.ts, …)."""
    main = ts_path(lang)
    others = sorted(p for p in I18N_DIR.glob(f"*_{lang}.ts") if p != main)
    return ([main] if main.exists() else []) + others


def lrelease() -> Path | None:
    """The ``lrelease`` tool that ships with PySide6, or None."""
    import PySide6

    candidates = [
        Path(sys.executable).parent / "pyside6-lrelease",
        Path(PySide6.__file__).parent / "lrelease",
    ]
    found = shutil.which("pyside6-lrelease")
    if found:
        candidates.insert(0, Path(found))
    return next((path for path in candidates if path.exists()), None)


def default_cache_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(location or Path.home() / ".cache" / "workstation") / "i18n"


def compile_ts(ts: Path, qm: Path) -> None:
    """Compile one ``.ts`` into ``qm``; raises ``RuntimeError`` when that is impossible."""
    tool = lrelease()
    if tool is None:
        raise RuntimeError("lrelease was not found; install PySide6's tools")
    qm.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [str(tool), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not qm.exists():
        raise RuntimeError(f"lrelease failed on {ts.name}: {result.stderr.strip()}")


def qm_path(ts: Path, cache_dir: Path | None = None) -> Path:
    """An up-to-date ``.qm`` for ``ts``, compiling it into the cache when needed."""
    shipped = ts.with_suffix(".qm")
    if shipped.exists() and shipped.stat().st_mtime >= ts.stat().st_mtime:
        return shipped
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    cached = (cache_dir or default_cache_dir()) / f"{ts.stem}-{digest}.qm"
    if not cached.exists():
        compile_ts(ts, cached)
    return cached


def _compiled(sources: list[Path], cache_dir: Path | None) -> list[Path | Exception]:
    """:func:`qm_path` of each source, in order, the error where one cannot be had. The
    ``lrelease`` runs of a first start (33 catalogs in Norwegian) run side by side: one after
    the other they were 4-8 s of a desk's first start, and of every test that starts a desk
    with an empty cache."""

    def one(source: Path) -> Path | Exception:
        try:
            return qm_path(source, cache_dir)
        except (OSError, RuntimeError) as error:
            return error

    with ThreadPoolExecutor(thread_name_prefix="lrelease") as pool:
        return list(pool.map(one, sources))


def install_translation(
    app: QCoreApplication, lang: str, cache_dir: Path | None = None, ts: Path | None = None
) -> list[QTranslator]:
    """Load the desk's (and Qt's own) translations for ``lang`` into ``app``.

    Returns the installed translators; keep them alive as long as ``app``. A language whose
    translation cannot be loaded falls back to the English source strings, with a log line.
    """
    QLocale.setDefault(QLocale(LOCALES.get(lang, lang)))
    installed: list[QTranslator] = []
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    sources = [ts] if ts is not None else translation_sources(lang)
    if not sources:
        log.warning("no translation source for language %r", lang)
    for source, compiled in zip(sources, _compiled(sources, cache_dir), strict=True):
        if isinstance(compiled, Exception):
            log.warning("translation %s unavailable: %s", source.name, compiled)
            continue
        translator = QTranslator(app)
        if translator.load(str(compiled)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("could not load %s", compiled)
    return installed


def remove_translation(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo :func:`install_translation` (tests switch languages)."""
    for translator in translators:
        app.removeTranslator(translator)
