"""A pseudo-locale with every string 40 % longer: no label or button of the desk is clipped."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from workstation.ui.controller import DeskController
from workstation.ui.i18n import compile_ts, install_translation, remove_translation, ts_path
from workstation.ui.main_window import MainWindow

STRETCH = 1.4


def lengthen(text: str) -> str:
    return text + "ø" * math.ceil(len(text) * (STRETCH - 1))


def pseudo_ts(target: Path) -> Path:
    tree = ET.parse(ts_path("nb"))
    for translation in tree.getroot().iter("translation"):
        forms = translation.findall("numerusform") or [translation]
        for form in forms:
            form.text = lengthen(form.text or "")
    tree.write(target, encoding="utf-8", xml_declaration=True)
    return target


class FakeClient:
    def add_listener(self, listener: Any) -> None:
        pass


@pytest.fixture
def pseudo_locale(tmp_path: Path) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    source = pseudo_ts(tmp_path / "workstation_pseudo.ts")
    compile_ts(source, tmp_path / "check.qm")  # the pseudo .ts is well formed
    translators = install_translation(app, "nb", cache_dir=tmp_path, ts=source)
    yield
    remove_translation(app, translators)


def clipped(window: MainWindow) -> list[str]:
    problems = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.width() < widget.sizeHint().width():
            problems.append(f"{widget.text()!r}: {widget.width()} < {widget.sizeHint().width()}")
    return problems


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
    assert window.width() <= 1000, "the default window had to grow to fit the texts"
