"""The screenshot of the demo's young person who comes back, for docs/returning.md.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        python -m tests.support.return_screenshot docs/screenshots

runs ``workstation --demo``'s hub and simulator (the seeded earlier conversation and its
code), opens the demo counsellor's desk, waits for the young person coming back with the code,
and saves the screen with the desk and its "Kom tilbake og spurte etter deg" window as
``return-demo-offer.png``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.support.care_screenshots import run_stage
from workstation.ui.demo import run_demo_hub
from workstation.ui.desk_features import install_desk_features
from workstation.ui.main_window import MainWindow
from workstation.ui.returning import ReturnOffers
from workstation.ui.session import sign_in

NAME = "return-demo-offer.png"


async def stage(out: Path) -> None:
    async with run_demo_hub(contacts=2, speed=3.0, stream=False, return_after_s=6.0,
                            scenarios=("mobbing", "bare-prate")) as demo:
        session = await sign_in(demo.url, demo.user, demo.password)
        window = MainWindow(session.controller)
        install_desk_features(window, session)
        window.resize(1366, 768)
        window.move(0, 0)
        window.show()
        offers = window.findChild(ReturnOffers, "return_offers")
        assert offers is not None
        for _ in range(600):
            if offers.dialogs:
                break
            await asyncio.sleep(0.1)
        else:
            raise SystemExit("nobody came back within a minute")
        dialog = next(iter(offers.dialogs.values()))
        frame = window.frameGeometry()
        dialog.move(frame.center() - dialog.rect().center())
        await asyncio.sleep(1.0)
        QApplication.processEvents()
        screen = QApplication.primaryScreen()
        picture = screen.grabWindow(0, 0, 0, frame.width(), frame.height())
        picture.save(str(out / NAME))
        print(out / NAME)
        await session.close()


def main() -> None:
    run_stage(stage)


if __name__ == "__main__":
    main()
