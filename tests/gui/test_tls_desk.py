"""The desk and TLS: it verifies the hub (``--ca``), refuses remote ws:// unless ``--insecure``,
and says so in red in the status bar when it was allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.certs import make_authority
from tests.support.hubs import PASSWORD
from workstation.client import Credentials, StaffClient
from workstation.client.tls import TlsOptions
from workstation.hub.server import serve_hub
from workstation.hub.tls import TlsFiles
from workstation.ui.app import parse_args
from workstation.ui.connection_indicator import ConnectionIndicator
from workstation.ui.controller import DeskController
from workstation.ui.session import SignInFailed, sign_in


async def test_a_remote_ws_hub_is_refused_before_any_password_leaves() -> None:
    with pytest.raises(SignInFailed) as refused:
        await sign_in("ws://10.20.30.40:8765", "kari", PASSWORD)
    assert "ws://10.20.30.40:8765 er ikke kryptert" in refused.value.sentence
    assert "--insecure" in refused.value.sentence


async def test_the_desk_verifies_a_wss_hub_against_its_ca(hub_db: Path, tmp_path: Path) -> None:
    office = make_authority(tmp_path, "Office CA")
    stranger = make_authority(tmp_path, "Stranger CA")
    cert, key = office.issue(tmp_path, "hub")
    async with serve_hub(hub_db, tls=TlsFiles(cert, key).context) as hub:
        assert hub.url.startswith("wss://127.0.0.1:")
        with pytest.raises(SignInFailed) as refused:
            await sign_in(hub.url, "kari", PASSWORD, tls=TlsOptions(ca=stranger.pem))
        assert "kunne ikke bevise hvem den er" in refused.value.sentence
        session = await sign_in(hub.url, "kari", PASSWORD, tls=TlsOptions(ca=office.pem))
        try:
            assert session.client.user is not None
            indicator = ConnectionIndicator(session.controller)
            assert not indicator.insecure_label.isVisibleTo(indicator)
        finally:
            await session.close()


async def test_a_missing_ca_file_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(SignInFailed) as refused:
        await sign_in("wss://127.0.0.1:9", "kari", PASSWORD,
                      tls=TlsOptions(ca=tmp_path / "missing.pem"))
    assert "Sertifikatfilen" in refused.value.sentence


def test_an_insecure_connection_is_shown_in_red(qtbot: Any) -> None:
    remote = DeskController(StaffClient("ws://10.20.30.40:8765", Credentials(user="kari")))
    indicator = ConnectionIndicator(remote)
    qtbot.addWidget(indicator)
    assert indicator.insecure_label.isVisibleTo(indicator)
    assert indicator.insecure_label.text() == "Ikke kryptert"
    assert "#b22222" in indicator.insecure_label.styleSheet()
    local = ConnectionIndicator(
        DeskController(StaffClient("ws://127.0.0.1:8765", Credentials(user="kari")))
    )
    qtbot.addWidget(local)
    assert not local.insecure_label.isVisibleTo(local)


def test_the_command_line_takes_ca_and_insecure() -> None:
    args = parse_args(["--hub", "wss://hub.example:8765", "--ca", "office.pem", "--insecure"])
    assert args.ca == Path("office.pem") and args.insecure
    plain = parse_args([])
    assert plain.ca is None and not plain.insecure
