"""The supervisor window's strings: ``resources/i18n/supervisor_<lang>.ts``, loaded beside the
desk's own translation with the same compile-on-demand helper."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from workstation.ui.i18n import I18N_DIR, qm_path

log = logging.getLogger(__name__)


def supervisor_ts(lang: str) -> Path:
    return I18N_DIR / f"supervisor_{lang}.ts"


def install_supervisor_translation(
    app: QCoreApplication, lang: str, cache_dir: Path | None = None
) -> QTranslator | None:
    """Install the supervisor window's translation (None: English source strings)."""
    source = supervisor_ts(lang)
    if not source.exists():
        return None
    try:
        compiled = qm_path(source, cache_dir)
    except (OSError, RuntimeError) as error:
        log.warning("supervisor translation for %r unavailable: %s", lang, error)
        return None
    translator = QTranslator(app)
    if not translator.load(str(compiled)):
        log.warning("could not load %s", compiled)
        return None
    app.installTranslator(translator)
    return translator
