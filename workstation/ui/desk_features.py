"""Features that plug into the counsellor's desk window.

Each installer gets the window and the signed-in session and adds what it needs through the
window's plug-in points (side panels, conversation buttons, status widgets); it listens to the
hub with its own ``ClientListener`` on ``session.client``. Installers keep their objects alive
by parenting them to the window.
"""

from __future__ import annotations

from collections.abc import Callable

from workstation.ui import canned, care, chatflood, notify, referrals, returning, wrapup
from workstation.ui.consult.install import install_consult
from workstation.ui.gui_gc import settle
from workstation.ui.main_window import MainWindow
from workstation.ui.reports_desk import install_reports_desk
from workstation.ui.session import DeskSession
from workstation.ui.timecues.install import install_time_cues

Installer = Callable[[MainWindow, DeskSession], None]

#: The installers, in the order their panels and buttons appear.
INSTALLERS: list[Installer] = []
# Side panels "Standardsvar" and "Henvisning", the "Oppsummering" button, notifications.
INSTALLERS += [canned.install, referrals.install, wrapup.install, notify.install]

# "Konsultasjon" (consultation, roster, never-alone), time-limit cues, concern reports.
INSTALLERS += [install_consult, install_time_cues, install_reports_desk]

# Shift leads: the notice that the hub is turning young people's chats away (issue 14).
INSTALLERS += [chatflood.install]
# "Marker som krenkende" for everyone; marked contacts and "Sperr…" for shift leads.
INSTALLERS += [care.install]
# "Same counsellor again": the "Return code" button and offers of returning young people.
INSTALLERS += [returning.install]


def install_desk_features(window: MainWindow, session: DeskSession) -> None:
    for install in INSTALLERS:
        install(window, session)
    settle()  # what the desk built lives as long as it: out of the collector's way
