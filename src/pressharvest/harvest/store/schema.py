"""The SQLite schema, versioned with `PRAGMA user_version`, and the migrations between versions.

`MIGRATIONS[n]` takes a database from version n to n + 1; a fresh file is version 0. A migration runs
inside one `BEGIN IMMEDIATE` transaction (SQLite DDL is transactional), so a crash mid-migration leaves
the previous version intact, and two processes opening a fresh file at once cannot both migrate it.
To change the schema: append a migration, never edit a released one.

Times are ISO 8601 UTC text in one fixed format (see `sqlite.py`), so they compare as strings.
"""

from __future__ import annotations

import sqlite3

from pressharvest.errors import StoreError

_V1: tuple[str, ...] = (
    """CREATE TABLE runs (
        run_id      INTEGER PRIMARY KEY AUTOINCREMENT,
        sites       TEXT NOT NULL,              -- JSON list of site ids
        started_at  TEXT NOT NULL,
        finished_at TEXT,                       -- NULL: running, or the process died
        counts      TEXT NOT NULL DEFAULT '{}', -- JSON object
        report      TEXT NOT NULL DEFAULT '{}'  -- JSON object
    )""",
    # Content-addressed raw bytes, compressed. Rowid table: large values belong out of a b-tree key.
    """CREATE TABLE blobs (
        sha256 TEXT NOT NULL UNIQUE,  -- of the raw (uncompressed) bytes
        size   INTEGER NOT NULL,      -- raw size in bytes
        codec  TEXT NOT NULL,         -- 'zlib'
        data   BLOB NOT NULL
    )""",
    # The latest response per URL.
    """CREATE TABLE raw_pages (
        url        TEXT PRIMARY KEY,
        sha256     TEXT NOT NULL REFERENCES blobs (sha256),
        headers    TEXT NOT NULL,  -- JSON object
        fetched_at TEXT NOT NULL,
        status     INTEGER NOT NULL
    )""",
    """CREATE TABLE records (
        id            TEXT PRIMARY KEY,
        site          TEXT NOT NULL,
        url           TEXT NOT NULL,
        published_day TEXT NOT NULL,  -- YYYY-MM-DD of published_at, in the site's own zone
        content_hash  TEXT NOT NULL,
        version       INTEGER NOT NULL,
        data          TEXT NOT NULL   -- the record as JSON (UTF-8, not ASCII-escaped)
    )""",
    "CREATE INDEX records_site ON records (site, id)",
    "CREATE INDEX records_day ON records (published_day)",
    """CREATE TABLE record_versions (
        record_id    TEXT NOT NULL REFERENCES records (id),
        version      INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        raw_sha      TEXT REFERENCES blobs (sha256),
        parser       TEXT NOT NULL,
        run_id       INTEGER REFERENCES runs (run_id),
        committed_at TEXT NOT NULL,
        PRIMARY KEY (record_id, version)
    )""",
    "CREATE INDEX record_versions_run ON record_versions (run_id)",
    # The frontier. `seq` orders URLs by discovery (oldest first) for `pending_urls`.
    """CREATE TABLE urls (
        seq               INTEGER PRIMARY KEY,
        url               TEXT NOT NULL UNIQUE,
        site              TEXT NOT NULL,
        kind              TEXT NOT NULL CHECK (kind IN ('article', 'list')),
        status            TEXT NOT NULL
                          CHECK (status IN ('new', 'done', 'failed', 'final_failed', 'refused', 'gone')),
        attempts          INTEGER NOT NULL DEFAULT 0,
        last_error        TEXT,
        etag              TEXT,
        last_modified     TEXT,
        content_hash      TEXT,
        record_id         TEXT REFERENCES records (id),
        raw_sha           TEXT REFERENCES blobs (sha256),
        next_attempt_at   TEXT,
        discovered_in_run INTEGER REFERENCES runs (run_id),
        last_run          INTEGER REFERENCES runs (run_id),
        updated_at        TEXT NOT NULL
    )""",
    "CREATE INDEX urls_pending ON urls (site, kind, status, seq)",
    """CREATE TABLE hosts (
        host            TEXT PRIMARY KEY,
        next_allowed_at TEXT,
        crawl_delay     REAL,
        backoff_until   TEXT
    )""",
    # At most one row: the process running a harvest on this database.
    """CREATE TABLE run_lock (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        owner       TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        hostname    TEXT NOT NULL,
        pid_start   TEXT,  -- the process's start time (Linux /proc), to see through pid reuse
        acquired_at TEXT NOT NULL
    )""",
)

# Version 2 (issue 9): the host lease beside the host's politeness state, and where each site's
# discovery walk stands, so the slice function runs on SQLite (embedded) as on PostgreSQL.
_V2: tuple[str, ...] = (
    "ALTER TABLE hosts ADD COLUMN lease_token TEXT",
    "ALTER TABLE hosts ADD COLUMN lease_owner TEXT",
    "ALTER TABLE hosts ADD COLUMN lease_until TEXT",
    """CREATE TABLE site_state (
        site          TEXT PRIMARY KEY,
        walk_url      TEXT,
        walk_pages    INTEGER NOT NULL DEFAULT 0,
        discovered_at TEXT,
        last_slice_at TEXT,
        slices        INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT
    )""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)

_OUR_TABLES = frozenset(
    {"runs", "blobs", "raw_pages", "records", "record_versions", "urls", "hosts", "run_lock", "site_state"}
)


def user_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the database at `path` to `SCHEMA_VERSION`; `conn` is in autocommit mode."""
    if user_version(conn) == SCHEMA_VERSION:  # the common case takes no write lock
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = user_version(conn)  # again: another process may have migrated meanwhile
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the database has schema version {version}, newer than this pressharvest "
                f"understands ({SCHEMA_VERSION}); upgrade pressharvest",
                path=path,
            )
        if version == 0:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            foreign = sorted(tables - _OUR_TABLES - {"sqlite_sequence"})
            if foreign:
                raise StoreError(
                    "an SQLite database that is not a pressharvest store "
                    f"(tables: {', '.join(foreign[:5])}); pass another --db path",
                    path=path,
                )
        for step in MIGRATIONS[version:]:
            for statement in step:
                conn.execute(statement)
        # PRAGMA takes no parameters; SCHEMA_VERSION is our own int.
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
