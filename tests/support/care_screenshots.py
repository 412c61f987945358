"""Screenshots of blocking and care on screen, for docs/care.md.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        python -m tests.support.care_screenshots docs/screenshots

stages a real hub with a marked and a blocked contact, then saves ``care-supervisor-blocks.png``
(the supervisor's "Sperringer" tab), ``care-lead-desk.png`` (the shift lead's desk with the
marked contact), ``care-block-dialog.png``, ``care-pause-offer.png`` (the offer after a hard
contact), ``care-debrief-lead.png`` (a debrief request in the shift lead's consultation panel)
and ``care-supervisor-staff.png`` (hard contacts today, time since the break, a pause).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from tests.support.hubs import PASSWORD, make_db
from tests.support.wire import Wire, ok
from workstation.client import Credentials, StaffClient
from workstation.hub.server import serve_hub
from workstation.ui.care import MarkedPanel
from workstation.ui.care.marked import BlockDialog
from workstation.ui.care.pause import CareDialog
from workstation.ui.consult.panel import ConsultPanel
from workstation.ui.desk_features import install_desk_features
from workstation.ui.i18n import install_translation
from workstation.ui.main_window import MainWindow
from workstation.ui.session import sign_in
from workstation.ui.supervisor.window import SupervisorWindow


async def _settle(seconds: float = 0.6) -> None:
    await asyncio.sleep(seconds)
    QApplication.processEvents()


def _save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


async def stage(out: Path) -> None:
    db = make_db(Path(tempfile.mkdtemp()) / "hub.sqlite3")
    async with serve_hub(db) as hub, contextlib.AsyncExitStack() as stack:
        kari = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        ok(await kari.request("hello", user="kari", password=PASSWORD))
        lead_session = await sign_in(hub.url, "lead", PASSWORD)
        lead = MainWindow(lead_session.controller)
        install_desk_features(lead, lead_session)
        lead.resize(1366, 768)
        lead.show()
        client = StaffClient(hub.url, Credentials(user="sup", password=PASSWORD))
        task = asyncio.ensure_future(client.run())
        await client.wait_connected()
        sup = SupervisorWindow(client)
        sup.resize(1280, 720)
        sup.show()
        await sup.start()
        reasons = ("Seksuell trakassering, tredje gang i dag", "Tøysesamtaler fra skoletid",
                   "Trusler mot veilederen")
        for n, reason in enumerate(reasons):
            contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
            conv = ok(await contact.request("open", channel="chat", browser=f"{n}" * 32))[
                "conversation"]
            ok(await kari.request("accept", conversation=conv))
            ok(await kari.request("abuse_mark", conversation=conv, reason=reason))
            ok(await kari.request("close", conversation=conv, reason="staff_closed"))
            if n:
                ok(await client.request({"type": "block_add", "conversation": conv,
                                         "hours": (24, 24 * 30)[n - 1], "reason": reason}))
        for n in (1, 1, 2):
            contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
            await contact.request("open", channel="chat", browser=f"{n}" * 32)
        await sup.blocks.refresh()
        sup.tabs.setCurrentIndex(3)
        await _settle()
        _save(sup, out / "care-supervisor-blocks.png")
        panel = lead.findChild(MarkedPanel)
        assert panel is not None
        lead.side_panels.setCurrentWidget(panel)
        await _settle()
        _save(lead, out / "care-lead-desk.png")
        dialog = BlockDialog(lead)
        dialog.reason.setText("Seksuell trakassering, tredje gang i dag")
        dialog.show()
        await _settle()
        _save(dialog, out / "care-block-dialog.png")
        dialog.close()

        # After a hard contact: the offer, the shift lead's debrief request, the staff figures.
        offer = CareDialog(lead, after_hard=True)
        offer.show()
        await _settle()
        _save(offer, out / "care-pause-offer.png")
        offer.close()
        contact = await stack.enter_async_context(Wire.connect(hub.url, "/v1/contact"))
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("flag", conversation=conv, flag="risk"))
        ok(await kari.request("close", conversation=conv, reason="staff_closed"))
        ok(await kari.request("debrief_request", after=conv))
        ok(await kari.request("pause_start", minutes=10, after=conv))
        consult = lead.findChild(ConsultPanel)
        assert consult is not None
        lead.side_panels.setCurrentWidget(consult)
        await _settle()
        _save(lead, out / "care-debrief-lead.png")
        sup.tabs.setCurrentIndex(0)
        await _settle(1.0)
        _save(sup, out / "care-supervisor-staff.png")
        await sup.controller.stop()
        sup.close()
        lead.close()
        await client.close()
        await lead_session.close()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await task


def run_stage(staging: Callable[[Path], Awaitable[None]]) -> None:
    """Run ``staging`` with the folder named on the command line, in a Bokmål desk app."""
    import qasync

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)  # type: ignore[attr-defined]
    translators = install_translation(app, "nb")  # noqa: F841 (kept alive)
    qasync.run(staging(out))


def main() -> None:
    run_stage(stage)


if __name__ == "__main__":
    main()
