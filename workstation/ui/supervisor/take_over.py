"""The supervisor window's "Take the call over" for a call held after a lost desk.

A counsellor's desk or desk softphone was lost mid-call: the hub holds the caller (waiting
audio) and alerts shift leads and supervisors (``call_desk_lost``, docs/telephony.md "A
softphone lost"). The alert list then offers the same rescue as the lead's desk
(:mod:`workstation.ui.calls.take_over`): ``call_take_over`` rings the supervisor's own desk
phone and makes the conversation theirs. The button acts on the selected alert when it is
such an alert, else on the newest one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QListView, QPushButton
from qasync import asyncSlot

from workstation.client import HubError
from workstation.ui.supervisor.alerts import KEY_ROLE, Alert, AlertModel

KIND = "call_desk_lost"
#: Refusals after which the alert says nothing true any more (resumed, taken, ended).
STALE = frozenset({"conflict", "not_found"})


class AlertTakeOver(QObject):
    """Attributes:
        button: shown while a ``call_desk_lost`` alert is in the list.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(self, client: Any, alerts: AlertModel, view: QListView,
                 button: QPushButton) -> None:
        super().__init__(button)
        self.client = client
        self.alerts = alerts
        self.view = view
        self.button = button
        self._busy = False
        for signal in (alerts.rowsInserted, alerts.rowsRemoved, alerts.modelReset,
                       alerts.dataChanged):
            signal.connect(self.refresh)
        view.selectionModel().selectionChanged.connect(self.refresh)
        button.clicked.connect(self.on_button_clicked)
        self.refresh()

    def target(self) -> Alert | None:
        """The selected alert if it is a lost desk's, else (nothing selected) the newest."""
        selected = self.view.selectionModel().selectedIndexes()
        if selected:
            alert = self.alerts.find(str(selected[0].data(KEY_ROLE)))
            return alert if alert is not None and alert.kind == KIND else None
        return next((a for a in self.alerts.visible if a.kind == KIND), None)

    def refresh(self, *_: object) -> None:
        shown = any(a.kind == KIND for a in self.alerts.visible)
        self.button.setVisible(shown)
        target = self.target()
        self.button.setEnabled(target is not None and not self._busy)
        who = str(target.details.get("user") or "?") if target is not None else ""
        self.button.setToolTip(self.tr(
            "The caller is on hold and hears the waiting audio. Taking it over rings your "
            "desk phone and makes the conversation yours; %1 is told.").replace("%1", who)
            if target is not None else self.tr("Choose the alert of a call on hold first."))

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_button_clicked(self) -> None:
        await self.take_over()

    async def take_over(self) -> bool:
        """``call_take_over`` for :meth:`target`; True when the call is this person's now."""
        alert = self.target()
        if alert is None or self._busy:
            return False
        self._busy = True
        self.refresh()
        try:
            await self.client.request(
                {"type": "call_take_over", "conversation": alert.details.get("conversation")})
        except HubError as error:  # also offline or no answer (NotConnected, RequestTimeout)
            if error.code in STALE:
                self.alerts.resolve(alert.key)
            self.notice.emit(self.tr("The call could not be taken over: %1").replace(
                "%1", error.message))
            return False
        finally:
            self._busy = False
            self.refresh()
        self.alerts.resolve(alert.key)
        self.notice.emit(self.tr("The call is yours now: it is on your desk phone."))
        return True
