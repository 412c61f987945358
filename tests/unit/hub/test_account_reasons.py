"""Every ``signed_out`` reason of the contract has the hub's sentence, and every account
change the command line logs maps to one of them."""

from workstation.hub.accounts import REASON_OF_CHANGE, SENTENCES
from workstation.protocol.frames_account import SIGNED_OUT_REASONS
from workstation.store.accounts import CHANGES


def test_reasons_sentences_and_changes_agree() -> None:
    assert set(SENTENCES) == set(SIGNED_OUT_REASONS)
    assert set(REASON_OF_CHANGE.values()) <= set(SIGNED_OUT_REASONS)
    assert set(REASON_OF_CHANGE) | {"enabled"} == set(CHANGES)  # enabling ends nothing
