"""Workarounds for bugs in the PySide6 we run on, each applied only when the bug is present.

PySide6 6.12 on CPython < 3.12: ``SignalInstance.emit()`` returns ``True`` without taking a
reference. Every emit from Python (ours, qasync's ``call_soon_threadsafe``, pytest-qt's)
therefore takes one reference away from the ``True`` singleton, and after enough emits the
interpreter aborts with "Fatal Python error: bool_dealloc". Python 3.12 made ``True``
immortal; on older versions we give it (and ``False``) so many references that the leak can
never reach zero. The probe measures the bug, so a fixed PySide6 leaves the counts alone.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

#: References added to True and False: 2**40 emits would take years at any real rate.
SPARE_REFERENCES = 1 << 40

_applied = False


class _Probe(QObject):
    fired = Signal()


def emit_leaks_true() -> bool:
    """Whether ``emit()`` takes a reference away from ``True`` on this PySide6."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(10):
        probe.fired.emit()
    leaked = sys.getrefcount(True) < before - 5
    if leaked:
        for _ in range(10):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return leaked


def make_bools_unkillable() -> None:
    """Add :data:`SPARE_REFERENCES` references to ``True`` and ``False``."""
    for singleton in (True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += SPARE_REFERENCES


def apply() -> None:
    """Apply every workaround that this interpreter and PySide6 need (once)."""
    global _applied
    if _applied:
        return
    _applied = True
    if sys.version_info < (3, 12) and emit_leaks_true():
        make_bools_unkillable()
