"""The integration tests run on SQLite, and the modules in :data:`ON_POSTGRES` on PostgreSQL
too (each test twice: ``[sqlite]`` and ``[postgres]``; issue 16). ``HUB_TEST_BACKENDS=both``
runs every module on both (to find what is not yet portable: docs/store.md)."""

from __future__ import annotations

import os

import pytest

from tests.support.hubs import BACKENDS

#: Modules whose tests pass on both databases (docs/store.md lists what is left).
ON_POSTGRES = frozenset({
    "test_desk_features",
    "test_hub_contact",
    "test_hub_staff",
    "test_practice",
})
ENV = "HUB_TEST_BACKENDS"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    if any(mark.args and mark.args[0] == "backend"
           for mark in metafunc.definition.iter_markers("parametrize")):
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in ON_POSTGRES or os.environ.get(ENV) == "both":
        metafunc.parametrize("backend", BACKENDS, indirect=True)
