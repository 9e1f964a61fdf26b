--
-- PostgreSQL database dump
--

\restrict rdPX9FRAO0ArYbzAUfHxQmF7meiK3cSep7d1ECEeJcpP9Y0mC508Wkcu4bRRzSM

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
2ef91952a19b849d	upgrade-fixture	admin key	admin	\\x6b6e7c210fe22773842829c1d6cb2100e9df76de0f45a7babd2bb9fb4c3a97b4	1796652740587	\N
2507e64963c36131	upgrade-fixture	ingest key	ingest	\\x4a917c469d60883881e685b36a230f5e9d1b677f77863f3c5443f8e8400aa127	1796652740650	\N
\.


--
-- Data for Name: apps; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.apps (id, name, region, created_at, strict_event_schemas) FROM stdin;
upgrade-fixture	Upgrade fixture	us	1796652740536	f
\.


--
-- Data for Name: attempts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.attempts (id, delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) FROM stdin;
1	1	1	1796652741040	4.959	200	succeeded	\N	\N	vm:29943:62abd030
2	6	1	1796652741063	41.4135	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:29943:62abd030
3	3	1	1796652741021	73.1517	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:29943:62abd030
4	2	1	1796652741061	6.5179	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:62abd030
5	4	1	1796652741061	11.0033	200	succeeded	\N	\N	vm:29943:62abd030
6	5	1	1796652741063	4.9208	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:62abd030
7	7	1	1796652741178	2.3043	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:62abd030
8	8	1	1796652741179	1.4904	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:62abd030
9	9	1	1796652741213	1.566	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:62abd030
10	10	1	1796652741213	0.9051	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:62abd030
11	12	1	1796652742494	1.5016	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:697dafb0
12	11	1	1796652742488	21.8218	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:697dafb0
13	14	1	1796652742515	7.6783	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:697dafb0
14	15	1	1796652742515	7.5045	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:697dafb0
15	13	1	1796652742458	78.0528	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:29943:697dafb0
16	16	1	1796652742515	40.3456	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:29943:697dafb0
17	18	1	1796652742571	0.7797	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:697dafb0
18	17	1	1796652742571	0.7583	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:697dafb0
19	20	1	1796652742605	0.663	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:697dafb0
20	19	1	1796652742605	2.1583	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:29943:697dafb0
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
key-ae4f54fe-35eb-47b5-afad-377e2760e758	<key id="ae4f54fe-35eb-47b5-afad-377e2760e758" version="1"><creationDate>2026-12-07T14:12:19.941884Z</creationDate><activationDate>2026-12-07T14:12:19.941884Z</activationDate><expirationDate>2027-03-07T14:12:19.941884Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><encryptedSecret decryptorType="Herald.Hosting.KeyRing.AesGcmXmlDecryptor, Herald, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" xmlns="http://schemas.asp.net/2015/03/dataProtection"><aesGcmEncryptedSecret keyId="e276bea57255f06b" xmlns=""><nonce>mMw1G2iVYVU2My4Q</nonce><tag>q02X76IOHmduY2KQDSkg7w==</tag><value>xP8EzPWc7od/AO8AvN9k7L07m6vQUqs7zSS2T83ixv5BTpB+9ySckHjC1Ctw+8Naqd1EgNy/VsgAvi4iAYGtypPG1JwTkjq7VAeQ/WHV0ozMXcUEoqElwS3MMOr3jwDuSpLg2t3BFpkaDWvkZ2SOTbjj/2Pe2VxK4i6i90BZhbN78g8Hx4nBETyyeF/vdpq6T6bBd6G3emfQdvHfsMt87NxtzHoO8steal/ebscmo8dNHt9HZw+QWJBG90Czt/4TVlZTmX53Bbpm2h1JpN8w3C3F+6231ytzRHu+y3IpXZf+90QtWUbJPv49uNs3MT1cgd94FZJI3wCwTT4ZCMXdjjj1kI8p/tixJezO7OKs</value></aesGcmEncryptedSecret></encryptedSecret></descriptor></descriptor></key>
\.


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.deliveries (seq, id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, lease_owner, last_status, last_error, created_at, updated_at, kind, provider, device_id, payload, collapsed) FROM stdin;
1	msg_01a250d9315d7ab19862174ab0f5add6	upgrade-fixture	1	ep_01a250d930497d689653009200d22fa6	message.created	fixture-u1	succeeded	0	0	1	1796652770992	\N	200	\N	1796652740951	1796652741044	webhook	\N	\N	\N	0
3	fan_01a250d93167743f935cfc0ba122c37a	upgrade-fixture	1	fanout	message.created	fixture-u1	succeeded	0	0	1	1796652770992	\N	\N	\N	1796652740951	1796652741094	fanout	\N	\N	\N	0
6	fan_01a250d931827f41a10ed9c3fec6d3b9	upgrade-fixture	2	fanout	message.created	fixture-u1	succeeded	0	0	1	1796652771028	\N	\N	\N	1796652740994	1796652741105	fanout	\N	\N	\N	0
2	msg_01a250d9315d78b884cf95570f18cd0a	upgrade-fixture	1	ep_01a250d93069702c856893f3d318853d	message.created	fixture-u1	failed	0	0	1	1796652770992	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796652740951	1796652741067	webhook	\N	\N	\N	0
4	msg_01a250d931827da4bb5f6cf54a3d03d5	upgrade-fixture	2	ep_01a250d930497d689653009200d22fa6	message.created	fixture-u1	succeeded	0	0	1	1796652771028	\N	200	\N	1796652740994	1796652741072	webhook	\N	\N	\N	0
5	msg_01a250d9318272febce6bf32ef9fd945	upgrade-fixture	2	ep_01a250d93069702c856893f3d318853d	message.created	fixture-u1	failed	0	0	1	1796652771028	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796652740994	1796652741067	webhook	\N	\N	\N	0
7	msg_01a250d931f1768ca4db371f4ae12ca3	upgrade-fixture	2	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796652771162	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796652741105	1796652741180	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
8	msg_01a250d931f1797e83825aa2b791fc6a	upgrade-fixture	2	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796652771162	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796652741105	1796652741180	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
9	msg_01a250d931e67b63acf359efe8719356	upgrade-fixture	1	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796652771201	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796652741094	1796652741214	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
10	msg_01a250d931e67e46bc5d9340b5e56707	upgrade-fixture	1	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796652771201	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796652741094	1796652741213	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
12	msg_01a250d937067f4eb80689edc4d15075	upgrade-fixture	3	ep_01a250d93069702c856893f3d318853d	message.created	fixture-u1	pending	1	1	1	1796652752495	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796652742402	1796652742495	webhook	\N	\N	\N	0
13	fan_01a250d9370f7a6ba1e59db6835c0c78	upgrade-fixture	3	fanout	message.created	fixture-u1	succeeded	0	0	1	1796652772444	\N	\N	\N	1796652742402	1796652742536	fanout	\N	\N	\N	0
11	msg_01a250d9370675ff9e1c9efbfa217dd6	upgrade-fixture	3	ep_01a250d930497d689653009200d22fa6	message.created	fixture-u1	pending	1	1	1	1796652752509	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796652742402	1796652742509	webhook	\N	\N	\N	0
14	msg_01a250d937347114ac93f9d8c65c9401	upgrade-fixture	4	ep_01a250d930497d689653009200d22fa6	message.created	fixture-u1	pending	1	1	1	1796652752522	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796652742452	1796652742522	webhook	\N	\N	\N	0
15	msg_01a250d9373470a69f1740201f480409	upgrade-fixture	4	ep_01a250d93069702c856893f3d318853d	message.created	fixture-u1	pending	1	1	1	1796652752522	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796652742452	1796652742522	webhook	\N	\N	\N	0
16	fan_01a250d937347380a202787c75cc53a6	upgrade-fixture	4	fanout	message.created	fixture-u1	succeeded	0	0	1	1796652772493	\N	\N	\N	1796652742452	1796652742555	fanout	\N	\N	\N	0
17	msg_01a250d9378876b9962ea5a58b0209da	upgrade-fixture	3	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796652752571	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796652742536	1796652742571	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
20	msg_01a250d9379b7e7bb1e33b0f9464de60	upgrade-fixture	4	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796652752605	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796652742555	1796652742605	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
19	msg_01a250d9379b78b69d19f68fac1901d1	upgrade-fixture	4	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796652752607	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796652742555	1796652742607	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
18	msg_01a250d937887384985b49065b6ae129	upgrade-fixture	3	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796652752571	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796652742536	1796652742571	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
\.


--
-- Data for Name: devices; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.devices (app_id, device_id, uid, platform, provider, token, locale, environment, created_at, updated_at) FROM stdin;
upgrade-fixture	phone	fixture-u2	android	baidu	channel-u2	fr-FR	production	1796652740901	1796652740901
\.


--
-- Data for Name: endpoint_secrets; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoint_secrets (id, endpoint_id, secret, created_at, expires_at) FROM stdin;
1	ep_01a250d930497d689653009200d22fa6	\\x09f0c9f0fe544faeeb35b547afad377e2760e758df2bc64f8d0cb8d8471bbbdfbb54e32520afdefe4cb1cf92fe33d55ec8dc4134d8e1b66a3712ff6cf131a7361b7525c2bd250db7de4bc6fa972437c8a13dd123605dcde19e79f6e68f51c5ffb0ff377084d0c1d4cf92e700c41430c5b87d49df08cd8591fafd65fc8484f144914abb222ca33b42a6bbd8ea44496cdbb67cecd7	1796652740681	\N
2	ep_01a250d93069702c856893f3d318853d	\\x09f0c9f0fe544faeeb35b547afad377e2760e75800fbb3b8f8ad81edf0fd59692fa1041fd8351dd5d74b0bd12c101c20711f957f26fb051f7e87174e31f5a07271217ee2f7b921175f39fa4c195dba09f5cc411ca09c9640cd295a1495863e6deecc7aeaddeeb2dd71c994e37cbc162b6e02bab70de2c88c0889f6b9d99ee43370dc07cd1b9a969a39734b130a70a0536d7e14e1	1796652740713	\N
\.


--
-- Data for Name: endpoints; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoints (id, app_id, url, description, event_types, enabled, rate_limit, timeout_ms, disabled_reason, failing_since, deleted_at, created_at, updated_at) FROM stdin;
ep_01a250d93069702c856893f3d318853d	upgrade-fixture	http://127.0.0.1:9/dead	dead	["message.created"]	t	0	\N	\N	1796652741061	\N	1796652740713	1796652741067
ep_01a250d930497d689653009200d22fa6	upgrade-fixture	http://127.0.0.1:9/orders	orders	[]	t	0	\N	\N	1796652742488	\N	1796652740681	1796652742522
\.


--
-- Data for Name: event_types; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.event_types (app_id, type, count, duplicates, first_seen, last_seen, last_duplicate) FROM stdin;
upgrade-fixture	message.created	4	0	1796652740951	1796652742452	\N
\.


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.events (seq, app_id, id, type, version, sender_uid, received_at, payload, duplicates) FROM stdin;
1	upgrade-fixture	fx-delivered-1	message.created	1	fixture-u1	1796652740951	{"id":"fx-delivered-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:12:20.951Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
2	upgrade-fixture	fx-delivered-2	message.created	1	fixture-u1	1796652740994	{"id":"fx-delivered-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:12:20.994Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
3	upgrade-fixture	fx-pending-1	message.created	1	fixture-u1	1796652742402	{"id":"fx-pending-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:12:22.402Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
4	upgrade-fixture	fx-pending-2	message.created	1	fixture-u1	1796652742452	{"id":"fx-pending-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:12:22.452Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
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
cred_01a250d9307c79599c1cb53dfe5ea0e8	upgrade-fixture	gateway	any	custom	production	t	{"Url":"http://127.0.0.1:9/push","Username":"herald-push"}	\\x09f0c9f0fe544faeeb35b547afad377e2760e7580544eaf07c6fc15b42102f12705e6e13c3c6c32d3336d42abb7d67a1be87013111b13bfbde6cf11b8a1b87102d8b1cafdaf21eb063b9820a9ce64bdc5b50f92060df32af8021447dc03bbe02bbe035cc16bef48feef1c61475407937196c7e1f	\N	1796652740732	1796652740732
\.


--
-- Data for Name: push_event_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_event_settings (app_id, type, variant, allowed, template, updated_at) FROM stdin;
upgrade-fixture	message.created	group	t	{"title":"{{conversationName}}","body":"{{senderName}}: {{text}}","locales":null,"titleLocKey":null,"titleLocArgs":null,"bodyLocKey":null,"bodyLocArgs":null}	1796652740943
\.


--
-- Data for Name: push_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_settings (app_id, settings, updated_at) FROM stdin;
upgrade-fixture	{"enabled":true,"includeMessageObject":true,"includeBadgeCount":false,"customJson":null,"throttle":{"maxPerWindow":30,"windowSeconds":60},"callsBreakQuietHours":true,"intendedEventTypes":null}	1796652740929
\.


--
-- Data for Name: push_throttle; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_throttle (app_id, uid, window_start, count) FROM stdin;
upgrade-fixture	fixture-u2	1796652741021	4
upgrade-fixture	fixture-u3	1796652741021	4
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
upgrade-fixture	1796652720000	webhook	ep_01a250d930497d689653009200d22fa6		4	2	0	0	0	2	0	1	1	2	0	0	0	0	0	0	0	0
upgrade-fixture	1796652720000	webhook	ep_01a250d930497d689653009200d22fa6	connection	2	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796652720000	webhook	ep_01a250d93069702c856893f3d318853d		4	4	0	0	0	0	2	2	2	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796652720000	webhook	ep_01a250d93069702c856893f3d318853d	connection	4	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796652720000	custom			8	8	0	0	0	0	4	8	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796652720000	custom		connection	8	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
\.


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_version (version, applied_at) FROM stdin;
1	2026-12-07 14:12:19.797119+00
2	2026-12-07 14:12:19.797119+00
3	2026-12-07 14:12:19.797119+00
4	2026-12-07 14:12:19.797119+00
5	2026-12-07 14:12:19.797119+00
\.


--
-- Data for Name: shared_values; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.shared_values (key, value, issued_at) FROM stdin;
dataprotection/first-key	made	1796652739930
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

\unrestrict rdPX9FRAO0ArYbzAUfHxQmF7meiK3cSep7d1ECEeJcpP9Y0mC508Wkcu4bRRzSM

