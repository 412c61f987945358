"""The integration tests run on SQLite, and the modules in :data:`ON_POSTGRES` on PostgreSQL
too (each test twice: ``[sqlite]`` and ``[postgres]``; issue 16). ``HUB_TEST_BACKENDS=both``
runs every module on both (to find what is not yet portable: docs/store.md)."""

from __future__ import annotations

import os

import pytest

from tests.support.hubs import BACKENDS

#: Modules whose tests pass on both databases (docs/store.md lists what is left).
ON_POSTGRES = frozenset({
    "test_abuse_connections",
    "test_abuse_database_queue",
    "test_abuse_descriptors",
    "test_abuse_files",
    "test_abuse_frames",
    "test_abuse_limits",
    "test_abuse_login",
    "test_abuse_roles",
    "test_abuse_slow_reader",
    "test_callback",
    "test_care_blocks",
    "test_care_debrief",
    "test_care_pause",
    "test_care_restart",
    "test_client_reconnect",
    "test_client_stalls",
    "test_consult",
    "test_demo_return",
    "test_desk_features",
    "test_email_feature",
    "test_failover",
    "test_hub_contact",
    "test_hub_durability",
    "test_hub_frames",
    "test_hub_staff",
    "test_idempotency",
    "test_metrics",
    "test_practice",
    "test_queue_cap",
    "test_replays",
    "test_report_approval",
    "test_resync_once",
    "test_retention",
    "test_return_code_phone",
    "test_return_codes",
    "test_return_roster",
    "test_sessions_auth",
    "test_shift_change",
    "test_sim_colleague",
    "test_sim_demo_crowd",
    "test_simulator",
    "test_sms_channel",
    "test_sms_outbox",
    "test_supervision",
    "test_time_limits",
})
#: Tests of those modules that do not pass on PostgreSQL yet, and why (docs/store.md).
NOT_YET_ON_POSTGRES = {
}
ENV = "HUB_TEST_BACKENDS"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    if any(mark.args and mark.args[0] == "backend"
           for mark in metafunc.definition.iter_markers("parametrize")):
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if os.environ.get(ENV) == "both" or (
        module in ON_POSTGRES
        and f"{module}::{metafunc.definition.originalname}" not in NOT_YET_ON_POSTGRES
    ):
        metafunc.parametrize("backend", BACKENDS, indirect=True)
