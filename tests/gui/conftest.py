"""GUI tests: offscreen Qt, the qasync loop for async tests, Norwegian UI, a memory keyring."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import AsyncIterator, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402
import qasync  # noqa: E402
from keyring.backends.fail import Keyring as FailKeyring  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.gui.memory_keyring import MemoryKeyring  # noqa: E402
from tests.support.hubs import PASSWORD  # noqa: E402
from workstation.hub.server import HubServer  # noqa: E402
from workstation.ui.desk_features import install_desk_features  # noqa: E402
from workstation.ui.i18n import install_translation, remove_translation  # noqa: E402
from workstation.ui.main_window import MainWindow  # noqa: E402
from workstation.ui.session import DeskSession, sign_in  # noqa: E402


def _app() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication([])


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Any]:
    return {"qt": lambda: qasync.QEventLoop(_app())}


@pytest.fixture(scope="session", autouse=True)
def norwegian(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The desk in Norwegian Bokmål, the .ts compiled for this test run."""
    app = _app()
    app.setQuitOnLastWindowClosed(False)  # a closed dialog must not stop the qasync loop
    translators = install_translation(app, "nb", cache_dir=tmp_path_factory.mktemp("i18n"))
    assert translators, "the Norwegian translation did not load"
    # What lives now (the modules of every collected test, Qt's, the application) lives for
    # the whole run: kept out of every later collection. Each test's collection below scanned
    # it all again, 0.15-0.5 s a test (1 ms after); what the tests make is collected as before.
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()
    remove_translation(app, translators)


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    """As in the app: no automatic GC in other threads; collect here, between tests."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Nothing frozen (as outside this test run, see :func:`norwegian`) while the test runs;
    what lives afterwards is frozen again."""
    gc.unfreeze()
    yield
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Whatever asks ``keyring`` for its default backend gets a dict."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(FailKeyring())


@dataclass
class Desk:
    session: DeskSession
    window: MainWindow

    @property
    def controller(self):  # type: ignore[no-untyped-def]
        return self.session.controller


@pytest.fixture
async def desk(hub: HubServer, qtbot: Any) -> AsyncIterator[Desk]:
    """Kari signed in to the test hub, with the main window shown."""
    session = await sign_in(hub.url, "kari", PASSWORD)
    window = MainWindow(session.controller)
    install_desk_features(window, session)
    qtbot.addWidget(window)
    window.show()
    try:
        yield Desk(session, window)
    finally:
        await session.close()
