"""Where ``resources/`` is found: a checkout, a frozen desk bundle, an installed hub venv."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from workstation import paths


def test_a_checkout_uses_the_resources_beside_the_package() -> None:
    assert paths.resources_dir() == Path(paths.__file__).resolve().parent.parent / "resources"
    assert (paths.RESOURCES / "categories.json").is_file()


def test_a_frozen_bundle_uses_the_resources_it_unpacked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_an_installed_wheel_uses_the_resources_below_its_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "venv" / "lib" / "site-packages" / "workstation"
    package.mkdir(parents=True)
    installed = tmp_path / "venv" / paths.PREFIX_RESOURCES
    installed.mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(package / "paths.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    assert paths.resources_dir() == installed
