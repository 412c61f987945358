"""Peer consultation on the desk — "never alone on shift" — with the roster and its warning.

Installed by :func:`workstation.ui.consult.install.install_consult` (see ``desk_features.py``).
"""
