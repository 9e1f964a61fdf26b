--
-- PostgreSQL database dump
--

\restrict 9Y87S8lQS2tmrvKt3hKREr4op1QkhqC1q7qHVW9zbqlSaQyvTRa3o6lOinNnaQK

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
    created_at bigint NOT NULL
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
-- Name: badges; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.badges (
    app_id text NOT NULL,
    uid text NOT NULL,
    count integer NOT NULL
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
    collapsed integer DEFAULT 0 NOT NULL
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
6997fb01dceaa2ea	upgrade-fixture	admin key	admin	\\xe83fe684647bde60dc60db7091ac5a5da0994768de45505eda7781608f8933e0	1796629012018	\N
d81837f08ffe171c	upgrade-fixture	ingest key	ingest	\\x0c81619de66a1a2b055d9944deaccce2725c997e6cd8ad8662c9e244ae24ed40	1796629012067	\N
\.


--
-- Data for Name: apps; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.apps (id, name, region, created_at) FROM stdin;
upgrade-fixture	Upgrade fixture	us	1796629011973
\.


--
-- Data for Name: attempts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.attempts (id, delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) FROM stdin;
1	3	1	1796629012439	105.6165	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:12661:770e514e
2	2	1	1796629012472	5.6406	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:770e514e
3	6	1	1796629012513	43.9425	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:12661:770e514e
4	1	1	1796629012511	10.2644	200	succeeded	\N	\N	vm:12661:770e514e
5	4	1	1796629012512	9.4122	200	succeeded	\N	\N	vm:12661:770e514e
6	5	1	1796629012512	5.1685	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:770e514e
7	7	1	1796629012598	11.0877	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:770e514e
8	8	1	1796629012604	1.7825	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:770e514e
9	9	1	1796629012605	1.4017	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:770e514e
10	10	1	1796629012605	1.1259	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:770e514e
11	13	1	1796629013817	83.7781	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:12661:2122d6ec
12	12	1	1796629013836	6.1837	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:2122d6ec
13	11	1	1796629013827	38.0056	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:2122d6ec
14	14	1	1796629013927	1.3067	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:2122d6ec
15	15	1	1796629013927	0.9077	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:2122d6ec
16	16	1	1796629013927	12.6037	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:12661:2122d6ec
17	17	1	1796629013948	1.6299	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:2122d6ec
18	18	1	1796629013949	1.4734	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:2122d6ec
19	19	1	1796629013954	0.701	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:2122d6ec
20	20	1	1796629013954	0.4087	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:12661:2122d6ec
\.


--
-- Data for Name: badges; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.badges (app_id, uid, count) FROM stdin;
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
key-7d8db127-cd91-4894-bea9-7b4e44dcb664	<key id="7d8db127-cd91-4894-bea9-7b4e44dcb664" version="1"><creationDate>2026-12-07T07:36:51.33144Z</creationDate><activationDate>2026-12-07T07:36:51.33144Z</activationDate><expirationDate>2027-03-07T07:36:51.33144Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><encryptedSecret decryptorType="Herald.Hosting.KeyRing.AesGcmXmlDecryptor, Herald, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" xmlns="http://schemas.asp.net/2015/03/dataProtection"><aesGcmEncryptedSecret keyId="e276bea57255f06b" xmlns=""><nonce>iBzqYlz4TCKWTrT7</nonce><tag>7r4bYWjQ3Ub8lbvvC+A4yg==</tag><value>db7rRtefVyKbzxb3gjCshUyxKPF4xpCyh7n8U6NL9hkZVvqagYng90e8xsDaUJP+c69nNdUK/YdQMY6VwRm+nzzNFdpZYhXERuaPs+ryJ4aBRB9kPK6aP+5agnbn7BPRrPdmMcDoix4itWwYgdrVXJciqrfWxFVKIOsYDExk1AsqV9PSMwg5Vm8xUWPYe9/aD++dI8FuiKu6Roo9UUgKM/gAxOZcupT0VhgiR39Bsi/7r/8WLMcO/S63K9UNRQi0SkJHfEib1IiBaXPNGPNZsmiv/mRKBCUzoimNxh9bxwwJZlhsXq8R5er8URLMKFsS4UVh0p8qg3ebmWELISHoxwFrFs/p3mjLMvqTqrvs</value></aesGcmEncryptedSecret></encryptedSecret></descriptor></descriptor></key>
\.


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.deliveries (seq, id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, lease_owner, last_status, last_error, created_at, updated_at, kind, provider, device_id, payload, collapsed) FROM stdin;
3	fan_01a24f6f1f967014ba4ae7d55d291d52	upgrade-fixture	1	fanout	message.created	fixture-u1	succeeded	0	0	1	1796629042408	\N	\N	\N	1796629012358	1796629012544	fanout	\N	\N	\N	0
6	fan_01a24f6f1fc27c68bb39c3aab87fa3f5	upgrade-fixture	2	fanout	message.created	fixture-u1	succeeded	0	0	1	1796629042465	\N	\N	\N	1796629012418	1796629012557	fanout	\N	\N	\N	0
2	msg_01a24f6f1f897008be3463e6a8d567cd	upgrade-fixture	1	ep_01a24f6f1e9472789efbd81818fc3cbf	message.created	fixture-u1	failed	0	0	1	1796629042408	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796629012358	1796629012477	webhook	\N	\N	\N	0
1	msg_01a24f6f1f897def88dc1c38e1c814d3	upgrade-fixture	1	ep_01a24f6f1e7e700f93287790f8dfdedd	message.created	fixture-u1	succeeded	0	0	1	1796629042408	\N	200	\N	1796629012358	1796629012521	webhook	\N	\N	\N	0
4	msg_01a24f6f1fc27374be8abc9b1f7392eb	upgrade-fixture	2	ep_01a24f6f1e7e700f93287790f8dfdedd	message.created	fixture-u1	succeeded	0	0	1	1796629042465	\N	200	\N	1796629012418	1796629012521	webhook	\N	\N	\N	0
5	msg_01a24f6f1fc27098aa1b6a4642b6ddf3	upgrade-fixture	2	ep_01a24f6f1e9472789efbd81818fc3cbf	message.created	fixture-u1	failed	0	0	1	1796629042465	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796629012418	1796629012517	webhook	\N	\N	\N	0
7	msg_01a24f6f204071e89d990b9cfb8711f7	upgrade-fixture	1	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796629042590	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796629012544	1796629012609	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
8	msg_01a24f6f20407b14a69af63a57fdfd92	upgrade-fixture	1	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796629042590	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796629012544	1796629012605	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
9	msg_01a24f6f204c7dafa74e852981b36582	upgrade-fixture	2	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796629042590	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796629012557	1796629012606	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
10	msg_01a24f6f204d75a4a0f66108e25de50d	upgrade-fixture	2	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796629042590	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796629012557	1796629012606	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
13	fan_01a24f6f24957780915d9d5e16dced38	upgrade-fixture	3	fanout	message.created	fixture-u1	succeeded	0	0	1	1796629043740	\N	\N	\N	1796629013645	1796629013901	fanout	\N	\N	\N	0
12	msg_01a24f6f24917b2eb0ee3c819b9f0175	upgrade-fixture	3	ep_01a24f6f1e9472789efbd81818fc3cbf	message.created	fixture-u1	pending	1	1	1	1796629023842	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796629013645	1796629013842	webhook	\N	\N	\N	0
11	msg_01a24f6f249177e5aed7f4abac706d42	upgrade-fixture	3	ep_01a24f6f1e7e700f93287790f8dfdedd	message.created	fixture-u1	pending	1	1	1	1796629023865	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796629013645	1796629013865	webhook	\N	\N	\N	0
14	msg_01a24f6f254e765e8268478f7cc47274	upgrade-fixture	4	ep_01a24f6f1e7e700f93287790f8dfdedd	message.created	fixture-u1	pending	1	1	1	1796629023928	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796629013838	1796629013928	webhook	\N	\N	\N	0
15	msg_01a24f6f254e769baf165fb468c9b29d	upgrade-fixture	4	ep_01a24f6f1e9472789efbd81818fc3cbf	message.created	fixture-u1	pending	1	1	1	1796629023927	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796629013838	1796629013927	webhook	\N	\N	\N	0
16	fan_01a24f6f254e7e2d88a058bbfeed9e98	upgrade-fixture	4	fanout	message.created	fixture-u1	succeeded	0	0	1	1796629043898	\N	\N	\N	1796629013838	1796629013940	fanout	\N	\N	\N	0
17	msg_01a24f6f258d7452894be581f4307bbc	upgrade-fixture	3	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796629023949	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796629013901	1796629013949	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
19	msg_01a24f6f25b47226a60074010ebb813a	upgrade-fixture	4	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796629023954	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796629013940	1796629013954	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
18	msg_01a24f6f258d7db68818b7b3f8f6add6	upgrade-fixture	3	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796629023950	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796629013901	1796629013950	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
20	msg_01a24f6f25b4777194dccd6cade0b440	upgrade-fixture	4	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796629023954	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796629013940	1796629013954	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
\.


--
-- Data for Name: devices; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.devices (app_id, device_id, uid, platform, provider, token, locale, environment, created_at, updated_at) FROM stdin;
upgrade-fixture	phone	fixture-u2	android	baidu	channel-u2	fr-FR	production	1796629012261	1796629012261
\.


--
-- Data for Name: endpoint_secrets; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoint_secrets (id, endpoint_id, secret, created_at, expires_at) FROM stdin;
1	ep_01a24f6f1e7e700f93287790f8dfdedd	\\x09f0c9f027b18d7d91cd9448bea97b4e44dcb664749fb63809633d1d35f726ce2ee35988da3133d2b5d4f4031bffaa76a095270f85d22ddc882fa0b291c94498de561e96b78593d50f53a98686bcc4f90d7095f159f4f61fcf5b3f384fa488b57cf11fb1472868b96668ffd4d94ac3ea9bd2b7d4f85d823ae8f0a995c48924258251e53b3b2f37f9de83e38c68213c17b1c22fc4	1796629012094	\N
2	ep_01a24f6f1e9472789efbd81818fc3cbf	\\x09f0c9f027b18d7d91cd9448bea97b4e44dcb664938b02c2bf8fc921b6a387311d39b8842f7bfe96f47a49d07836d7002bcc7c40bea7dab8c3120bb8b5ba77b800ec630ec6276cdfb1e445bc53ff13b4d0c59fe3bfc9bafed59530bf8f0f62d66986b3a9b2ea8bd3b2dc612e9af5de6339fa95c9293955a00759488f4208938c9cdee271e295d0c27e95d1ee50222d28abe84e7c	1796629012116	\N
\.


--
-- Data for Name: endpoints; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoints (id, app_id, url, description, event_types, enabled, rate_limit, timeout_ms, disabled_reason, failing_since, deleted_at, created_at, updated_at) FROM stdin;
ep_01a24f6f1e9472789efbd81818fc3cbf	upgrade-fixture	http://127.0.0.1:9/dead	dead	["message.created"]	t	0	\N	\N	1796629012472	\N	1796629012116	1796629012477
ep_01a24f6f1e7e700f93287790f8dfdedd	upgrade-fixture	http://127.0.0.1:9/orders	orders	[]	t	0	\N	\N	1796629013827	\N	1796629012094	1796629013928
\.


--
-- Data for Name: event_types; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.event_types (app_id, type, count, duplicates, first_seen, last_seen, last_duplicate) FROM stdin;
upgrade-fixture	message.created	4	0	1796629012358	1796629013838	\N
\.


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.events (seq, app_id, id, type, version, sender_uid, received_at, payload, duplicates) FROM stdin;
1	upgrade-fixture	fx-delivered-1	message.created	1	fixture-u1	1796629012358	{"id":"fx-delivered-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T07:36:52.358Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
2	upgrade-fixture	fx-delivered-2	message.created	1	fixture-u1	1796629012418	{"id":"fx-delivered-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T07:36:52.418Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
3	upgrade-fixture	fx-pending-1	message.created	1	fixture-u1	1796629013645	{"id":"fx-pending-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T07:36:53.645Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
4	upgrade-fixture	fx-pending-2	message.created	1	fixture-u1	1796629013838	{"id":"fx-pending-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T07:36:53.838Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
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
cred_01a24f6f1ea77fc49281c3ed4ac1763b	upgrade-fixture	gateway	any	custom	production	t	{"Url":"http://127.0.0.1:9/push","Username":"herald-push"}	\\x09f0c9f027b18d7d91cd9448bea97b4e44dcb664453c6719c12d67b860e6bc978db930865d8fcf69e6c7a9ab2a524b5a48754122a55b1fc5be1a39aebdfc7bc2328c460620741c680aa27f1aa5ea5aac7ed7585acc694494c6da7a90cbc97a937ac771a91a5640fa3ccbe0d8e78f1f3473c6a08a	\N	1796629012135	1796629012135
\.


--
-- Data for Name: push_event_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_event_settings (app_id, type, variant, allowed, template, updated_at) FROM stdin;
upgrade-fixture	message.created	group	t	{"title":"{{conversationName}}","body":"{{senderName}}: {{text}}","locales":null,"titleLocKey":null,"titleLocArgs":null,"bodyLocKey":null,"bodyLocArgs":null}	1796629012341
\.


--
-- Data for Name: push_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_settings (app_id, settings, updated_at) FROM stdin;
upgrade-fixture	{"enabled":true,"includeMessageObject":true,"includeBadgeCount":false,"customJson":null,"throttle":{"maxPerWindow":30,"windowSeconds":60},"callsBreakQuietHours":true,"intendedEventTypes":null}	1796629012305
\.


--
-- Data for Name: push_throttle; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_throttle (app_id, uid, window_start, count) FROM stdin;
upgrade-fixture	fixture-u2	1796629012439	4
upgrade-fixture	fixture-u3	1796629012439	4
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
upgrade-fixture	1796628960000	webhook	ep_01a24f6f1e7e700f93287790f8dfdedd		4	2	0	0	0	2	0	1	1	1	1	0	0	0	0	0	0	0
upgrade-fixture	1796628960000	webhook	ep_01a24f6f1e7e700f93287790f8dfdedd	connection	2	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796628960000	webhook	ep_01a24f6f1e9472789efbd81818fc3cbf		4	4	0	0	0	0	2	1	3	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796628960000	webhook	ep_01a24f6f1e9472789efbd81818fc3cbf	connection	4	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796628960000	custom			8	8	0	0	0	0	4	7	0	1	0	0	0	0	0	0	0	0
upgrade-fixture	1796628960000	custom		connection	8	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
\.


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_version (version, applied_at) FROM stdin;
1	2026-12-07 07:36:50.994882+00
2	2026-12-07 07:36:50.994882+00
3	2026-12-07 07:36:50.994882+00
4	2026-12-07 07:36:50.994882+00
\.


--
-- Data for Name: shared_values; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.shared_values (key, value, issued_at) FROM stdin;
dataprotection/first-key	made	1796629011316
\.


--
-- Data for Name: user_preferences; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.user_preferences (app_id, uid, prefs, updated_at) FROM stdin;
\.


--
-- Name: attempts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.attempts_id_seq', 20, true);


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

SELECT pg_catalog.setval('public.events_seq_seq', 4, true);


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
-- Name: badges badges_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.badges
    ADD CONSTRAINT badges_pkey PRIMARY KEY (app_id, uid);


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

\unrestrict 9Y87S8lQS2tmrvKt3hKREr4op1QkhqC1q7qHVW9zbqlSaQyvTRa3o6lOinNnaQK

