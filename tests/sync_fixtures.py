"""Fixtures of the tests that sync real processes through the fault proxy
(test_sync_faults, test_sync_kill): one central server and one blank office folder per
module, a proxy per test, and batches smaller than the server takes.

Loaded for the whole suite by ``pytest_plugins`` in conftest.py; a module that needs other
fixtures of these names defines its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faultproxy import FaultProxy
from sync_support import Central, blank_folder, central_server

from desktop.services.sync import BATCH_ENV

# SEWAKA_SYNC_BATCH in these tests: below sync.wire.MAX_BATCH, so a round crosses several
# batch boundaries (where faults and kills land), as an office on a poor link would set it.
SMALL_BATCH = 500


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BATCH_ENV, str(SMALL_BATCH))


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    with central_server(tmp_path_factory.mktemp("central")) as started:
        yield started


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return blank_folder(tmp_path_factory.mktemp("blank") / "kantor")


@pytest.fixture
def proxy(central: Central) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", central.server.port, per_request=True) as started:
        yield started
