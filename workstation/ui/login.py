"""The sign-in dialog. Tests monkeypatch :meth:`LoginDialog.ask`."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.futures import future_for
from workstation.ui.keyring_store import CredentialStore, KeyringUnavailable


@dataclass(frozen=True)
class LoginAnswer:
    """What the person typed. The password never leaves memory except into the keyring."""

    hub_url: str
    user: str
    password: str = field(repr=False)
    remember: bool = False


class LoginDialog(QDialog):
    """Hub address, user name, password and "remember the password".

    Attributes:
        hub_edit: the hub's address.
        user_edit: the user name.
        password_edit: the password (echo off).
        remember_box: remember the password in the OS keyring.
        keyring_label: why the password cannot be remembered, when that is so.
        error_label: why the last attempt failed, when it did.
        buttons: "Sign in" and "Cancel".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(self.tr("Sign in to the desk"))
        self.hub_edit = QLineEdit(self)
        self.hub_edit.setToolTip(self.tr(
            "Several hubs of one helpline, separated by commas: the desk moves to the next "
            "when its hub is gone."))
        self.user_edit = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(self.tr("Remember the password on this machine"), self)
        self.keyring_label = self._sentence_label("keyring_label")
        self.error_label = self._sentence_label("error_label")
        self.error_label.setStyleSheet("color: #b22222")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Hub address"), self.hub_edit)
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember_box)
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    def _sentence_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.hide()
        return label

    def show_sentence(self, label: QLabel, sentence: str | None) -> None:
        label.setText(sentence or "")
        label.setVisible(bool(sentence))

    def keyring_unavailable(self, sentence: str) -> None:
        """Say why the password cannot be remembered, and stop offering it."""
        self.remember_box.setChecked(False)
        self.remember_box.setEnabled(False)
        self.show_sentence(self.keyring_label, sentence)

    def on_buttons_accepted(self) -> None:
        if not (self.hub_edit.text().strip() and self.user_edit.text().strip()):
            self.show_sentence(self.error_label, self.tr("Fill in the hub address and user name."))
            return
        self.accept()

    def answer(self) -> LoginAnswer:
        return LoginAnswer(
            hub_url=self.hub_edit.text().strip(),
            user=self.user_edit.text().strip(),
            password=self.password_edit.text(),
            remember=self.remember_box.isChecked() and self.remember_box.isEnabled(),
        )

    @classmethod
    async def ask(
        cls,
        parent: QWidget | None,
        store: CredentialStore,
        hub_url: str,
        user: str = "",
        error: str | None = None,
    ) -> LoginAnswer | None:
        """Ask for credentials without blocking the event loop; None when cancelled.

        A password remembered for ``hub_url`` and ``user`` is filled in.
        """
        dialog = cls(parent)
        dialog.hub_edit.setText(hub_url)
        dialog.user_edit.setText(user)
        dialog.show_sentence(dialog.error_label, error)
        if hub_url and user:
            try:
                remembered = await store.get_password(hub_url, user)
            except KeyringUnavailable as unavailable:
                dialog.keyring_unavailable(unavailable.sentence)
            else:
                if remembered is not None:
                    dialog.password_edit.setText(remembered)
                    dialog.remember_box.setChecked(True)
        (dialog.password_edit if user else dialog.user_edit).setFocus()
        finished = future_for(dialog.finished)
        dialog.open()
        try:
            result = await finished
        finally:
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted.value:
            return None
        return dialog.answer()


async def remember(store: CredentialStore, answer: LoginAnswer) -> str | None:
    """Store or forget the password as the person chose; a sentence when that failed."""
    try:
        if answer.remember:
            await store.set_password(answer.hub_url, answer.user, answer.password)
        else:
            await store.delete_password(answer.hub_url, answer.user)
    except KeyringUnavailable as unavailable:
        return unavailable.sentence if answer.remember else None
    return None
