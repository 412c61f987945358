"""Practice answers beside what the counsellor really wrote, as a table model.

One row per answer: the moment, who answered, the counsellor's original message and the
trainee's answer. The original comes from the replay that is open (the hub keeps only the
event's index), so the two texts are always shown side by side. Every text is plain text: the
view's delegate never reads markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.sessions.replay import Replay
from workstation.ui.trainer.labels import clock

Index = QModelIndex | QPersistentModelIndex

OFFSET_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class PracticeAnswer:
    """A trainee's answer at a practice stop (an entry of ``practice_list``)."""

    attempt: str
    trainee: str
    trainee_name: str
    event: int
    offset_ms: int
    text: str
    at: str = ""

    @classmethod
    def from_wire(cls, fields: dict[str, Any]) -> PracticeAnswer:
        return cls(
            attempt=str(fields["attempt"]),
            trainee=str(fields["trainee"]),
            trainee_name=str(fields.get("trainee_name") or fields["trainee"]),
            event=int(fields["event"]),
            offset_ms=int(fields["offset_ms"]),
            text=str(fields["text"]),
            at=str(fields.get("at") or ""),
        )


class AttemptsModel(QAbstractTableModel):
    """Attributes:
    replay: the replay the answers were given at (for the originals).
    answers: every answer listed; ``trainee`` narrows what is shown to one person.
    """

    MOMENT, TRAINEE, ORIGINAL, ANSWER = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.replay: Replay | None = None
        self.answers: list[PracticeAnswer] = []
        self.trainee: str | None = None
        self._shown: list[PracticeAnswer] = []

    def set_answers(self, replay: Replay | None, answers: list[PracticeAnswer]) -> None:
        self.beginResetModel()
        self.replay = replay
        self.answers = sorted(answers, key=lambda a: (a.event, a.trainee_name, a.at))
        self._filter()
        self.endResetModel()

    def set_trainee(self, trainee: str | None) -> None:
        """Show only ``trainee``'s answers (None: everyone's)."""
        self.beginResetModel()
        self.trainee = trainee
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        self._shown = [a for a in self.answers if self.trainee in (None, a.trainee)]

    def trainees(self) -> list[tuple[str, str]]:
        """(user name, display name) of everyone with an answer, by display name."""
        names = {a.trainee: a.trainee_name for a in self.answers}
        return sorted(names.items(), key=lambda item: item[1].casefold())

    def original(self, answer: PracticeAnswer) -> str:
        events = self.replay.events if self.replay is not None else []
        if 0 <= answer.event < len(events):
            return events[answer.event].text
        return ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [self.tr("Moment"), self.tr("Trainee"), self.tr("What the counsellor wrote"),
                  self.tr("Answer in practice")]
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        answer = self._shown[index.row()]
        if role == OFFSET_ROLE:
            return answer.offset_ms
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            self.MOMENT: clock(answer.offset_ms),
            self.TRAINEE: answer.trainee_name,
            self.ORIGINAL: self.original(answer),
            self.ANSWER: answer.text,
        }.get(index.column())
