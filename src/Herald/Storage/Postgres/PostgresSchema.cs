namespace Herald.Storage.Postgres;

/// <summary>
/// Versioned migrations, applied in order at start inside one transaction that holds an advisory lock,
/// so N nodes starting at once migrate once; schema_version records how far the database has come.
/// The tables and indexes are SQLite's, with PostgreSQL types: bigint for unix-ms times and sequence
/// numbers, integer where the records hold an int, boolean for flags, bytea for encrypted secrets.
/// JSON stays text, not jsonb: an event's payload is the exact webhook body that is signed, and jsonb
/// would reorder keys and drop whitespace; the other documents (settings, templates, preferences,
/// credential details) are read and written whole, never queried inside, so parsing them on every
/// write would buy nothing.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key migrations hold ("herald" in ASCII).</summary>
    public const long MigrationLock = 0x68_65_72_61_6c_64;

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE apps (id text PRIMARY KEY, name text NOT NULL, region text NOT NULL, created_at bigint NOT NULL);
        CREATE TABLE api_keys (
            id text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), name text NOT NULL, scope text NOT NULL,
            hash bytea NOT NULL, created_at bigint NOT NULL, revoked_at bigint);
        CREATE INDEX ix_api_keys_app ON api_keys(app_id);
        CREATE TABLE events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, app_id text NOT NULL, id text NOT NULL, type text NOT NULL,
            version integer NOT NULL, sender_uid text, received_at bigint NOT NULL, payload text NOT NULL,
            duplicates integer NOT NULL DEFAULT 0, UNIQUE (app_id, id));
        CREATE INDEX ix_events_app_received ON events(app_id, received_at);
        CREATE TABLE endpoints (
            id text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), url text NOT NULL, description text NOT NULL,
            event_types text NOT NULL, enabled boolean NOT NULL, rate_limit integer NOT NULL, timeout_ms integer,
            disabled_reason text, failing_since bigint, deleted_at bigint, created_at bigint NOT NULL, updated_at bigint NOT NULL);
        CREATE INDEX ix_endpoints_app ON endpoints(app_id);
        CREATE TABLE endpoint_secrets (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, endpoint_id text NOT NULL REFERENCES endpoints(id), secret bytea NOT NULL,
            created_at bigint NOT NULL, expires_at bigint);
        CREATE INDEX ix_endpoint_secrets_endpoint ON endpoint_secrets(endpoint_id);
        CREATE TABLE deliveries (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE, app_id text NOT NULL,
            event_seq bigint NOT NULL REFERENCES events(seq), endpoint_id text NOT NULL, event_type text NOT NULL, uid text,
            status text NOT NULL, lane integer NOT NULL, schedule_index integer NOT NULL, attempt_count integer NOT NULL,
            next_attempt_at bigint NOT NULL, lease_owner text, last_status integer, last_error text,
            created_at bigint NOT NULL, updated_at bigint NOT NULL,
            kind text NOT NULL DEFAULT 'webhook', provider text, device_id text, payload text, collapsed integer NOT NULL DEFAULT 0);
        -- The queue: only pending rows are indexed, by lane then due time, so claiming stays cheap with any history.
        CREATE INDEX ix_deliveries_due ON deliveries(lane, next_attempt_at) WHERE status = 'pending';
        CREATE INDEX ix_deliveries_app ON deliveries(app_id, seq);
        CREATE UNIQUE INDEX ix_deliveries_endpoint_event ON deliveries(endpoint_id, event_seq);
        -- A throttle summary target has one row; a repeat counts into it while it is pending.
        CREATE UNIQUE INDEX ux_deliveries_summary ON deliveries(endpoint_id) WHERE kind = 'summary';
        CREATE TABLE attempts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, delivery_seq bigint NOT NULL REFERENCES deliveries(seq),
            attempt integer NOT NULL, started_at bigint NOT NULL, duration_ms double precision NOT NULL, status_code integer,
            outcome text NOT NULL, error text, response text, node text);
        CREATE INDEX ix_attempts_delivery ON attempts(delivery_seq);
        CREATE TABLE push_settings (app_id text PRIMARY KEY REFERENCES apps(id), settings text NOT NULL, updated_at bigint NOT NULL);
        CREATE TABLE push_event_settings (
            app_id text NOT NULL REFERENCES apps(id), type text NOT NULL, variant text NOT NULL, allowed boolean NOT NULL,
            template text, updated_at bigint NOT NULL, PRIMARY KEY (app_id, type, variant));
        CREATE TABLE push_credentials (
            id text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), name text NOT NULL, platform text NOT NULL,
            provider text NOT NULL, environment text NOT NULL, active boolean NOT NULL, details text NOT NULL, secret bytea NOT NULL,
            expires_at bigint, created_at bigint NOT NULL, updated_at bigint NOT NULL);
        CREATE INDEX ix_push_credentials_app ON push_credentials(app_id);
        -- The one-active rule lives here, so no race between two activate calls on any nodes can break it.
        CREATE UNIQUE INDEX ux_push_credentials_active ON push_credentials(app_id, platform, provider) WHERE active;
        CREATE TABLE devices (
            app_id text NOT NULL REFERENCES apps(id), device_id text NOT NULL, uid text NOT NULL, platform text NOT NULL,
            provider text NOT NULL, token text NOT NULL, locale text, environment text NOT NULL,
            created_at bigint NOT NULL, updated_at bigint NOT NULL, PRIMARY KEY (app_id, device_id));
        CREATE UNIQUE INDEX ux_devices_token ON devices(app_id, provider, token);
        CREATE INDEX ix_devices_uid ON devices(app_id, uid);
        CREATE TABLE user_preferences (
            app_id text NOT NULL REFERENCES apps(id), uid text NOT NULL, prefs text NOT NULL, updated_at bigint NOT NULL,
            PRIMARY KEY (app_id, uid));
        CREATE TABLE channel_members (app_id text NOT NULL, channel_id text NOT NULL, uid text NOT NULL, PRIMARY KEY (app_id, channel_id, uid));
        CREATE TABLE push_throttle (app_id text NOT NULL, uid text NOT NULL, window_start bigint NOT NULL, count integer NOT NULL,
            PRIMARY KEY (app_id, uid));
        CREATE TABLE badges (app_id text NOT NULL, uid text NOT NULL, count integer NOT NULL, PRIMARY KEY (app_id, uid));
        CREATE TABLE rate_windows (key text PRIMARY KEY, window_start bigint NOT NULL, count integer NOT NULL);
        CREATE TABLE shared_values (key text PRIMARY KEY, value text NOT NULL, issued_at bigint NOT NULL);
        -- The Data Protection key ring, shared by every node so each can read the secrets any other encrypted.
        CREATE TABLE dataprotection_keys (name text PRIMARY KEY, xml text NOT NULL);
        """,
        """
        -- 2: monitoring (SQLite's migration 3). Attempts rolled up per minute as they are recorded; what
        -- each app sends; alert states; queue depth samples.
        CREATE TABLE rollups (
            app_id text NOT NULL, bucket bigint NOT NULL, channel text NOT NULL, target text NOT NULL, code text NOT NULL,
            attempts bigint NOT NULL, failures bigint NOT NULL, f4xx bigint NOT NULL, f5xx bigint NOT NULL, timeouts bigint NOT NULL,
            jobs_ok bigint NOT NULL, jobs_failed bigint NOT NULL,
            l0 bigint NOT NULL, l1 bigint NOT NULL, l2 bigint NOT NULL, l3 bigint NOT NULL, l4 bigint NOT NULL, l5 bigint NOT NULL,
            l6 bigint NOT NULL, l7 bigint NOT NULL, l8 bigint NOT NULL, l9 bigint NOT NULL, l10 bigint NOT NULL,
            PRIMARY KEY (app_id, bucket, channel, target, code));
        CREATE TABLE event_types (
            app_id text NOT NULL, type text NOT NULL, count bigint NOT NULL, duplicates bigint NOT NULL,
            first_seen bigint NOT NULL, last_seen bigint NOT NULL, last_duplicate bigint, PRIMARY KEY (app_id, type));
        CREATE TABLE alert_states (
            app_id text NOT NULL, key text NOT NULL, state text NOT NULL, changed_at bigint NOT NULL, PRIMARY KEY (app_id, key));
        CREATE INDEX ix_deliveries_dead ON deliveries(app_id) WHERE status = 'failed';
        CREATE TABLE queue_samples (
            app_id text NOT NULL, at bigint NOT NULL, pending bigint NOT NULL, due bigint NOT NULL, oldest_due_at bigint,
            dead_letters bigint NOT NULL, PRIMARY KEY (app_id, at));
        """,
        """
        -- 3: Idempotency-Key (SQLite's migration 5). A row per app and key: reserved (status NULL) while its
        -- request runs, then its 2xx answer, the body encrypted (it may hold a secret). Rows older than the
        -- window are deleted a few at a time as new keys are reserved, hence the index by time.
        CREATE TABLE idempotency_keys (
            app_id text NOT NULL REFERENCES apps(id), key text NOT NULL, request_hash bytea NOT NULL, created_at bigint NOT NULL,
            status integer, content_type text, location text, body bytea, PRIMARY KEY (app_id, key));
        CREATE INDEX ix_idempotency_keys_created ON idempotency_keys(app_id, created_at);
        """,
        """
        -- 4: retention (SQLite's migration 6). The sweep deletes an old event only when no delivery refers to
        -- it any more: that check, and the foreign key's own check on each deleted event, look deliveries up
        -- by event. Built inside the migration's transaction (not CONCURRENTLY): writes to deliveries wait
        -- while it is built, once, on upgrade.
        CREATE INDEX ix_deliveries_event ON deliveries(event_seq);
        """,
        """
        -- 5: unread messages (SQLite's migration 7). A row per message a recipient has not read, so reading a
        -- conversation or deleting a message lowers the count; the badges table (a number that could only grow)
        -- goes. Looked up by user and conversation (the key), by message (message.deleted) and by age (the sweep).
        CREATE TABLE unread (
            app_id text NOT NULL, uid text NOT NULL, conversation_id text NOT NULL, message_id text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (app_id, uid, conversation_id, message_id));
        CREATE INDEX ix_unread_message ON unread(app_id, message_id);
        CREATE INDEX ix_unread_created ON unread(app_id, created_at);
        DROP TABLE badges;
        """,
        """
        -- 6: event schemas (SQLite's migration 8). An app may ask that events whose data misses their type's
        -- schema be refused (off: as before).
        ALTER TABLE apps ADD COLUMN strict_event_schemas boolean NOT NULL DEFAULT false;
        """,
        """
        -- 7: the first attempt of a webhook or push job in the job's own row (SQLite's migration 9): attempts
        -- holds the later ones (and a fan-out's), so a delivery that succeeds at once is one row and one index
        -- entry fewer to write and to sweep. attempt_log is every delivery's whole log, older first attempts included.
        ALTER TABLE deliveries ADD COLUMN first_started_at bigint, ADD COLUMN first_duration_ms double precision,
            ADD COLUMN first_status integer, ADD COLUMN first_outcome text, ADD COLUMN first_error text,
            ADD COLUMN first_response text, ADD COLUMN first_node text;
        CREATE VIEW attempt_log AS
            SELECT 0::bigint AS id, seq AS delivery_seq, 1 AS attempt, first_started_at AS started_at, first_duration_ms AS duration_ms,
                first_status AS status_code, first_outcome AS outcome, first_error AS error, first_response AS response, first_node AS node
            FROM deliveries WHERE first_started_at IS NOT NULL
            UNION ALL
            SELECT id, delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node FROM attempts;
        """,
    ];
}
