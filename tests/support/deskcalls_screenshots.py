"""Screenshots for docs/telephony.md: the supervisor window's take-over of a call held after a
lost desk phone, and an outside party on the counsellor's call with the question before
letting them leave.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        python -m tests.support.deskcalls_screenshots docs/screenshots

runs a hub (simulated phone system) on loopback with the test users, kari's desk and the
supervisor's window, rings a call, and saves ``supervisor-take-over.png``, ``call-party.png``
and ``call-party-leave.png``.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.helpers import eventually
from tests.support.care_screenshots import run_stage
from tests.support.hubs import PASSWORD, make_db
from workstation.client import Credentials, StaffClient
from workstation.hub.server import serve_hub
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.simulated import SimulatedTelephony
from workstation.ui.calls.parties import DropPartyDialog
from workstation.ui.desk_features import install_desk_features
from workstation.ui.main_window import MainWindow
from workstation.ui.session import sign_in
from workstation.ui.supervisor.window import SupervisorWindow


class _Lost:
    """A desk softphone that is off until the script calls on_lost (SoftphoneWatch's Linked)."""

    on_lost: Any = None
    on_ready: Any = None
    state = "off"
    port = 0


async def _until(check: Callable[[], Any], timeout: float = 20.0) -> None:
    await eventually(check, timeout)


def _save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    frame = widget.frameGeometry()
    picture = QApplication.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(),
                                                      frame.height())
    picture.save(str(path))
    print(path)


async def stage(out: Path) -> None:
    from workstation.ui.calls.softphone_watch import SoftphoneWatch

    with tempfile.TemporaryDirectory() as folder:
        async with serve_hub(make_db(Path(folder) / "hub.sqlite3")) as hub:
            phone = hub.hub.feature(CallsFeature).adapter
            assert isinstance(phone, SimulatedTelephony)
            kari = await sign_in(hub.url, "kari", PASSWORD)
            desk = MainWindow(kari.controller)
            install_desk_features(desk, kari)
            desk.resize(1366, 768)
            desk.move(0, 0)
            desk.show()
            client = StaffClient(hub.url, Credentials(user="sup", password=PASSWORD))
            task = asyncio.ensure_future(client.run())
            await client.wait_connected()
            window = SupervisorWindow(client)
            window.resize(1366, 768)
            window.move(0, 0)
            window.show()
            await window.start()

            call = await phone.ring("+4791234512")
            await _until(lambda: kari.controller.calls.rowCount() == 1)
            desk.queue_panel.answer_button.click()
            await _until(lambda: phone.calls[call] == "connected")
            await _until(lambda: desk.current_conversation() is not None)
            await kari.controller.client.request({
                "type": "call_add_party", "conversation": desk.current_conversation(),
                "service": "vold-og-overgrepslinjen", "confirmed": True})
            bar = desk.conversation_panel.call_bar
            await _until(lambda: not bar.parties.isHidden())
            desk.raise_()
            await asyncio.sleep(1.0)
            _save(desk, out / "call-party.png")
            dialog = DropPartyDialog(desk, "Vold- og overgrepslinjen")
            dialog.show()
            dialog.move(desk.frameGeometry().center() - dialog.rect().center())
            await asyncio.sleep(0.5)
            _save(desk, out / "call-party-leave.png")
            dialog.close()

            watch = SoftphoneWatch(kari.controller, lost := _Lost())
            lost.on_lost()  # what DeskSoftphone calls when baresip died
            button = window.overview.take_over_button
            await _until(lambda: not button.isHidden())
            window.raise_()
            window.activateWindow()
            await asyncio.sleep(1.0)
            _save(window, out / "supervisor-take-over.png")
            del lost, watch
            await window.controller.stop()
            window.close()
            desk.close()
            await client.close()
            await kari.close()
            task.cancel()


def main() -> None:
    run_stage(stage)


if __name__ == "__main__":
    main()
