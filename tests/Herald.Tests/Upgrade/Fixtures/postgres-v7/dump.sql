--
-- PostgreSQL database dump
--

\restrict brAr7YMkpSnY17bVaVx64rePSFP4nWZMb7TW0ITHaUHwRhmuqsTt5rzZN1Ifz3U

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alert_states; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alert_states (
    app_id text NOT NULL,
    key text NOT NULL,
    state text NOT NULL,
    changed_at bigint NOT NULL
);


--
-- Name: api_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_keys (
    id text NOT NULL,
    app_id text NOT NULL,
    name text NOT NULL,
    scope text NOT NULL,
    hash bytea NOT NULL,
    created_at bigint NOT NULL,
    revoked_at bigint
);


--
-- Name: apps; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.apps (
    id text NOT NULL,
    name text NOT NULL,
    region text NOT NULL,
    created_at bigint NOT NULL,
    strict_event_schemas boolean DEFAULT false NOT NULL
);


--
-- Name: attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attempts (
    id bigint NOT NULL,
    delivery_seq bigint NOT NULL,
    attempt integer NOT NULL,
    started_at bigint NOT NULL,
    duration_ms double precision NOT NULL,
    status_code integer,
    outcome text NOT NULL,
    error text,
    response text,
    node text
);


--
-- Name: deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deliveries (
    seq bigint NOT NULL,
    id text NOT NULL,
    app_id text NOT NULL,
    event_seq bigint NOT NULL,
    endpoint_id text NOT NULL,
    event_type text NOT NULL,
    uid text,
    status text NOT NULL,
    lane integer NOT NULL,
    schedule_index integer NOT NULL,
    attempt_count integer NOT NULL,
    next_attempt_at bigint NOT NULL,
    lease_owner text,
    last_status integer,
    last_error text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    kind text DEFAULT 'webhook'::text NOT NULL,
    provider text,
    device_id text,
    payload text,
    collapsed integer DEFAULT 0 NOT NULL,
    first_started_at bigint,
    first_duration_ms double precision,
    first_status integer,
    first_outcome text,
    first_error text,
    first_response text,
    first_node text
);


--
-- Name: attempt_log; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.attempt_log AS
 SELECT (0)::bigint AS id,
    deliveries.seq AS delivery_seq,
    1 AS attempt,
    deliveries.first_started_at AS started_at,
    deliveries.first_duration_ms AS duration_ms,
    deliveries.first_status AS status_code,
    deliveries.first_outcome AS outcome,
    deliveries.first_error AS error,
    deliveries.first_response AS response,
    deliveries.first_node AS node
   FROM public.deliveries
  WHERE (deliveries.first_started_at IS NOT NULL)
UNION ALL
 SELECT attempts.id,
    attempts.delivery_seq,
    attempts.attempt,
    attempts.started_at,
    attempts.duration_ms,
    attempts.status_code,
    attempts.outcome,
    attempts.error,
    attempts.response,
    attempts.node
   FROM public.attempts;


--
-- Name: attempts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: channel_members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.channel_members (
    app_id text NOT NULL,
    channel_id text NOT NULL,
    uid text NOT NULL
);


--
-- Name: dataprotection_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dataprotection_keys (
    name text NOT NULL,
    xml text NOT NULL
);


--
-- Name: deliveries_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.deliveries ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.deliveries_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: devices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.devices (
    app_id text NOT NULL,
    device_id text NOT NULL,
    uid text NOT NULL,
    platform text NOT NULL,
    provider text NOT NULL,
    token text NOT NULL,
    locale text,
    environment text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: endpoint_secrets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.endpoint_secrets (
    id bigint NOT NULL,
    endpoint_id text NOT NULL,
    secret bytea NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint
);


--
-- Name: endpoint_secrets_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.endpoint_secrets ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.endpoint_secrets_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: endpoints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.endpoints (
    id text NOT NULL,
    app_id text NOT NULL,
    url text NOT NULL,
    description text NOT NULL,
    event_types text NOT NULL,
    enabled boolean NOT NULL,
    rate_limit integer NOT NULL,
    timeout_ms integer,
    disabled_reason text,
    failing_since bigint,
    deleted_at bigint,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: event_types; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.event_types (
    app_id text NOT NULL,
    type text NOT NULL,
    count bigint NOT NULL,
    duplicates bigint NOT NULL,
    first_seen bigint NOT NULL,
    last_seen bigint NOT NULL,
    last_duplicate bigint
);


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    seq bigint NOT NULL,
    app_id text NOT NULL,
    id text NOT NULL,
    type text NOT NULL,
    version integer NOT NULL,
    sender_uid text,
    received_at bigint NOT NULL,
    payload text NOT NULL,
    duplicates integer DEFAULT 0 NOT NULL
);


--
-- Name: events_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.events ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.events_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: idempotency_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_keys (
    app_id text NOT NULL,
    key text NOT NULL,
    request_hash bytea NOT NULL,
    created_at bigint NOT NULL,
    status integer,
    content_type text,
    location text,
    body bytea
);


--
-- Name: meta; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.meta (
    key text NOT NULL,
    value text NOT NULL
);


--
-- Name: push_credentials; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.push_credentials (
    id text NOT NULL,
    app_id text NOT NULL,
    name text NOT NULL,
    platform text NOT NULL,
    provider text NOT NULL,
    environment text NOT NULL,
    active boolean NOT NULL,
    details text NOT NULL,
    secret bytea NOT NULL,
    expires_at bigint,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: push_event_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.push_event_settings (
    app_id text NOT NULL,
    type text NOT NULL,
    variant text NOT NULL,
    allowed boolean NOT NULL,
    template text,
    updated_at bigint NOT NULL
);


--
-- Name: push_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.push_settings (
    app_id text NOT NULL,
    settings text NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: push_throttle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.push_throttle (
    app_id text NOT NULL,
    uid text NOT NULL,
    window_start bigint NOT NULL,
    count integer NOT NULL
);


--
-- Name: queue_samples; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.queue_samples (
    app_id text NOT NULL,
    at bigint NOT NULL,
    pending bigint NOT NULL,
    due bigint NOT NULL,
    oldest_due_at bigint,
    dead_letters bigint NOT NULL
);


--
-- Name: rate_windows; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rate_windows (
    key text NOT NULL,
    window_start bigint NOT NULL,
    count integer NOT NULL
);


--
-- Name: rollups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rollups (
    app_id text NOT NULL,
    bucket bigint NOT NULL,
    channel text NOT NULL,
    target text NOT NULL,
    code text NOT NULL,
    attempts bigint NOT NULL,
    failures bigint NOT NULL,
    f4xx bigint NOT NULL,
    f5xx bigint NOT NULL,
    timeouts bigint NOT NULL,
    jobs_ok bigint NOT NULL,
    jobs_failed bigint NOT NULL,
    l0 bigint NOT NULL,
    l1 bigint NOT NULL,
    l2 bigint NOT NULL,
    l3 bigint NOT NULL,
    l4 bigint NOT NULL,
    l5 bigint NOT NULL,
    l6 bigint NOT NULL,
    l7 bigint NOT NULL,
    l8 bigint NOT NULL,
    l9 bigint NOT NULL,
    l10 bigint NOT NULL
);


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version integer NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: shared_values; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.shared_values (
    key text NOT NULL,
    value text NOT NULL,
    issued_at bigint NOT NULL
);


--
-- Name: unread; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.unread (
    app_id text NOT NULL,
    uid text NOT NULL,
    conversation_id text NOT NULL,
    message_id text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: user_preferences; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_preferences (
    app_id text NOT NULL,
    uid text NOT NULL,
    prefs text NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Data for Name: alert_states; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.alert_states (app_id, key, state, changed_at) FROM stdin;
\.


--
-- Data for Name: api_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.api_keys (id, app_id, name, scope, hash, created_at, revoked_at) FROM stdin;
355be7478e416e81	upgrade-fixture	admin key	admin	\\x58ef7c340272c9a61bf91f0d90c5f9f6287c0ba7e8a3c1160bb65d96f293c1be	1796682417749	\N
8b6c9c8f72fe85b8	upgrade-fixture	ingest key	ingest	\\x8d5eecbcc0811bae8b7cf51fbd58a2294f95671496f6a7c94964927ba53211ed	1796682417783	\N
\.


--
-- Data for Name: apps; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.apps (id, name, region, created_at, strict_event_schemas) FROM stdin;
upgrade-fixture	Upgrade fixture	us	1796682417657	f
\.


--
-- Data for Name: attempts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.attempts (id, delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) FROM stdin;
1	3	1	1796682418287	96.1178	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, snoozed or below their push level, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:27037:673f5a52
2	6	1	1796682418358	50.147	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, snoozed or below their push level, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:27037:673f5a52
3	13	1	1796682419866	37.2362	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, snoozed or below their push level, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:27037:259143d3
4	16	1	1796682419921	20.3647	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, snoozed or below their push level, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:27037:259143d3
\.


--
-- Data for Name: channel_members; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.channel_members (app_id, channel_id, uid) FROM stdin;
upgrade-fixture	hiking	fixture-u1
upgrade-fixture	hiking	fixture-u2
upgrade-fixture	hiking	fixture-u3
\.


--
-- Data for Name: dataprotection_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.dataprotection_keys (name, xml) FROM stdin;
key-a89b9f31-85a5-4742-8657-4e174f9b4b39	<key id="a89b9f31-85a5-4742-8657-4e174f9b4b39" version="1"><creationDate>2026-12-07T22:26:56.7680635Z</creationDate><activationDate>2026-12-07T22:26:56.7680635Z</activationDate><expirationDate>2027-03-07T22:26:56.7680635Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><encryptedSecret decryptorType="Herald.Hosting.KeyRing.AesGcmXmlDecryptor, Herald, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" xmlns="http://schemas.asp.net/2015/03/dataProtection"><aesGcmEncryptedSecret keyId="e276bea57255f06b" xmlns=""><nonce>wDtgotZ4rHkYH/WL</nonce><tag>c6gv5dTLsIFcT/W3SIAHCg==</tag><value>ehr+ZXkgZpVnJunzW+9Yp1DmKzSKFto9ITf7I7xpzpRjdYWyaxpLpVGXsYhGtsc75Ig+XxFDShr8SXU4GkqxMYIGvJXbq22CWrH43XO2FEr2nDMz25p6KV7+1itstUFSx6nbCZL13a+B008Cg7OcWagAUYhBJgfSIt5/BqmDwG/uPO0wPFYnZHtNtc7O5oaxZsM3cveA8ioF8F7VURTNMUj9wvfQlTrTanvRyBY9mjDxNATzmbKkr86iDKXLpmiUJxJpqlVd4blJLSlYYOQjI6UI7tXO7J3656TikBT7MWT6ysNbLB25g3pS5uzr/lLl4VAs17enPO+pfWCoQUcoDQAcKMxMZM+OOcb+T/y2</value></aesGcmEncryptedSecret></encryptedSecret></descriptor></descriptor></key>
\.


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.deliveries (seq, id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, lease_owner, last_status, last_error, created_at, updated_at, kind, provider, device_id, payload, collapsed, first_started_at, first_duration_ms, first_status, first_outcome, first_error, first_response, first_node) FROM stdin;
3	fan_01a2529e082f71229d52d442a7ebfac9	upgrade-fixture	1	fanout	message.created	fixture-u1	succeeded	0	0	1	1796682448258	\N	\N	\N	1796682418200	1796682418383	fanout	\N	\N	\N	0	\N	\N	\N	\N	\N	\N	\N
6	fan_01a2529e08617f00a968c70f8e400baa	upgrade-fixture	2	fanout	message.created	fixture-u1	succeeded	0	0	1	1796682448318	\N	\N	\N	1796682418265	1796682418408	fanout	\N	\N	\N	0	\N	\N	\N	\N	\N	\N	\N
1	msg_01a2529e081c7ca581c4d13b95024c95	upgrade-fixture	1	ep_01a2529e06a07cf8a9cffdc209d6b8a0	message.created	fixture-u1	succeeded	0	0	1	1796682448258	\N	200	\N	1796682418200	1796682418395	webhook	\N	\N	\N	0	1796682418371	24.288	200	succeeded	\N	\N	vm:27037:673f5a52
4	msg_01a2529e08617e3f9ff959612ef0b88a	upgrade-fixture	2	ep_01a2529e06a07cf8a9cffdc209d6b8a0	message.created	fixture-u1	succeeded	0	0	1	1796682448318	\N	200	\N	1796682418265	1796682418380	webhook	\N	\N	\N	0	1796682418368	12.6192	200	succeeded	\N	\N	vm:27037:673f5a52
2	msg_01a2529e081c717caca7094bf903ed1d	upgrade-fixture	1	ep_01a2529e06dd74fdbb63ce5a9709bb72	message.created	fixture-u1	failed	0	0	1	1796682448258	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796682418200	1796682418401	webhook	\N	\N	\N	0	1796682418380	21.0451	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:673f5a52
5	msg_01a2529e08617314bb38604a86284a3d	upgrade-fixture	2	ep_01a2529e06dd74fdbb63ce5a9709bb72	message.created	fixture-u1	failed	0	0	1	1796682448318	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796682418265	1796682418403	webhook	\N	\N	\N	0	1796682418390	13.8667	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:673f5a52
9	msg_01a2529e08e87026ab581fc87a51db24	upgrade-fixture	2	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796682448428	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796682418408	1796682418453	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0	1796682418442	11.3187	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:673f5a52
17	msg_01a2529e0ebf70f880c8aa0a49e2a218	upgrade-fixture	7	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796682429948	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796682419903	1796682419948	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0	1796682419942	6.516	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:259143d3
10	msg_01a2529e08e87c129e476abcc1686914	upgrade-fixture	2	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796682448428	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796682418408	1796682418447	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0	1796682418435	12.0501	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:673f5a52
7	msg_01a2529e08cf721995499a0cabbe290a	upgrade-fixture	1	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796682448436	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796682418383	1796682418448	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0	1796682418444	4.6214	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:673f5a52
8	msg_01a2529e08cf7728bc8d0cc3bd07e7a0	upgrade-fixture	1	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796682448436	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796682418383	1796682418448	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0	1796682418444	4.2545	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:673f5a52
11	msg_01a2529e0e807c69a2705f0a7b9ae35e	upgrade-fixture	7	ep_01a2529e06a07cf8a9cffdc209d6b8a0	message.created	fixture-u1	pending	1	1	1	1796682429877	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796682419839	1796682419877	webhook	\N	\N	\N	0	1796682419877	0.9605	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:259143d3
13	fan_01a2529e0e8575f1bd704f38c6288efa	upgrade-fixture	7	fanout	message.created	fixture-u1	succeeded	0	0	1	1796682449856	\N	\N	\N	1796682419839	1796682419903	fanout	\N	\N	\N	0	\N	\N	\N	\N	\N	\N	\N
12	msg_01a2529e0e80715eac1449e9c132c7cf	upgrade-fixture	7	ep_01a2529e06dd74fdbb63ce5a9709bb72	message.created	fixture-u1	pending	1	1	1	1796682429906	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796682419839	1796682419906	webhook	\N	\N	\N	0	1796682419903	3.144	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:259143d3
14	msg_01a2529e0e9575a1b0fedf3525abfc6e	upgrade-fixture	8	ep_01a2529e06a07cf8a9cffdc209d6b8a0	message.created	fixture-u1	pending	1	1	1	1796682429921	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796682419861	1796682419921	webhook	\N	\N	\N	0	1796682419920	1.9042	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:259143d3
15	msg_01a2529e0e957bb8b22a4842fab73fe5	upgrade-fixture	8	ep_01a2529e06dd74fdbb63ce5a9709bb72	message.created	fixture-u1	pending	1	1	1	1796682429922	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796682419861	1796682419922	webhook	\N	\N	\N	0	1796682419921	1.5284	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:259143d3
16	fan_01a2529e0e9573a082a58497281adc83	upgrade-fixture	8	fanout	message.created	fixture-u1	succeeded	0	0	1	1796682449906	\N	\N	\N	1796682419861	1796682419941	fanout	\N	\N	\N	0	\N	\N	\N	\N	\N	\N	\N
19	msg_01a2529e0ee579a9b91fb0423c10c89c	upgrade-fixture	8	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796682429969	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796682419941	1796682419969	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0	1796682419962	7.1	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:259143d3
18	msg_01a2529e0ebf7c2cacdfe72b8b7956d3	upgrade-fixture	7	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796682429951	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796682419903	1796682419951	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0	1796682419944	7.408	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:259143d3
20	msg_01a2529e0ee574e9af4dd16d7539dc35	upgrade-fixture	8	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796682429965	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796682419941	1796682419965	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0	1796682419963	2.0774	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:27037:259143d3
\.


--
-- Data for Name: devices; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.devices (app_id, device_id, uid, platform, provider, token, locale, environment, created_at, updated_at) FROM stdin;
upgrade-fixture	phone	fixture-u2	android	baidu	channel-u2	fr-FR	production	1796682418108	1796682418108
\.


--
-- Data for Name: endpoint_secrets; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoint_secrets (id, endpoint_id, secret, created_at, expires_at) FROM stdin;
1	ep_01a2529e06a07cf8a9cffdc209d6b8a0	\\x09f0c9f0319f9ba8a585424786574e174f9b4b3917dd89d0993f03a04c186f4bd0c9f839bd9e8b5d9e21279f5e0e2e8d524e850e98bed0733f91b6ff745fd0e5ca513d35c025134405043fcb8097bde8dcc6efe1db7a6fa5e4cfb52c6a554333cfc62aaa3bfe55f36cc09e45ee98c82c1af610d99af622e8f2cc36459b806c9abefae3206ebe29849b865a08b2be6aeac38878b4	1796682417824	\N
2	ep_01a2529e06dd74fdbb63ce5a9709bb72	\\x09f0c9f0319f9ba8a585424786574e174f9b4b39957516465fd78ffc8059a148133d87ae76aab82ab5a053c7b339e392af27c6b40c21186eea10c5b0d71722fb352dceed09077a6ce512b7e007ea9c63d9716ce1cac3997575b77d2444d3893666056134681ace5b0cbdd07c86f0fdf5abd032d092a4ff23d1d22db63a9c067986a22efc17b7858722389a391794cc7b809bb9a6	1796682417884	\N
\.


--
-- Data for Name: endpoints; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoints (id, app_id, url, description, event_types, enabled, rate_limit, timeout_ms, disabled_reason, failing_since, deleted_at, created_at, updated_at) FROM stdin;
ep_01a2529e06dd74fdbb63ce5a9709bb72	upgrade-fixture	http://127.0.0.1:9/dead	dead	["message.created"]	t	0	\N	\N	1796682418380	\N	1796682417884	1796682418403
ep_01a2529e06a07cf8a9cffdc209d6b8a0	upgrade-fixture	http://127.0.0.1:9/orders	orders	[]	t	0	\N	\N	1796682419877	\N	1796682417824	1796682419877
\.


--
-- Data for Name: event_types; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.event_types (app_id, type, count, duplicates, first_seen, last_seen, last_duplicate) FROM stdin;
upgrade-fixture	herald.push.failed	4	0	1796682418449	1796682418455	\N
upgrade-fixture	message.created	4	0	1796682418200	1796682419861	\N
\.


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.events (seq, app_id, id, type, version, sender_uid, received_at, payload, duplicates) FROM stdin;
1	upgrade-fixture	fx-delivered-1	message.created	1	fixture-u1	1796682418200	{"id":"fx-delivered-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T22:26:58.200Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
2	upgrade-fixture	fx-delivered-2	message.created	1	fixture-u1	1796682418265	{"id":"fx-delivered-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T22:26:58.265Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
3	upgrade-fixture	herald.push.failed:msg_01a2529e08e87c129e476abcc1686914	herald.push.failed	1	\N	1796682418449	{"id":"herald.push.failed:msg_01a2529e08e87c129e476abcc1686914","type":"herald.push.failed","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T22:26:58.449Z","occurredAt":"2026-12-07T22:26:58.449Z","data":{"uid":"fixture-u3","deviceId":null,"provider":"custom","reason":"Could not connect to \\u0027127.0.0.1\\u0027: Connection refused (127.0.0.1:9) (Could not connect to \\u0027127.0.0.1\\u0027: Connection refused) (gave up after 1 attempts)","code":null,"status":null,"attempts":1,"eventId":"fx-delivered-2","eventType":"message.created","deliveryId":"msg_01a2529e08e87c129e476abcc1686914"}}	0
4	upgrade-fixture	herald.push.failed:msg_01a2529e08cf7728bc8d0cc3bd07e7a0	herald.push.failed	1	\N	1796682418451	{"id":"herald.push.failed:msg_01a2529e08cf7728bc8d0cc3bd07e7a0","type":"herald.push.failed","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T22:26:58.451Z","occurredAt":"2026-12-07T22:26:58.451Z","data":{"uid":"fixture-u3","deviceId":null,"provider":"custom","reason":"Could not connect to \\u0027127.0.0.1\\u0027: Connection refused (127.0.0.1:9) (Could not connect to \\u0027127.0.0.1\\u0027: Connection refused) (gave up after 1 attempts)","code":null,"status":null,"attempts":1,"eventId":"fx-delivered-1","eventType":"message.created","deliveryId":"msg_01a2529e08cf7728bc8d0cc3bd07e7a0"}}	0
5	upgrade-fixture	herald.push.failed:msg_01a2529e08e87026ab581fc87a51db24	herald.push.failed	1	\N	1796682418455	{"id":"herald.push.failed:msg_01a2529e08e87026ab581fc87a51db24","type":"herald.push.failed","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T22:26:58.455Z","occurredAt":"2026-12-07T22:26:58.455Z","data":{"uid":"fixture-u2","deviceId":null,"provider":"custom","reason":"Could not connect to \\u0027127.0.0.1\\u0027: Connection refused (127.0.0.1:9) (Could not connect to \\u0027127.0.0.1\\u0027: Connection refused) (gave up after 1 attempts)","code":null,"status":null,"attempts":1,"eventId":"fx-delivered-2","eventType":"message.created","deliveryId":"msg_01a2529e08e87026ab581fc87a51db24"}}	0
6	upgrade-fixture	herald.push.failed:msg_01a2529e08cf721995499a0cabbe290a	herald.push.failed	1	\N	1796682418457	{"id":"herald.push.failed:msg_01a2529e08cf721995499a0cabbe290a","type":"herald.push.failed","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T22:26:58.457Z","occurredAt":"2026-12-07T22:26:58.457Z","data":{"uid":"fixture-u2","deviceId":null,"provider":"custom","reason":"Could not connect to \\u0027127.0.0.1\\u0027: Connection refused (127.0.0.1:9) (Could not connect to \\u0027127.0.0.1\\u0027: Connection refused) (gave up after 1 attempts)","code":null,"status":null,"attempts":1,"eventId":"fx-delivered-1","eventType":"message.created","deliveryId":"msg_01a2529e08cf721995499a0cabbe290a"}}	0
7	upgrade-fixture	fx-pending-1	message.created	1	fixture-u1	1796682419839	{"id":"fx-pending-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T22:26:59.839Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
8	upgrade-fixture	fx-pending-2	message.created	1	fixture-u1	1796682419861	{"id":"fx-pending-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T22:26:59.861Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
\.


--
-- Data for Name: idempotency_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.idempotency_keys (app_id, key, request_hash, created_at, status, content_type, location, body) FROM stdin;
\.


--
-- Data for Name: meta; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.meta (key, value) FROM stdin;
\.


--
-- Data for Name: push_credentials; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_credentials (id, app_id, name, platform, provider, environment, active, details, secret, expires_at, created_at, updated_at) FROM stdin;
cred_01a2529e06f17092bb5ca16c5244bd61	upgrade-fixture	gateway	any	custom	production	t	{"Url":"http://127.0.0.1:9/push","Username":"herald-push"}	\\x09f0c9f0319f9ba8a585424786574e174f9b4b39c71f473016da68b2e94c50e438c7bdbd5f52e2518bf91d66637f70cb0347ef774de8d9649c3304ad079dbc3727b9ba442a25600a1d69046b1c3996a548d0b348b7ed384cd2afa1f5e21abc368fec8b87a7dd50a2ede527d8283352edf296738af65c3f1b79065813469d73c4bab146de6ef2cceb80ae4dc19c7013ca671437346ef5a8d6022728c4574b4d63796f71df63baab87abbb843aae99ab823fe10804adb874c2c1d7e7e8d73be417f3eef9d7	\N	1796682417905	1796682417905
\.


--
-- Data for Name: push_event_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_event_settings (app_id, type, variant, allowed, template, updated_at) FROM stdin;
upgrade-fixture	message.created	group	t	{"title":"{{conversationName}}","body":"{{senderName}}: {{text}}","locales":null,"titleLocKey":null,"titleLocArgs":null,"bodyLocKey":null,"bodyLocArgs":null}	1796682418184
\.


--
-- Data for Name: push_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_settings (app_id, settings, updated_at) FROM stdin;
upgrade-fixture	{"enabled":true,"includeMessageObject":true,"includeBadgeCount":false,"customJson":null,"throttle":{"maxPerWindow":30,"windowSeconds":60},"callsBreakQuietHours":true,"intendedEventTypes":null,"mentionsBreakMute":false}	1796682418157
\.


--
-- Data for Name: push_throttle; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_throttle (app_id, uid, window_start, count) FROM stdin;
upgrade-fixture	fixture-u2	1796682418287	4
upgrade-fixture	fixture-u3	1796682418287	4
\.


--
-- Data for Name: queue_samples; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.queue_samples (app_id, at, pending, due, oldest_due_at, dead_letters) FROM stdin;
\.


--
-- Data for Name: rate_windows; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.rate_windows (key, window_start, count) FROM stdin;
\.


--
-- Data for Name: rollups; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.rollups (app_id, bucket, channel, target, code, attempts, failures, f4xx, f5xx, timeouts, jobs_ok, jobs_failed, l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10) FROM stdin;
upgrade-fixture	1796682360000	webhook	ep_01a2529e06a07cf8a9cffdc209d6b8a0		4	2	0	0	0	2	0	2	0	2	0	0	0	0	0	0	0	0
upgrade-fixture	1796682360000	webhook	ep_01a2529e06a07cf8a9cffdc209d6b8a0	connection	2	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796682360000	webhook	ep_01a2529e06dd74fdbb63ce5a9709bb72		4	4	0	0	0	0	2	2	0	2	0	0	0	0	0	0	0	0
upgrade-fixture	1796682360000	webhook	ep_01a2529e06dd74fdbb63ce5a9709bb72	connection	4	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796682360000	custom			8	8	0	0	0	0	4	3	3	2	0	0	0	0	0	0	0	0
upgrade-fixture	1796682360000	custom		connection	8	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
\.


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_version (version, applied_at) FROM stdin;
1	2026-12-07 22:26:56.44138+00
2	2026-12-07 22:26:56.44138+00
3	2026-12-07 22:26:56.44138+00
4	2026-12-07 22:26:56.44138+00
5	2026-12-07 22:26:56.44138+00
6	2026-12-07 22:26:56.44138+00
7	2026-12-07 22:26:56.44138+00
\.


--
-- Data for Name: shared_values; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.shared_values (key, value, issued_at) FROM stdin;
dataprotection/first-key	made	1796682416751
\.


--
-- Data for Name: unread; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.unread (app_id, uid, conversation_id, message_id, created_at) FROM stdin;
upgrade-fixture	fixture-u2	group_hiking	123	1796682418287
upgrade-fixture	fixture-u3	group_hiking	123	1796682418287
\.


--
-- Data for Name: user_preferences; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.user_preferences (app_id, uid, prefs, updated_at) FROM stdin;
\.


--
-- Name: attempts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.attempts_id_seq', 4, true);


--
-- Name: deliveries_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.deliveries_seq_seq', 20, true);


--
-- Name: endpoint_secrets_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.endpoint_secrets_id_seq', 2, true);


--
-- Name: events_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.events_seq_seq', 8, true);


--
-- Name: alert_states alert_states_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alert_states
    ADD CONSTRAINT alert_states_pkey PRIMARY KEY (app_id, key);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);


--
-- Name: apps apps_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.apps
    ADD CONSTRAINT apps_pkey PRIMARY KEY (id);


--
-- Name: attempts attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attempts
    ADD CONSTRAINT attempts_pkey PRIMARY KEY (id);


--
-- Name: channel_members channel_members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.channel_members
    ADD CONSTRAINT channel_members_pkey PRIMARY KEY (app_id, channel_id, uid);


--
-- Name: dataprotection_keys dataprotection_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dataprotection_keys
    ADD CONSTRAINT dataprotection_keys_pkey PRIMARY KEY (name);


--
-- Name: deliveries deliveries_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_id_key UNIQUE (id);


--
-- Name: deliveries deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (seq);


--
-- Name: devices devices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.devices
    ADD CONSTRAINT devices_pkey PRIMARY KEY (app_id, device_id);


--
-- Name: endpoint_secrets endpoint_secrets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.endpoint_secrets
    ADD CONSTRAINT endpoint_secrets_pkey PRIMARY KEY (id);


--
-- Name: endpoints endpoints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.endpoints
    ADD CONSTRAINT endpoints_pkey PRIMARY KEY (id);


--
-- Name: event_types event_types_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_types
    ADD CONSTRAINT event_types_pkey PRIMARY KEY (app_id, type);


--
-- Name: events events_app_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_app_id_id_key UNIQUE (app_id, id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (seq);


--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (app_id, key);


--
-- Name: meta meta_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (key);


--
-- Name: push_credentials push_credentials_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.push_credentials
    ADD CONSTRAINT push_credentials_pkey PRIMARY KEY (id);


--
-- Name: push_event_settings push_event_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.push_event_settings
    ADD CONSTRAINT push_event_settings_pkey PRIMARY KEY (app_id, type, variant);


--
-- Name: push_settings push_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.push_settings
    ADD CONSTRAINT push_settings_pkey PRIMARY KEY (app_id);


--
-- Name: push_throttle push_throttle_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.push_throttle
    ADD CONSTRAINT push_throttle_pkey PRIMARY KEY (app_id, uid);


--
-- Name: queue_samples queue_samples_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.queue_samples
    ADD CONSTRAINT queue_samples_pkey PRIMARY KEY (app_id, at);


--
-- Name: rate_windows rate_windows_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate_windows
    ADD CONSTRAINT rate_windows_pkey PRIMARY KEY (key);


--
-- Name: rollups rollups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rollups
    ADD CONSTRAINT rollups_pkey PRIMARY KEY (app_id, bucket, channel, target, code);


--
-- Name: shared_values shared_values_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shared_values
    ADD CONSTRAINT shared_values_pkey PRIMARY KEY (key);


--
-- Name: unread unread_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.unread
    ADD CONSTRAINT unread_pkey PRIMARY KEY (app_id, uid, conversation_id, message_id);


--
-- Name: user_preferences user_preferences_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_preferences
    ADD CONSTRAINT user_preferences_pkey PRIMARY KEY (app_id, uid);


--
-- Name: ix_api_keys_app; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_api_keys_app ON public.api_keys USING btree (app_id);


--
-- Name: ix_attempts_delivery; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_attempts_delivery ON public.attempts USING btree (delivery_seq);


--
-- Name: ix_deliveries_app; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deliveries_app ON public.deliveries USING btree (app_id, seq);


--
-- Name: ix_deliveries_dead; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deliveries_dead ON public.deliveries USING btree (app_id) WHERE (status = 'failed'::text);


--
-- Name: ix_deliveries_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deliveries_due ON public.deliveries USING btree (lane, next_attempt_at) WHERE (status = 'pending'::text);


--
-- Name: ix_deliveries_endpoint_event; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_deliveries_endpoint_event ON public.deliveries USING btree (endpoint_id, event_seq);


--
-- Name: ix_deliveries_event; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deliveries_event ON public.deliveries USING btree (event_seq);


--
-- Name: ix_devices_uid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_devices_uid ON public.devices USING btree (app_id, uid);


--
-- Name: ix_endpoint_secrets_endpoint; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_endpoint_secrets_endpoint ON public.endpoint_secrets USING btree (endpoint_id);


--
-- Name: ix_endpoints_app; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_endpoints_app ON public.endpoints USING btree (app_id);


--
-- Name: ix_events_app_received; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_events_app_received ON public.events USING btree (app_id, received_at);


--
-- Name: ix_idempotency_keys_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_idempotency_keys_created ON public.idempotency_keys USING btree (app_id, created_at);


--
-- Name: ix_push_credentials_app; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_push_credentials_app ON public.push_credentials USING btree (app_id);


--
-- Name: ix_unread_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_unread_created ON public.unread USING btree (app_id, created_at);


--
-- Name: ix_unread_message; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_unread_message ON public.unread USING btree (app_id, message_id);


--
-- Name: ux_deliveries_summary; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_deliveries_summary ON public.deliveries USING btree (endpoint_id) WHERE (kind = 'summary'::text);


--
-- Name: ux_devices_token; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_devices_token ON public.devices USING btree (app_id, provider, token);


--
-- Name: ux_push_credentials_active; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_push_credentials_active ON public.push_credentials USING btree (app_id, platform, provider) WHERE active;


--
-- Name: api_keys api_keys_app_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id);


--
-- Name: attempts attempts_delivery_seq_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attempts
    ADD CONSTRAINT attempts_delivery_seq_fkey FOREIGN KEY (delivery_seq) REFERENCES public.deliveries(seq);


--
-- Name: deliveries deliveries_event_seq_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_event_seq_fkey FOREIGN KEY (event_seq) REFERENCES public.events(seq);


--
-- Name: devices devices_app_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.devices
    ADD CONSTRAINT devices_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id);


--
-- Name: endpoint_secrets endpoint_secrets_endpoint_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.endpoint_secrets
    ADD CONSTRAINT endpoint_secrets_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES public.endpoints(id);


--
-- Name: endpoints endpoints_app_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.endpoints
    ADD CONSTRAINT endpoints_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id);


--
-- Name: idempotency_keys idempotency_keys_app_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id);


--
-- Name: push_credentials push_credentials_app_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.push_credentials
    ADD CONSTRAINT push_credentials_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id);


--
-- Name: push_event_settings push_event_settings_app_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.push_event_settings
    ADD CONSTRAINT push_event_settings_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id);


--
-- Name: push_settings push_settings_app_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.push_settings
    ADD CONSTRAINT push_settings_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id);


--
-- Name: user_preferences user_preferences_app_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_preferences
    ADD CONSTRAINT user_preferences_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id);


--
-- PostgreSQL database dump complete
--

\unrestrict brAr7YMkpSnY17bVaVx64rePSFP4nWZMb7TW0ITHaUHwRhmuqsTt5rzZN1Ifz3U

