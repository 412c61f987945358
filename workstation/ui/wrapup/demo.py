"""``python -m workstation.ui.wrapup.demo OUTDIR``: pictures of the desk's panels and the
wrap-up dialog on the demo hub (for docs/screenshots)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


async def run(folder: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from workstation.ui.canned import CannedPanel
    from workstation.ui.demo import run_demo_hub
    from workstation.ui.desk_features import install_desk_features
    from workstation.ui.main_window import MainWindow
    from workstation.ui.referrals import ReferralPanel
    from workstation.ui.screenshot import stage_conversation
    from workstation.ui.session import sign_in
    from workstation.ui.wrapup import WrapUpDialog

    async with run_demo_hub(seed=11611) as demo:
        session = await sign_in(demo.url, demo.user, demo.password)
        window = MainWindow(session.controller)
        install_desk_features(window, session)
        window.resize(1500, 900)
        window.show()
        await stage_conversation(session.controller)
        await asyncio.sleep(2)
        canned = window.findChild(CannedPanel)
        referrals = window.findChild(ReferralPanel)
        assert canned is not None and referrals is not None
        window.side_panels.setCurrentWidget(canned)
        canned.view.setCurrentIndex(canned.model.index(canned.model.row_of("opener.anonymous"), 0))
        await asyncio.sleep(0.5)
        window.grab().save(str(folder / "panel-canned.png"))
        window.side_panels.setCurrentWidget(referrals)
        referrals.set_filters(topic="bullying", age=14)
        await asyncio.sleep(0.5)
        window.grab().save(str(folder / "panel-referrals.png"))
        conversation = window.current_conversation()
        if conversation is not None:
            title = session.controller.conversations.title(conversation)
            dialog = WrapUpDialog(window, session.controller, conversation, title)
            dialog.show()
            await asyncio.sleep(0.3)
            dialog.save_button.click()  # shows what is still missing
            await asyncio.sleep(0.5)
            dialog.grab().save(str(folder / "wrapup.png"))
            dialog.close()
        window.close()
        await session.close()
        QApplication.processEvents()
    return 0


def main() -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    from workstation.ui.demo import demo_parser
    from workstation.ui.i18n import install_translation

    parser = demo_parser("workstation.ui.wrapup.demo", __doc__)
    parser.add_argument(
        "outdir",
        nargs="?",
        type=Path,
        default=Path("docs/screenshots"),
        help="where the PNGs go (default docs/screenshots)",
    )
    folder = parser.parse_args().outdir
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    install_translation(app, "nb")
    folder.mkdir(parents=True, exist_ok=True)
    return int(qasync.run(run(folder)))


if __name__ == "__main__":
    sys.exit(main())
