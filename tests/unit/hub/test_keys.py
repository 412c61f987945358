import stat
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from workstation.hub.keys import HubKeys, KeyFileError, key_file_beside


def test_key_file_is_made_once_private_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "hub.db"
    first = HubKeys.beside(db)
    path = key_file_beside(db)
    assert path == tmp_path / "hub.db.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = HubKeys.beside(db)
    number = "+4791234512"
    assert again.pseudonym("sms-thread", number) == first.pseudonym("sms-thread", number)


def test_pseudonyms_differ_by_purpose_and_key(tmp_path: Path) -> None:
    keys = HubKeys.load_or_create(tmp_path / "a.key")
    other = HubKeys.load_or_create(tmp_path / "b.key")
    number = "+4791234512"
    assert keys.pseudonym("sms-thread", number) != keys.pseudonym("email", number)
    assert keys.pseudonym("sms-thread", number) != other.pseudonym("sms-thread", number)
    assert "91234512" not in keys.pseudonym("sms-thread", number)


def test_sealed_values_open_only_with_their_purpose(tmp_path: Path) -> None:
    keys = HubKeys.load_or_create(tmp_path / "k")
    sealed = keys.seal("callback", "+4791234512")
    assert b"91234512" not in sealed
    assert keys.seal("callback", "+4791234512") != sealed  # a fresh nonce each time
    assert keys.unseal("callback", sealed) == "+4791234512"
    with pytest.raises(InvalidTag):
        keys.unseal("email", sealed)


def test_a_damaged_key_file_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "hub.db.key"
    path.write_bytes(b"short")
    with pytest.raises(KeyFileError, match="32 bytes"):
        HubKeys.load_or_create(path)
