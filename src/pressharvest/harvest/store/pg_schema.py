"""The PostgreSQL schema (in its own `pressharvest` schema, beside procrastinate's tables) and its migrations.

Same tables and meaning as the SQLite schema (`schema.py`), in PostgreSQL types: `timestamptz` for
times, `bytea` for compressed raw pages, `jsonb` for JSON objects; records stay JSON text so they load
back byte for byte. Keys that are paged through in order (`records.id`, `raw_pages.url`) use the "C"
collation: byte order, as in SQLite, whatever the database's locale, with the index still usable.
`MIGRATIONS[n]` takes version n to n + 1; the version is a row of `meta`. A migration runs in one
transaction under an advisory lock, so workers starting together migrate once.
"""

from __future__ import annotations

import psycopg

from pressharvest.errors import StoreError

SCHEMA = "pressharvest"
_ADVISORY_KEY = 0x70726573  # "pres": serialises migrations between processes

_V1: tuple[str, ...] = (
    "CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)",
    """CREATE TABLE runs (
        run_id      bigserial PRIMARY KEY,
        sites       jsonb NOT NULL,
        started_at  timestamptz NOT NULL,
        finished_at timestamptz,
        counts      jsonb NOT NULL DEFAULT '{}',
        report      jsonb NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE blobs (
        sha256 text PRIMARY KEY,
        size   integer NOT NULL,
        codec  text NOT NULL,
        data   bytea NOT NULL
    )""",
    """CREATE TABLE raw_pages (
        url        text COLLATE "C" PRIMARY KEY,
        sha256     text NOT NULL REFERENCES blobs (sha256),
        headers    jsonb NOT NULL,
        fetched_at timestamptz NOT NULL,
        status     integer NOT NULL
    )""",
    """CREATE TABLE records (
        id            text COLLATE "C" PRIMARY KEY,
        site          text NOT NULL,
        url           text NOT NULL,
        published_day text NOT NULL,
        content_hash  text NOT NULL,
        version       integer NOT NULL,
        data          text NOT NULL
    )""",
    "CREATE INDEX records_site ON records (site, id)",
    "CREATE INDEX records_day ON records (published_day)",
    """CREATE TABLE record_versions (
        record_id    text NOT NULL REFERENCES records (id),
        version      integer NOT NULL,
        content_hash text NOT NULL,
        raw_sha      text REFERENCES blobs (sha256),
        parser       text NOT NULL,
        run_id       bigint REFERENCES runs (run_id),
        committed_at timestamptz NOT NULL,
        PRIMARY KEY (record_id, version)
    )""",
    "CREATE INDEX record_versions_run ON record_versions (run_id)",
    """CREATE TABLE urls (
        seq               bigserial PRIMARY KEY,
        url               text NOT NULL UNIQUE,
        site              text NOT NULL,
        kind              text NOT NULL CHECK (kind IN ('article', 'list')),
        status            text NOT NULL
                          CHECK (status IN ('new', 'done', 'failed', 'final_failed', 'refused', 'gone')),
        attempts          integer NOT NULL DEFAULT 0,
        last_error        text,
        etag              text,
        last_modified     text,
        content_hash      text,
        record_id         text REFERENCES records (id),
        raw_sha           text REFERENCES blobs (sha256),
        next_attempt_at   timestamptz,
        discovered_in_run bigint REFERENCES runs (run_id),
        last_run          bigint REFERENCES runs (run_id),
        updated_at        timestamptz NOT NULL
    )""",
    "CREATE INDEX urls_pending ON urls (site, kind, status, seq)",
    # Politeness state and the host lease, one row per host (the high-churn table: see docs/scaling.md).
    """CREATE TABLE hosts (
        host            text PRIMARY KEY,
        next_allowed_at timestamptz,
        crawl_delay     double precision,
        backoff_until   timestamptz,
        lease_token     text,
        lease_owner     text,
        lease_until     timestamptz
    )""",
    """CREATE TABLE site_state (
        site          text PRIMARY KEY,
        walk_url      text,
        walk_pages    integer NOT NULL DEFAULT 0,
        discovered_at timestamptz,
        last_slice_at timestamptz,
        slices        integer NOT NULL DEFAULT 0,
        last_error    text
    )""",
    """CREATE TABLE run_lock (
        id          integer PRIMARY KEY CHECK (id = 1),
        owner       text NOT NULL,
        pid         integer NOT NULL,
        hostname    text NOT NULL,
        pid_start   text,
        acquired_at timestamptz NOT NULL
    )""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1,)
SCHEMA_VERSION = len(MIGRATIONS)


def _version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    exists = conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.meta",)).fetchone()
    if exists is None or exists[0] is None:
        return 0
    row = conn.execute(f"SELECT value FROM {SCHEMA}.meta WHERE key = 'schema_version'").fetchone()
    return 0 if row is None else int(str(row[0]))


def migrate(conn: psycopg.Connection[tuple[object, ...]], where: str) -> None:
    """Bring the database to `SCHEMA_VERSION`; `conn` is in autocommit mode."""
    if _version(conn) == SCHEMA_VERSION:  # the common case takes no lock
        return
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_KEY,))
        version = _version(conn)  # again: another process may have migrated meanwhile
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the database has schema version {version}, newer than this pressharvest "
                f"understands ({SCHEMA_VERSION}); upgrade pressharvest",
                path=where,
            )
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        for step in MIGRATIONS[version:]:
            for statement in step:
                conn.execute(statement)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(SCHEMA_VERSION),),
        )
