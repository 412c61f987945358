"""What the trainer window says when its list of replays is empty, and why it is."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrainerWindow", text)


class EmptyList(Enum):
    """Why there is nothing to list."""

    NONE_YET = "none_yet"  # the hub answered: it holds no replays
    UNREACHABLE = "unreachable"  # the hub could not be asked (offline, no answer)
    REFUSED = "refused"  # the hub answered with an error
    CLASSROOM = "classroom"  # no hub, and no file imported yet


def empty_list_text(why: EmptyList, error: str = "") -> str:
    """A few sentences for the empty list: what happened, and what to do."""
    if why is EmptyList.UNREACHABLE:
        return _tr(
            "The hub cannot be reached, so the replays cannot be listed.\n\n"
            "Check the network connection and choose Refresh. Replay files can still be "
            "opened with Import…."
        )
    if why is EmptyList.REFUSED:
        return _tr("The hub did not list the replays: %1").replace("%1", error)
    if why is EmptyList.CLASSROOM:
        return _tr(
            "No replay is open.\n\n"
            "Choose Import… to open a replay file (.replay.json) exported from the trainer "
            "window. In classroom mode nothing is sent to a hub."
        )
    return _tr(
        "There are no replays yet.\n\n"
        "A replay appears here shortly after a conversation is closed: the hub keeps an "
        "anonymised copy, with names, numbers and places replaced. Replays are deleted "
        "automatically after the time an administrator has set (one year unless changed).\n\n"
        "Choose Refresh to look again, or Import… to open a replay file."
    )
