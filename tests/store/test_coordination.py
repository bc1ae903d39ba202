"""The `SliceStore` additions (host leases, politeness state, site state), on every store kind.

Both stores must pass these: the slice function runs on SQLite (embedded) and PostgreSQL (workers).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest

from pressharvest.errors import LeaseLost
from pressharvest.harvest.store import CommitResult
from pressharvest.harvest.store.coordination import SliceStore

from .conftest import RecordFactory, StoreFactory

HOST = "admobninsk.ru"


def _slice_store(factory: StoreFactory) -> SliceStore:
    return cast(SliceStore, factory())


def test_a_lease_is_exclusive_until_released(store_factory: StoreFactory) -> None:
    first, second = _slice_store(store_factory), _slice_store(store_factory)
    lease = first.acquire_host(HOST, "worker-1", ttl=60)
    assert lease is not None and lease.owner == "worker-1" and len(lease.token) >= 16
    assert second.acquire_host(HOST, "worker-2", ttl=60) is None
    assert first.acquire_host(HOST, "worker-1", ttl=60) is None  # not re-entrant: one slice per host
    held = second.host_lease(HOST)
    assert held is not None and held.token == lease.token
    assert second.acquire_host("other.ru", "worker-2", ttl=60) is not None  # other hosts are free
    first.release_host(lease)
    assert second.host_lease(HOST) is None
    taken = second.acquire_host(HOST, "worker-2", ttl=60)
    assert taken is not None and taken.token != lease.token
    first.release_host(lease)  # a stale release must not free the new holder's lease
    assert second.host_lease(HOST) is not None


def test_an_expired_lease_is_taken_over_and_the_old_holder_is_refused(
    store_factory: StoreFactory, make_record: RecordFactory
) -> None:
    stalled, fresh = _slice_store(store_factory), _slice_store(store_factory)
    old = stalled.acquire_host(HOST, "stalled", ttl=0.2)
    assert old is not None
    deadline = time.monotonic() + 10
    new = None
    while new is None and time.monotonic() < deadline:
        time.sleep(0.05)
        new = fresh.acquire_host(HOST, "fresh", ttl=60)
    assert new is not None, "an expired lease must be taken over"
    with pytest.raises(LeaseLost):
        stalled.renew_host(old, 60)
    record = make_record(1)
    with pytest.raises(LeaseLost):
        stalled.commit_page(record.url, "demo", record, None, run_id=None, lease=old)
    assert stalled.get_record(record.id) is None and stalled.url_state(record.url) is None
    assert fresh.commit_page(record.url, "demo", record, None, run_id=None, lease=new) is CommitResult.NEW
    assert fresh.renew_host(new, 60).expires_at >= new.expires_at


def test_renew_records_the_next_allowed_start_and_never_moves_it_back(store_factory: StoreFactory) -> None:
    store = _slice_store(store_factory)
    lease = store.acquire_host(HOST, "w", ttl=60)
    assert lease is not None
    t1 = datetime.now(UTC) + timedelta(seconds=30)
    store.renew_host(lease, 60, next_allowed_at=t1)
    state = store.host_state(HOST)
    assert state is not None and state.next_allowed_at == t1
    store.renew_host(lease, 60, next_allowed_at=t1 - timedelta(seconds=20))  # earlier: a Retry-After wins
    state = store.host_state(HOST)
    assert state is not None and state.next_allowed_at == t1
    store.renew_host(lease, 60)  # no time given: unchanged
    store.set_host_state(HOST, t1 + timedelta(seconds=5), 2.0, None)  # the lease survives a state write
    assert store.host_lease(HOST) is not None
    state = store.host_state(HOST)
    assert state is not None and state.crawl_delay == 2.0


def test_only_one_of_many_concurrent_acquirers_wins(store_factory: StoreFactory) -> None:
    stores = [_slice_store(store_factory) for _ in range(6)]
    wins: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(stores))

    def race(store: SliceStore, name: str) -> None:
        try:
            barrier.wait(timeout=30)
            if store.acquire_host(HOST, name, ttl=60) is not None:
                wins.append(name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(s, f"w{i}")) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(wins) == 1


def test_concurrent_commits_of_one_record_make_one_version(
    store_factory: StoreFactory, make_record: RecordFactory
) -> None:
    stores = [_slice_store(store_factory) for _ in range(4)]
    record = make_record(5)
    results: list[CommitResult] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(stores))

    def commit(store: SliceStore) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(store.commit_page(record.url, "demo", record, None, run_id=None))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=commit, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == sorted([CommitResult.NEW] + [CommitResult.UNCHANGED] * 3)
    assert [v.version for v in stores[0].record_versions(record.id)] == [1]


def test_site_state_round_trip_counts_slices(store_factory: StoreFactory) -> None:
    store = _slice_store(store_factory)
    assert store.site_state("demo") is None
    store.set_site_state("demo", walk_url="https://demo.example.ru/news/?page=3", walk_pages=2,
                         discovered_at=None, error=None)
    state = store.site_state("demo")
    assert state is not None
    assert (state.walk_url, state.walk_pages, state.discovered_at, state.slices) == (
        "https://demo.example.ru/news/?page=3", 2, None, 1
    )
    assert state.last_slice_at is not None and state.last_slice_at.tzinfo is not None
    done = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    store.set_site_state("demo", walk_url=None, walk_pages=0, discovered_at=done, error="http 503")
    state = store.site_state("demo")
    assert state is not None
    assert (state.walk_url, state.discovered_at, state.slices, state.last_error) == (None, done, 2, "http 503")
