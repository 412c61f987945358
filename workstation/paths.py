"""Where the project's shipped data lives."""

import sys
from pathlib import Path

#: Below an installation prefix (a venv): where ``installer/hub/install.sh`` puts the data.
PREFIX_RESOURCES = Path("share") / "workstation" / "resources"


def resources_dir() -> Path:
    """The ``resources/`` folder, wherever this copy of the project runs from.

    - frozen by PyInstaller (the desk's bundle): ``sys._MEIPASS/resources``;
    - a checkout or an editable install: ``resources/`` beside the ``workstation`` package;
    - a wheel installed into a venv (the hub's tarball): ``<venv>/share/workstation/resources``.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    beside = Path(__file__).resolve().parent.parent / "resources"
    installed = Path(sys.prefix) / PREFIX_RESOURCES
    if not beside.is_dir() and installed.is_dir():
        return installed
    return beside


#: The top-level ``resources/`` folder (templates, scenarios, directory data, translations).
RESOURCES = resources_dir()
