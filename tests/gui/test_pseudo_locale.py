"""A pseudo-locale with every string 40 % longer: no label or button of the desk is clipped,
on a bare window and on the real desk with every feature and a busy night (``desk_scene``)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from tests.gui.desk_scene import add_long_names, busy_desk
from tests.gui.helpers import eventually
from tests.gui.test_desk_layout import nothing_clipped
from workstation.ui.controller import DeskController
from workstation.ui.elided_label import ElidedLabel
from workstation.ui.i18n import (
    install_translation,
    qm_path,
    remove_translation,
    translation_sources,
    ts_path,
)
from workstation.ui.main_window import MainWindow

STRETCH = 1.4
SCREEN = QSize(1366, 768)


def lengthen(text: str) -> str:
    return text + "ø" * math.ceil(len(text) * (STRETCH - 1))


def pseudo_ts(target: Path, source: Path | None = None) -> Path:
    tree = ET.parse(source or ts_path("nb"))
    for translation in tree.getroot().iter("translation"):
        forms = translation.findall("numerusform") or [translation]
        for form in forms:
            form.text = lengthen(form.text or "")
    tree.write(target, encoding="utf-8", xml_declaration=True)
    return target


class FakeClient:
    def add_listener(self, listener: Any) -> None:
        pass


@pytest.fixture(scope="module")
def pseudo_catalogs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """Every Norwegian ``.ts`` stretched and compiled, once for the module's tests (into the
    cache ``install_translation`` reads); ``qm_path`` raises when one is not well formed."""
    cache = tmp_path_factory.mktemp("pseudo")
    stretched = [pseudo_ts(cache / f"{source.stem}_pseudo.ts", source)
                 for source in translation_sources("nb")]
    for ts in stretched:
        qm_path(ts, cache)
    return cache, stretched


@pytest.fixture
def pseudo_locale(pseudo_catalogs: tuple[Path, list[Path]]) -> Iterator[None]:
    """Every Norwegian string stretched: the desk's own and every feature's ``*_nb.ts``."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    cache, stretched = pseudo_catalogs
    translators = []
    for ts in stretched:
        translators += install_translation(app, "nb", cache_dir=cache, ts=ts)
    yield
    remove_translation(app, translators)


def clipped(window: MainWindow) -> list[str]:
    """Labels and buttons narrower than their text. Names in an ``ElidedLabel`` elide on
    purpose (whole in the tooltip) and are left out."""
    problems = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text() or isinstance(widget, ElidedLabel):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.width() < widget.sizeHint().width():
            problems.append(f"{widget.text()!r}: {widget.width()} < {widget.sizeHint().width()}")
    return problems


def not_clipped(window: MainWindow) -> None:
    problems = clipped(window)
    assert problems == [], problems


def test_no_main_window_text_is_clipped(pseudo_locale: None, qtbot: Any) -> None:
    controller = DeskController(FakeClient())
    window = MainWindow(controller)
    qtbot.addWidget(window)
    controller.on_hello({"name": "kari", "display_name": "Kari Nordmann", "roles": []})
    controller.on_state("reconnecting")
    controller.on_outbox(3)
    window.show()
    qtbot.waitExposed(window)
    assert window.connection.state_label.text().startswith("Kobler til igjen …ø")
    assert clipped(window) == []


async def test_the_busy_real_desk_clips_nothing(pseudo_locale: None, hub_db: Path) -> None:
    """Unfolded the desk may need more than a laptop's width in a long language, but clips
    nothing; with the side panels folded it fits 1366×768 again."""
    async with busy_desk(add_long_names(hub_db)) as scene:
        window = scene.window
        assert window.queue_panel.accept_button.text().startswith("Ta imotø")
        window.resize(SCREEN)
        await eventually(lambda: window.width() >= SCREEN.width())
        await eventually(lambda: not_clipped(window))
        await eventually(lambda: nothing_clipped(scene))
        window.side_panels.fold_button.click()
        await eventually(lambda: window.minimumSizeHint().width() <= SCREEN.width())
        window.resize(SCREEN)
        await eventually(lambda: window.size() == SCREEN)
        await eventually(lambda: not_clipped(window))
        await eventually(lambda: nothing_clipped(scene))
