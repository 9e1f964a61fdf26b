namespace Herald.Storage.Sqlite;

/// <summary>Versioned migrations, applied in order at start; PRAGMA user_version records how far a file has come.</summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE apps (id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), name TEXT NOT NULL, scope TEXT NOT NULL,
            hash BLOB NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
        CREATE INDEX ix_api_keys_app ON api_keys(app_id);
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY, app_id TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, version INTEGER NOT NULL,
            sender_uid TEXT, received_at INTEGER NOT NULL, payload TEXT NOT NULL, duplicates INTEGER NOT NULL DEFAULT 0,
            UNIQUE (app_id, id));
        CREATE INDEX ix_events_app_received ON events(app_id, received_at);
        CREATE TABLE endpoints (
            id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), url TEXT NOT NULL, description TEXT NOT NULL,
            event_types TEXT NOT NULL, enabled INTEGER NOT NULL, rate_limit INTEGER NOT NULL, timeout_ms INTEGER,
            disabled_reason TEXT, failing_since INTEGER, deleted_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE INDEX ix_endpoints_app ON endpoints(app_id);
        CREATE TABLE endpoint_secrets (
            id INTEGER PRIMARY KEY, endpoint_id TEXT NOT NULL REFERENCES endpoints(id), secret BLOB NOT NULL,
            created_at INTEGER NOT NULL, expires_at INTEGER);
        CREATE INDEX ix_endpoint_secrets_endpoint ON endpoint_secrets(endpoint_id);
        CREATE TABLE deliveries (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, app_id TEXT NOT NULL, event_seq INTEGER NOT NULL REFERENCES events(seq),
            endpoint_id TEXT NOT NULL, event_type TEXT NOT NULL, uid TEXT, status TEXT NOT NULL, lane INTEGER NOT NULL,
            schedule_index INTEGER NOT NULL, attempt_count INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, lease_owner TEXT,
            last_status INTEGER, last_error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        -- The queue: only pending rows are indexed, by lane then due time, so claiming stays cheap with any history.
        CREATE INDEX ix_deliveries_due ON deliveries(lane, next_attempt_at) WHERE status = 'pending';
        CREATE INDEX ix_deliveries_app ON deliveries(app_id, seq);
        CREATE UNIQUE INDEX ix_deliveries_endpoint_event ON deliveries(endpoint_id, event_seq);
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY, delivery_seq INTEGER NOT NULL REFERENCES deliveries(seq), attempt INTEGER NOT NULL,
            started_at INTEGER NOT NULL, duration_ms REAL NOT NULL, status_code INTEGER, outcome TEXT NOT NULL,
            error TEXT, response TEXT);
        CREATE INDEX ix_attempts_delivery ON attempts(delivery_seq);
        """,
    ];
}
