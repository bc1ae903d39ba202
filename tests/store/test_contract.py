"""The Store contract: every implementation (see conftest.STORE_KINDS) must pass these."""

from __future__ import annotations

import contextlib
import hashlib
import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from pressharvest.errors import StoreError
from pressharvest.harvest.store import URL_STATUSES, CommitResult, Store, content_hash, process
from pressharvest.models import PressRelease

from .conftest import RecordFactory, StoreFactory

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
HEADERS = {"content-type": "text/html; charset=utf-8", "etag": '"abc"'}


def _commit(
    store: Store, record_n: int, make_record: RecordFactory, run_id: int | None = None, **kw: object
) -> tuple[PressRelease, CommitResult]:
    record = make_record(record_n, **kw)
    sha = store.put_raw(record.url, f"<html>{record_n}</html>".encode(), HEADERS, T0, 200)
    return record, store.commit_page(record.url, record.site, record, sha, run_id=run_id)


# --- runs -----------------------------------------------------------------------------------------
def test_runs_begin_finish_and_list(store: Store) -> None:
    first = store.begin_run(["demo", "other"])
    second = store.begin_run(["demo"])
    assert second > first
    store.finish_run(first, {"new": 3, "failed": 1}, {"sites": {"demo": {"new": 3}}, "note": "Обнинск"})
    runs = store.runs()
    assert [r.run_id for r in runs] == [first, second]
    assert runs[0].sites == ["demo", "other"]
    assert runs[0].counts == {"new": 3, "failed": 1}
    assert runs[0].report == {"sites": {"demo": {"new": 3}}, "note": "Обнинск"}
    assert runs[0].finished_at is not None and runs[0].finished_at >= runs[0].started_at
    assert runs[0].started_at.tzinfo is not None
    assert runs[1].finished_at is None  # running (or died): visible as unfinished


def test_finish_unknown_run_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no run 999"):
        store.finish_run(999, {}, {})


# --- frontier -------------------------------------------------------------------------------------
def test_add_urls_is_insert_if_absent(store: Store) -> None:
    run = store.begin_run(["demo"])
    urls = ["https://demo.example.ru/a", "https://demo.example.ru/b", "https://demo.example.ru/a"]
    assert store.add_urls("demo", urls, discovered_in_run=run) == 2
    store.mark_failed("https://demo.example.ru/a", "timeout", final=False, run_id=run)
    assert store.add_urls("demo", urls) == 0  # rediscovery changes nothing
    state = store.url_state("https://demo.example.ru/a")
    assert state is not None
    assert (state.status, state.attempts, state.last_error) == ("failed", 1, "timeout")
    assert state.discovered_in_run == run
    assert state.site == "demo" and state.kind == "article"


def test_url_state_of_a_new_url(store: Store) -> None:
    assert store.url_state("https://demo.example.ru/none") is None
    store.add_urls("demo", ["https://demo.example.ru/news/"], kind="list")
    state = store.url_state("https://demo.example.ru/news/")
    assert state is not None
    assert state.kind == "list" and state.status == "new" and state.attempts == 0
    assert state.etag is None and state.record_id is None and state.next_attempt_at is None
    assert state.updated_at.tzinfo is not None


def test_known_urls_is_the_known_subset_of_that_site(store: Store) -> None:
    store.add_urls("demo", ["https://demo.example.ru/a", "https://demo.example.ru/b"])
    store.add_urls("other", ["https://other.example.ru/a"])
    asked = ["https://demo.example.ru/a", "https://demo.example.ru/z", "https://other.example.ru/a"]
    assert store.known_urls("demo", asked) == {"https://demo.example.ru/a"}
    assert store.known_urls("demo", []) == set()
    many = [f"https://demo.example.ru/{i}" for i in range(1200)]  # more than one IN (...) batch
    store.add_urls("demo", many[::2])
    assert store.known_urls("demo", many) == set(many[::2])


def test_pending_urls_new_and_due_failed_oldest_first(store: Store) -> None:
    urls = [f"https://demo.example.ru/{i}" for i in range(6)]
    store.add_urls("demo", urls)
    store.add_urls("demo", ["https://demo.example.ru/list"], kind="list")
    store.add_urls("other", ["https://other.example.ru/x"])
    store.mark_failed(urls[0], "503", final=False, run_id=None, retry_at=T0 + timedelta(hours=1))
    store.mark_failed(urls[1], "404", final=True, run_id=None)
    store.mark_failed(urls[2], "timeout", final=False, run_id=None, retry_at=T0 - timedelta(minutes=1))
    store.commit_page(urls[3], "demo", None, None, run_id=None, outcome="gone")
    assert store.pending_urls("demo", 10, now=T0) == [urls[2], urls[4], urls[5]]
    assert store.pending_urls("demo", 2, now=T0) == [urls[2], urls[4]]
    later = T0 + timedelta(hours=2)
    assert store.pending_urls("demo", 10, now=later) == [urls[0], urls[2], urls[4], urls[5]]
    assert store.pending_urls("demo", 10, kind="list", now=T0) == ["https://demo.example.ru/list"]


def test_mark_failed_counts_attempts_and_final_is_not_retried(store: Store) -> None:
    url = "https://demo.example.ru/a"
    store.add_urls("demo", [url])
    run = store.begin_run(["demo"])
    store.mark_failed(url, "connect error", final=False, run_id=run)
    store.mark_failed(url, "http 500", final=False, run_id=run, retry_at=T0)
    state = store.url_state(url)
    assert state is not None and state.attempts == 2 and state.next_attempt_at == T0
    store.mark_failed(url, "retries exhausted: http 500", final=True, run_id=run)
    state = store.url_state(url)
    assert state is not None
    assert (state.status, state.attempts, state.last_error) == (
        "final_failed",
        3,
        "retries exhausted: http 500",
    )
    assert state.next_attempt_at is None
    assert store.pending_urls("demo", 10, now=T0 + timedelta(days=9)) == []


def test_url_counts(store: Store, make_record: RecordFactory) -> None:
    assert store.url_counts() == dict.fromkeys(URL_STATUSES, 0)
    store.add_urls("demo", ["https://demo.example.ru/a", "https://demo.example.ru/b"])
    store.add_urls("other", ["https://other.example.ru/a"])
    store.mark_failed("https://demo.example.ru/a", "http 500", final=True, run_id=None)
    _commit(store, 1, make_record)
    demo = store.url_counts("demo")
    assert (demo["new"], demo["final_failed"], demo["done"], demo["failed"]) == (1, 1, 1, 0)
    assert sum(store.url_counts().values()) == 4


def test_mark_failed_and_set_validators_need_a_known_url(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown URL"):
        store.mark_failed("https://demo.example.ru/x", "boom", final=False, run_id=None)
    with pytest.raises(StoreError, match="unknown URL"):
        store.set_validators("https://demo.example.ru/x", '"e"', None)


def test_set_validators(store: Store) -> None:
    url = "https://demo.example.ru/news/"
    store.add_urls("demo", [url], kind="list")
    store.set_validators(url, 'W/"123"', "Wed, 15 Jul 2020 07:29:00 GMT")
    state = store.url_state(url)
    assert state is not None
    assert (state.etag, state.last_modified) == ('W/"123"', "Wed, 15 Jul 2020 07:29:00 GMT")
    store.set_validators(url, None, None)
    state = store.url_state(url)
    assert state is not None and (state.etag, state.last_modified) == (None, None)


# --- raw pages ------------------------------------------------------------------------------------
def test_put_and_get_raw_content_addressed(store: Store) -> None:
    content = "<html><p>Текст новости</p></html>".encode("cp1251") * 50
    sha = store.put_raw("https://demo.example.ru/a", content, HEADERS, T0, 200)
    assert sha == hashlib.sha256(content).hexdigest()
    assert store.get_raw(sha) == content
    assert store.get_raw("0" * 64) is None
    # the same bytes under another URL: the same blob
    assert store.put_raw("https://demo.example.ru/b", content, {}, T0, 200) == sha
    assert store.put_raw("https://demo.example.ru/empty", b"", {}, T0, 200) == hashlib.sha256(b"").hexdigest()
    assert store.get_raw(hashlib.sha256(b"").hexdigest()) == b""


def test_raw_pages_latest_per_url_with_headers_and_site(store: Store) -> None:
    store.add_urls("demo", ["https://demo.example.ru/a", "https://demo.example.ru/b"])
    store.add_urls("other", ["https://other.example.ru/a"])
    store.put_raw("https://demo.example.ru/a", b"old", HEADERS, T0, 200)
    later = T0 + timedelta(days=1)
    store.put_raw("https://demo.example.ru/a", b"new", {"content-type": "text/html"}, later, 200)
    store.put_raw("https://demo.example.ru/b", b"gone", {}, T0, 404)
    store.put_raw("https://other.example.ru/a", b"x", {}, T0, 200)
    store.put_raw("https://nowhere.example.ru/", b"y", {}, T0, 200)  # never added to the frontier

    pages = list(store.raw_pages())
    assert [p.url for p in pages] == sorted(p.url for p in pages)
    assert len(pages) == 4
    demo = {p.url: p for p in store.raw_pages("demo")}
    assert set(demo) == {"https://demo.example.ru/a", "https://demo.example.ru/b"}
    a = demo["https://demo.example.ru/a"]
    assert (a.content, a.headers, a.fetched_at, a.status, a.site) == (
        b"new",
        {"content-type": "text/html"},
        later,
        200,
        "demo",
    )
    assert a.sha256 == hashlib.sha256(b"new").hexdigest()
    assert demo["https://demo.example.ru/b"].status == 404
    assert store.get_raw(hashlib.sha256(b"old").hexdigest()) == b"old"  # old blobs stay
    assert {p.url: p.site for p in pages}["https://nowhere.example.ru/"] is None


def test_raw_pages_streams_many(store: Store) -> None:
    urls = [f"https://demo.example.ru/{i:04d}" for i in range(1100)]
    store.add_urls("demo", urls)
    for url in urls:
        store.put_raw(url, url.encode(), {}, T0, 200)
    assert [p.url for p in store.raw_pages("demo")] == urls


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        store.put_raw("https://demo.example.ru/a", b"x", {}, datetime(2024, 1, 1), 200)  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive"):
        store.set_host_state("demo.example.ru", datetime(2024, 1, 1), None, None)  # noqa: DTZ001


# --- records --------------------------------------------------------------------------------------
def test_commit_new_record_marks_url_done(store: Store, make_record: RecordFactory) -> None:
    run = store.begin_run(["demo"])
    record, result = _commit(store, 1, make_record, run_id=run)
    assert result is CommitResult.NEW
    assert store.get_record(record.id) == record
    state = store.url_state(record.url)
    assert state is not None
    assert (state.status, state.record_id, state.content_hash) == ("done", record.id, content_hash(record))
    assert state.raw_sha == hashlib.sha256(b"<html>1</html>").hexdigest()
    assert state.attempts == 1 and state.last_error is None
    assert store.record_count() == 1
    [version] = store.record_versions(record.id)
    assert (version.version, version.content_hash, version.parser, version.run_id) == (
        1,
        content_hash(record),
        "x/1",
        run,
    )
    assert version.raw_sha == state.raw_sha


def test_committing_the_same_page_twice_is_idempotent(store: Store, make_record: RecordFactory) -> None:
    record, first = _commit(store, 1, make_record)
    _, second = _commit(store, 1, make_record)
    assert (first, second) == (CommitResult.NEW, CommitResult.UNCHANGED)
    assert store.record_count() == 1
    assert list(store.records()) == [record]
    assert len(store.record_versions(record.id)) == 1


def test_unchanged_content_keeps_version_but_takes_latest_provenance(store: Store, make_record: RecordFactory) -> None:
    old = make_record(1)
    new = make_record(1, raw=b"<html>with a new sidebar</html>", fetched_at="2020-07-16T08:00:00Z")
    assert content_hash(old) == content_hash(new)
    sha_old = store.put_raw(old.url, b"<html>page demo 1</html>", {}, T0, 200)
    sha_new = store.put_raw(new.url, b"<html>with a new sidebar</html>", {}, T0, 200)
    assert store.commit_page(old.url, "demo", old, sha_old, run_id=None) is CommitResult.NEW
    assert store.commit_page(new.url, "demo", new, sha_new, run_id=None) is CommitResult.UNCHANGED
    assert store.get_record(old.id) == new
    [version] = store.record_versions(old.id)
    assert version.raw_sha == sha_old  # the version still names the page it first came from


def test_changed_content_makes_a_new_version_and_keeps_the_old_hash(store: Store, make_record: RecordFactory) -> None:
    run1 = store.begin_run(["demo"])
    original, _ = _commit(store, 7, make_record, run_id=run1)
    run2 = store.begin_run(["demo"])
    edited, result = _commit(store, 7, make_record, run_id=run2, body=["Исправленный текст."])
    assert result is CommitResult.CHANGED
    assert store.record_count() == 1
    assert store.get_record(original.id) == edited
    versions = store.record_versions(original.id)
    assert [(v.version, v.content_hash, v.run_id) for v in versions] == [
        (1, content_hash(original), run1),
        (2, content_hash(edited), run2),
    ]
    state = store.url_state(original.url)
    assert state is not None and state.content_hash == content_hash(edited)
    # and back to the original text: a third version, not a revert
    _, result = _commit(store, 7, make_record, run_id=run2)
    assert result is CommitResult.CHANGED
    assert [v.version for v in store.record_versions(original.id)] == [1, 2, 3]


def test_refused_and_gone_pages(store: Store, make_record: RecordFactory) -> None:
    run = store.begin_run(["demo"])
    url = "https://demo.example.ru/empty"
    sha = store.put_raw(url, b"<html></html>", {}, T0, 200)
    result = store.commit_page(url, "demo", None, sha, run_id=run, outcome="refused", reason="field 'body': empty")
    assert result is CommitResult.REFUSED
    state = store.url_state(url)
    assert state is not None
    assert (state.status, state.last_error, state.raw_sha, state.record_id) == (
        "refused",
        "field 'body': empty",
        sha,
        None,
    )
    assert store.record_count() == 0

    # a page that had a record and now is gone keeps its record
    record, _ = _commit(store, 2, make_record, run_id=run)
    assert store.commit_page(record.url, "demo", None, None, run_id=run, outcome="gone") is CommitResult.GONE
    state = store.url_state(record.url)
    assert state is not None and state.status == "gone" and state.record_id == record.id
    assert store.get_record(record.id) == record
    assert store.pending_urls("demo", 10) == []


def test_commit_page_adds_an_unknown_url(store: Store, make_record: RecordFactory) -> None:
    record = make_record(3)
    store.commit_page(record.url, "demo", record, None, run_id=None)
    state = store.url_state(record.url)
    assert state is not None and state.status == "done" and state.kind == "article"


def test_commit_page_argument_errors(store: Store, make_record: RecordFactory) -> None:
    record = make_record(1)
    with pytest.raises(ValueError, match="needs a record"):
        store.commit_page(record.url, "demo", None, None, run_id=None)
    with pytest.raises(ValueError, match="takes no record"):
        store.commit_page(record.url, "demo", record, None, run_id=None, outcome="refused")
    with pytest.raises(ValueError, match="belongs to site"):
        store.commit_page(record.url, "other", record, None, run_id=None)
    with pytest.raises(ValueError, match="unknown outcome"):
        store.commit_page(record.url, "demo", None, None, run_id=None, outcome="weird")  # type: ignore[arg-type]
    assert store.url_state(record.url) is None


def test_a_failed_commit_leaves_neither_record_nor_url_state(store: Store, make_record: RecordFactory) -> None:
    record = make_record(1)
    store.add_urls("demo", [record.url])
    # The raw page was never stored: the transaction fails after writing the record.
    with pytest.raises(StoreError):
        store.commit_page(record.url, "demo", record, "f" * 64, run_id=None)
    assert store.get_record(record.id) is None
    assert store.record_versions(record.id) == []
    state = store.url_state(record.url)
    assert state is not None and state.status == "new" and state.attempts == 0
    assert store.pending_urls("demo", 10) == [record.url]


def test_records_filters_and_order(store: Store, make_record: RecordFactory) -> None:
    run1 = store.begin_run(["demo", "other"])
    _commit(store, 3, make_record, run_id=run1, published_at="2020-07-15T07:29:00+03:00")
    _commit(store, 1, make_record, run_id=run1, published_at="2012-12-26T00:30:00+04:00")  # 25th in UTC
    _commit(store, 2, make_record, run_id=run1, published_at="2021-01-01T00:00:00+03:00")
    _commit(store, 1, make_record, run_id=run1, site="other", published_at="2020-07-14T23:59:00+03:00")
    run2 = store.begin_run(["demo"])
    _commit(store, 3, make_record, run_id=run2, published_at="2020-07-15T07:29:00+03:00")  # unchanged
    _commit(store, 2, make_record, run_id=run2, published_at="2021-01-01T00:00:00+03:00", title="Новый заголовок")
    _commit(store, 4, make_record, run_id=run2, published_at="2020-07-16T10:00:00+03:00")

    def ids(**kw: object) -> list[str]:
        return [r.id for r in store.records(**kw)]  # type: ignore[arg-type]

    assert ids() == ["demo:1", "demo:2", "demo:3", "demo:4", "other:1"]
    assert ids(site="other") == ["other:1"]
    assert ids(since=date(2012, 12, 26), until=date(2012, 12, 26)) == ["demo:1"]  # the local day counts
    assert ids(since=date(2020, 7, 15)) == ["demo:2", "demo:3", "demo:4"]
    assert ids(until=date(2020, 7, 15)) == ["demo:1", "demo:3", "other:1"]
    assert ids(site="demo", since=date(2020, 7, 15), until=date(2020, 7, 16)) == ["demo:3", "demo:4"]
    assert ids(run_id=run1) == ["demo:1", "demo:2", "demo:3", "other:1"]
    assert ids(run_id=run2) == ["demo:2", "demo:4"]  # new or changed in run 2
    assert ids(run_id=run2, since=date(2020, 7, 16), until=date(2020, 7, 16)) == ["demo:4"]
    assert store.record_count() == 5
    assert store.record_count("demo") == 4
    assert store.record_count("nobody") == 0


def test_records_streams_more_than_one_batch(store: Store, make_record: RecordFactory) -> None:
    for n in range(1, 1101):
        store.commit_page(f"https://demo.example.ru/news/news_{n}.html", "demo", make_record(n), None, run_id=None)
    got = [r.id for r in store.records()]
    assert len(got) == 1100 and len(set(got)) == 1100
    assert got == sorted(got)


def test_record_versions_of_unknown_id_is_empty(store: Store) -> None:
    assert store.record_versions("demo:404") == []
    assert store.get_record("demo:404") is None


def test_content_hash_ignores_provenance_only(make_record: RecordFactory) -> None:
    base = make_record(1)
    assert content_hash(base) == content_hash(make_record(1, raw=b"other bytes", fetched_at=None))
    assert content_hash(base) != content_hash(make_record(1, rating=3))
    assert len(content_hash(base)) == 64


# --- hosts ----------------------------------------------------------------------------------------
def test_host_state_round_trip(store: Store) -> None:
    assert store.host_state("admobninsk.ru") is None
    store.set_host_state("admobninsk.ru", T0, 2.5, None)
    state = store.host_state("admobninsk.ru")
    assert state is not None
    assert (state.host, state.next_allowed_at, state.crawl_delay, state.backoff_until) == (
        "admobninsk.ru",
        T0,
        2.5,
        None,
    )
    moscow = T0.astimezone(datetime.fromisoformat("2024-05-01T15:00:00+03:00").tzinfo)
    store.set_host_state("admobninsk.ru", None, None, moscow + timedelta(minutes=5))
    state = store.host_state("admobninsk.ru")
    assert state is not None
    assert state.next_allowed_at is None and state.crawl_delay is None
    assert state.backoff_until == T0 + timedelta(minutes=5)


# --- lock and lifetime ----------------------------------------------------------------------------
def test_lock_is_exclusive_between_stores(store_factory: StoreFactory) -> None:
    first, second = store_factory(), store_factory()
    assert first.lock_holder() is None
    first.acquire_lock("harvest")
    first.acquire_lock("harvest")  # re-entrant for its holder
    with pytest.raises(StoreError, match=r"locked by harvest \(pid \d+"):
        second.acquire_lock("another harvest")
    holder = second.lock_holder()
    assert holder is not None and holder.owner == "harvest"
    first.release_lock()
    second.release_lock()  # not held: nothing happens
    second.acquire_lock("another harvest")
    first.release_lock()  # not held by first any more: must not free second's lock
    holder = first.lock_holder()
    assert holder is not None and holder.owner == "another harvest"


def test_two_runs_starting_together_do_not_both_get_the_lock(
    store_factory: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both look at the empty lock table before either writes (the pause sits between the two steps):
    # on PostgreSQL the SELECT … FOR UPDATE of an empty table locks nothing, and an upsert let the
    # second run overwrite the first's lock, so both harvested.
    first, second = store_factory(), store_factory()
    start_token = process.start_token
    both_looked = threading.Barrier(2, timeout=2)

    def slow_start_token(pid: int) -> str | None:
        # On SQLite, BEGIN IMMEDIATE lets only one in at a time: the barrier breaks after its timeout.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait()
        return start_token(pid)

    monkeypatch.setattr(process, "start_token", slow_start_token)
    outcomes: dict[str, str] = {}

    def take(name: str, store: Store) -> None:
        try:
            store.acquire_lock(name)
            outcomes[name] = "acquired"
        except StoreError as error:
            outcomes[name] = str(error)

    threads = [threading.Thread(target=take, args=(name, store)) for name, store in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["a", "b"]
    assert list(outcomes.values()).count("acquired") == 1, outcomes
    refused = next(message for message in outcomes.values() if message != "acquired")
    assert "locked" in refused
    holder = first.lock_holder()
    assert holder is not None and outcomes[holder.owner] == "acquired"


def test_close_releases_the_lock_and_is_idempotent(store_factory: StoreFactory) -> None:
    first, second = store_factory(), store_factory()
    with first:
        first.acquire_lock("harvest")
    first.close()
    second.acquire_lock("next")
    with pytest.raises(StoreError, match="closed"):
        first.record_count()


def test_two_connections_see_each_others_commits(store_factory: StoreFactory, make_record: RecordFactory) -> None:
    writer, reader = store_factory(), store_factory()
    record, _ = _commit(writer, 1, make_record)
    assert reader.get_record(record.id) == record


def test_usable_from_another_thread(store: Store, make_record: RecordFactory) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            _commit(store, 1, make_record)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []
    assert store.record_count() == 1
