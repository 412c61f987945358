"""The trainer's window: anonymised replays, a player with practice mode, annotations.

Open it with :func:`workstation.ui.trainer.window.open_trainer` for a signed-in user with
the ``trainer`` (or ``supervisor``) role, or :class:`~workstation.ui.trainer.window.TrainerWindow`
with a :class:`~workstation.ui.trainer.source.FileSource` for classroom mode (no hub).
"""
