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
        """
        -- 2: push notifications. A delivery is now a webhook, a push job (one per recipient x device,
        -- or per recipient for the custom provider) or a fan-out job that expands an event into push jobs.
        ALTER TABLE deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'webhook';
        ALTER TABLE deliveries ADD COLUMN provider TEXT;
        ALTER TABLE deliveries ADD COLUMN device_id TEXT;
        ALTER TABLE deliveries ADD COLUMN payload TEXT;
        -- A throttle summary stands for this many collapsed pushes; there is one pending per target.
        ALTER TABLE deliveries ADD COLUMN collapsed INTEGER NOT NULL DEFAULT 0;
        CREATE UNIQUE INDEX ux_deliveries_summary ON deliveries(endpoint_id) WHERE kind = 'summary';
        CREATE TABLE push_settings (app_id TEXT PRIMARY KEY REFERENCES apps(id), settings TEXT NOT NULL, updated_at INTEGER NOT NULL);
        CREATE TABLE push_event_settings (
            app_id TEXT NOT NULL REFERENCES apps(id), type TEXT NOT NULL, variant TEXT NOT NULL, allowed INTEGER NOT NULL,
            template TEXT, updated_at INTEGER NOT NULL, PRIMARY KEY (app_id, type, variant));
        CREATE TABLE push_credentials (
            id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), name TEXT NOT NULL, platform TEXT NOT NULL,
            provider TEXT NOT NULL, environment TEXT NOT NULL, active INTEGER NOT NULL, details TEXT NOT NULL, secret BLOB NOT NULL,
            expires_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE INDEX ix_push_credentials_app ON push_credentials(app_id);
        -- The one-active rule lives here, so no race between two activate calls can break it.
        CREATE UNIQUE INDEX ux_push_credentials_active ON push_credentials(app_id, platform, provider) WHERE active = 1;
        CREATE TABLE devices (
            app_id TEXT NOT NULL REFERENCES apps(id), device_id TEXT NOT NULL, uid TEXT NOT NULL, platform TEXT NOT NULL,
            provider TEXT NOT NULL, token TEXT NOT NULL, locale TEXT, environment TEXT NOT NULL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (app_id, device_id));
        CREATE UNIQUE INDEX ux_devices_token ON devices(app_id, provider, token);
        CREATE INDEX ix_devices_uid ON devices(app_id, uid);
        CREATE TABLE user_preferences (
            app_id TEXT NOT NULL REFERENCES apps(id), uid TEXT NOT NULL, prefs TEXT NOT NULL, updated_at INTEGER NOT NULL,
            PRIMARY KEY (app_id, uid));
        CREATE TABLE channel_members (app_id TEXT NOT NULL, channel_id TEXT NOT NULL, uid TEXT NOT NULL,
            PRIMARY KEY (app_id, channel_id, uid)) WITHOUT ROWID;
        CREATE TABLE push_throttle (app_id TEXT NOT NULL, uid TEXT NOT NULL, window_start INTEGER NOT NULL, count INTEGER NOT NULL,
            PRIMARY KEY (app_id, uid)) WITHOUT ROWID;
        CREATE TABLE badges (app_id TEXT NOT NULL, uid TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (app_id, uid)) WITHOUT ROWID;
        """,
        """
        -- 3: monitoring. Attempts rolled up per minute as they are recorded; what each app sends; alert states.
        CREATE TABLE rollups (
            app_id TEXT NOT NULL, bucket INTEGER NOT NULL, channel TEXT NOT NULL, target TEXT NOT NULL, code TEXT NOT NULL,
            attempts INTEGER NOT NULL, failures INTEGER NOT NULL, f4xx INTEGER NOT NULL, f5xx INTEGER NOT NULL, timeouts INTEGER NOT NULL,
            jobs_ok INTEGER NOT NULL, jobs_failed INTEGER NOT NULL,
            l0 INTEGER NOT NULL, l1 INTEGER NOT NULL, l2 INTEGER NOT NULL, l3 INTEGER NOT NULL, l4 INTEGER NOT NULL, l5 INTEGER NOT NULL,
            l6 INTEGER NOT NULL, l7 INTEGER NOT NULL, l8 INTEGER NOT NULL, l9 INTEGER NOT NULL, l10 INTEGER NOT NULL,
            PRIMARY KEY (app_id, bucket, channel, target, code)) WITHOUT ROWID;
        CREATE TABLE event_types (
            app_id TEXT NOT NULL, type TEXT NOT NULL, count INTEGER NOT NULL, duplicates INTEGER NOT NULL,
            first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, last_duplicate INTEGER, PRIMARY KEY (app_id, type)) WITHOUT ROWID;
        CREATE TABLE alert_states (
            app_id TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL, changed_at INTEGER NOT NULL, PRIMARY KEY (app_id, key)) WITHOUT ROWID;
        CREATE INDEX ix_deliveries_dead ON deliveries(app_id) WHERE status = 'failed';
        CREATE TABLE queue_samples (
            app_id TEXT NOT NULL, at INTEGER NOT NULL, pending INTEGER NOT NULL, due INTEGER NOT NULL, oldest_due_at INTEGER,
            dead_letters INTEGER NOT NULL, PRIMARY KEY (app_id, at)) WITHOUT ROWID;
        """,
        """
        -- 4: what must hold across nodes (the same members as PostgreSQL, so one compliance suite covers both):
        -- rate windows, values shared by every node (provider tokens), and which node made each attempt.
        CREATE TABLE rate_windows (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE shared_values (key TEXT PRIMARY KEY, value TEXT NOT NULL, issued_at INTEGER NOT NULL) WITHOUT ROWID;
        ALTER TABLE attempts ADD COLUMN node TEXT;
        """,
        """
        -- 5: Idempotency-Key. A row per app and key: reserved (status NULL) while its request runs, then its
        -- 2xx answer, the body encrypted (it may hold a secret). Rows older than the window are deleted a few
        -- at a time as new keys are reserved, hence the index by time.
        CREATE TABLE idempotency_keys (
            app_id TEXT NOT NULL REFERENCES apps(id), key TEXT NOT NULL, request_hash BLOB NOT NULL, created_at INTEGER NOT NULL,
            status INTEGER, content_type TEXT, location TEXT, body BLOB, PRIMARY KEY (app_id, key)) WITHOUT ROWID;
        CREATE INDEX ix_idempotency_keys_created ON idempotency_keys(app_id, created_at);
        """,
        """
        -- 6: retention. The sweep deletes an old event only when no delivery refers to it any more: that check,
        -- and the foreign key's own check on each deleted event, look deliveries up by event.
        CREATE INDEX ix_deliveries_event ON deliveries(event_seq);
        """,
        """
        -- 7: unread messages. A row per message a recipient has not read, so reading a conversation or deleting
        -- a message lowers the count; the badges table (a number that could only grow) goes. Looked up by user
        -- and conversation (the key), by message (message.deleted) and by age (the retention sweep).
        CREATE TABLE unread (
            app_id TEXT NOT NULL, uid TEXT NOT NULL, conversation_id TEXT NOT NULL, message_id TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY (app_id, uid, conversation_id, message_id)) WITHOUT ROWID;
        CREATE INDEX ix_unread_message ON unread(app_id, message_id);
        CREATE INDEX ix_unread_created ON unread(app_id, created_at);
        DROP TABLE badges;
        """,
        """
        -- 8: event schemas. An app may ask that events whose data misses their type's schema be refused (off: as before).
        ALTER TABLE apps ADD COLUMN strict_event_schemas INTEGER NOT NULL DEFAULT 0;
        """,
        """
        -- 9: the first attempt of a webhook or push job is kept in the job's own row; attempts holds the later
        -- ones (and a fan-out's). Most deliveries succeed at once, so that is one row and one index entry fewer
        -- to write, and to sweep, per delivery. attempt_log is the whole log of every delivery (a file made
        -- before this keeps its first attempts in attempts, and the view shows those too).
        ALTER TABLE deliveries ADD COLUMN first_started_at INTEGER;
        ALTER TABLE deliveries ADD COLUMN first_duration_ms REAL;
        ALTER TABLE deliveries ADD COLUMN first_status INTEGER;
        ALTER TABLE deliveries ADD COLUMN first_outcome TEXT;
        ALTER TABLE deliveries ADD COLUMN first_error TEXT;
        ALTER TABLE deliveries ADD COLUMN first_response TEXT;
        ALTER TABLE deliveries ADD COLUMN first_node TEXT;
        CREATE VIEW attempt_log AS
            SELECT 0 AS id, seq AS delivery_seq, 1 AS attempt, first_started_at AS started_at, first_duration_ms AS duration_ms,
                first_status AS status_code, first_outcome AS outcome, first_error AS error, first_response AS response, first_node AS node
            FROM deliveries WHERE first_started_at IS NOT NULL
            UNION ALL
            SELECT id, delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node FROM attempts;
        """,
    ];
}
