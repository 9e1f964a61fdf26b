--
-- PostgreSQL database dump
--

\restrict fZXybnidVD30lDzxyGlpdct2hnjNpo7LCVyYhMIyDe2Mmo9qfmaCTs4a0ZENxUg

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
0b89e5c6b1147e00	upgrade-fixture	admin key	admin	\\xef629141d04d609c495f6e149eae1103017d2235c71f45b50347c2ce8500ee12	1796623018408	\N
5adbea64a5635eaa	upgrade-fixture	ingest key	ingest	\\x2b884b6070d78ac5774f19dfc26950e46e9e99408f2250919ec19e598adcd5e6	1796623018443	\N
\.


--
-- Data for Name: apps; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.apps (id, name, region, created_at) FROM stdin;
upgrade-fixture	Upgrade fixture	us	1796623018164
\.


--
-- Data for Name: attempts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.attempts (id, delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) FROM stdin;
1	3	1	1796623019319	107.0828	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:23110:36b8c72a
2	6	1	1796623019335	104.4104	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:23110:36b8c72a
3	2	1	1796623019376	49.3336	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:36b8c72a
4	1	1	1796623019346	139.2189	200	succeeded	\N	\N	vm:23110:36b8c72a
5	4	1	1796623019370	120.806	200	succeeded	\N	\N	vm:23110:36b8c72a
6	5	1	1796623019425	50.5749	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:36b8c72a
7	7	1	1796623019506	8.2421	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:36b8c72a
8	8	1	1796623019506	7.6638	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:36b8c72a
9	9	1	1796623019506	7.1516	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:36b8c72a
10	10	1	1796623019507	6.9965	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:36b8c72a
11	13	1	1796623020335	33.5143	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:23110:71859e91
12	11	1	1796623020338	8.1178	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:71859e91
13	16	1	1796623020398	21.5475	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:23110:71859e91
14	12	1	1796623020368	16.5637	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:71859e91
15	14	1	1796623020396	14.5279	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:71859e91
16	15	1	1796623020398	13.4774	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:71859e91
17	17	1	1796623020412	7.7631	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:71859e91
18	18	1	1796623020407	2.7981	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:71859e91
19	19	1	1796623020441	6.4594	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:71859e91
20	20	1	1796623020440	5.3192	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:23110:71859e91
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
key-85580f2a-4c1a-4686-b058-597a2d9c3b8b	<key id="85580f2a-4c1a-4686-b058-597a2d9c3b8b" version="1"><creationDate>2026-12-07T05:56:55.2996104Z</creationDate><activationDate>2026-12-07T05:56:55.2996104Z</activationDate><expirationDate>2027-03-07T05:56:55.2996104Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><encryptedSecret decryptorType="Herald.Hosting.KeyRing.AesGcmXmlDecryptor, Herald, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" xmlns="http://schemas.asp.net/2015/03/dataProtection"><aesGcmEncryptedSecret keyId="e276bea57255f06b" xmlns=""><nonce>VCuTU4r0jx7R+gPy</nonce><tag>N85e8z59r4oriVeGp/W8kA==</tag><value>eCPoDr9y4iEB9OsAqcPOc+2PGu4G6pHAA90Zs7OQbFxNCH+7j3SC7cHgNa94la4b1/plfGJLR2Wk2xyelfhevS1r+ezwOG/svnR3dZBVUd9hXNkZULACPLYVO72U+CtPyrQYsnU+0f8VIEa3JOAqGx5lkeBqIiOJRRcqxY4u86rk9evfI2OaDOc+SSgh/6VHdD/JbNy0HVNiiTxN5oCckQaRskVtfXclWWYiZ13kLvNhFMOgBBws676h3/bNnNcYdDpvLPs7uBJgshpUEffcS8a2HXNNmaJJE/h0RISD7jlfG822WbaK87hTNkVTuzGQg3cPwXwxD70ELbTXRPPaGpC/0WEcVmlXjSD211uo</value></aesGcmEncryptedSecret></encryptedSecret></descriptor></descriptor></key>
\.


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.deliveries (seq, id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, lease_owner, last_status, last_error, created_at, updated_at, kind, provider, device_id, payload, collapsed) FROM stdin;
3	fan_01a24f13acd5758eae5aed2efc2b8b54	upgrade-fixture	1	fanout	message.created	fixture-u1	succeeded	0	0	1	1796623049286	\N	\N	\N	1796623019212	1796623019426	fanout	\N	\N	\N	0
6	fan_01a24f13ad127a63a40d614713145954	upgrade-fixture	2	fanout	message.created	fixture-u1	succeeded	0	0	1	1796623049310	\N	\N	\N	1796623019282	1796623019439	fanout	\N	\N	\N	0
2	msg_01a24f13acce74c1b02c0afd52ea638c	upgrade-fixture	1	ep_01a24f13aa227049a32f6f10937c7823	message.created	fixture-u1	failed	0	0	1	1796623049286	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796623019212	1796623019425	webhook	\N	\N	\N	0
1	msg_01a24f13acce74b0bb7e86483a0cf07d	upgrade-fixture	1	ep_01a24f13a9f071569658b0988383fae3	message.created	fixture-u1	succeeded	0	0	1	1796623049286	\N	200	\N	1796623019212	1796623019485	webhook	\N	\N	\N	0
4	msg_01a24f13ad127b14ae8a1f174bfd69e9	upgrade-fixture	2	ep_01a24f13a9f071569658b0988383fae3	message.created	fixture-u1	succeeded	0	0	1	1796623049310	\N	200	\N	1796623019282	1796623019490	webhook	\N	\N	\N	0
5	msg_01a24f13ad1278f49e1902f009975253	upgrade-fixture	2	ep_01a24f13aa227049a32f6f10937c7823	message.created	fixture-u1	failed	0	0	1	1796623049310	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796623019282	1796623019475	webhook	\N	\N	\N	0
7	msg_01a24f13ada27f2ca67bd7ab846c3068	upgrade-fixture	1	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796623049492	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796623019426	1796623019514	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
8	msg_01a24f13ada27418a951f6cc2c8e8caa	upgrade-fixture	1	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796623049492	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796623019426	1796623019513	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
9	msg_01a24f13adaf7bbea6770fa6104397d4	upgrade-fixture	2	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796623049492	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796623019439	1796623019513	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
10	msg_01a24f13adaf7951b103a7c3a7b2adb3	upgrade-fixture	2	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796623049492	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796623019439	1796623019513	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
13	fan_01a24f13b11679c19e62e68d1e479b98	upgrade-fixture	3	fanout	message.created	fixture-u1	succeeded	0	0	1	1796623050326	\N	\N	\N	1796623020289	1796623020369	fanout	\N	\N	\N	0
16	fan_01a24f13b136764fb70d170923781f2a	upgrade-fixture	4	fanout	message.created	fixture-u1	succeeded	0	0	1	1796623050372	\N	\N	\N	1796623020342	1796623020420	fanout	\N	\N	\N	0
11	msg_01a24f13b1047c2e9f02d97dc8a7067c	upgrade-fixture	3	ep_01a24f13a9f071569658b0988383fae3	message.created	fixture-u1	pending	1	1	1	1796623030346	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796623020289	1796623020346	webhook	\N	\N	\N	0
12	msg_01a24f13b1047055b5d1183c8897d88b	upgrade-fixture	3	ep_01a24f13aa227049a32f6f10937c7823	message.created	fixture-u1	pending	1	1	1	1796623030384	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796623020289	1796623020384	webhook	\N	\N	\N	0
14	msg_01a24f13b136715bbcb4c56a629a9ea4	upgrade-fixture	4	ep_01a24f13a9f071569658b0988383fae3	message.created	fixture-u1	pending	1	1	1	1796623030410	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796623020342	1796623020410	webhook	\N	\N	\N	0
15	msg_01a24f13b1367ae8b9fafccf49afd93b	upgrade-fixture	4	ep_01a24f13aa227049a32f6f10937c7823	message.created	fixture-u1	pending	1	1	1	1796623030411	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796623020342	1796623020411	webhook	\N	\N	\N	0
19	msg_01a24f13b18373daa015c0f2663e379e	upgrade-fixture	4	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796623030447	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796623020420	1796623020447	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
20	msg_01a24f13b1847165b1ffedee86da9990	upgrade-fixture	4	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796623030445	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796623020420	1796623020445	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
17	msg_01a24f13b150780494e638de4033f19d	upgrade-fixture	3	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796623030419	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796623020369	1796623020419	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
18	msg_01a24f13b15176fb9ee06064290b5b91	upgrade-fixture	3	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796623030409	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796623020369	1796623020409	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
\.


--
-- Data for Name: devices; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.devices (app_id, device_id, uid, platform, provider, token, locale, environment, created_at, updated_at) FROM stdin;
upgrade-fixture	phone	fixture-u2	android	baidu	channel-u2	fr-FR	production	1796623019137	1796623019137
\.


--
-- Data for Name: endpoint_secrets; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoint_secrets (id, endpoint_id, secret, created_at, expires_at) FROM stdin;
1	ep_01a24f13a9f071569658b0988383fae3	\\x09f0c9f02a0f58851a4c8646b058597a2d9c3b8b38c01c0b842d5888a065bde567a5863dd756274ccc20f900a97d108325d0ab65fd549f0bda057f4ff6e3aaf22ad10261dd8275de941267ac4c22c9448e874356e5673624229a97980f8eaf1ce497235a3cc2a29af669c9f49122570f78288f18ee3de5c3e44c7bc1876f9d68dacd81fd566743b7d81f1b685206f32af4949df9	1796623018480	\N
2	ep_01a24f13aa227049a32f6f10937c7823	\\x09f0c9f02a0f58851a4c8646b058597a2d9c3b8bbeb505b5523f463552d39eda95609ec229e80bfa0a288b341f14ab31354fe79cf0eb4fbc8185a33aaf9cfb8074e6f541a7692972e4eb89a1be713e8e6ec9bbeeb4280fafbc8e87f24802c5ef75e71c2e63dd51c8c4b960667a9fdc1d38cf293255f7f239a195137760a7b32d089074806405ebcd8a2fb2fb477f112fcade1ebf	1796623018530	\N
\.


--
-- Data for Name: endpoints; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoints (id, app_id, url, description, event_types, enabled, rate_limit, timeout_ms, disabled_reason, failing_since, deleted_at, created_at, updated_at) FROM stdin;
ep_01a24f13aa227049a32f6f10937c7823	upgrade-fixture	http://127.0.0.1:9/dead	dead	["message.created"]	t	0	\N	\N	1796623019376	\N	1796623018530	1796623019425
ep_01a24f13a9f071569658b0988383fae3	upgrade-fixture	http://127.0.0.1:9/orders	orders	[]	t	0	\N	\N	1796623020338	\N	1796623018480	1796623020346
\.


--
-- Data for Name: event_types; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.event_types (app_id, type, count, duplicates, first_seen, last_seen, last_duplicate) FROM stdin;
upgrade-fixture	message.created	4	0	1796623019212	1796623020342	\N
\.


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.events (seq, app_id, id, type, version, sender_uid, received_at, payload, duplicates) FROM stdin;
1	upgrade-fixture	fx-delivered-1	message.created	1	fixture-u1	1796623019212	{"id":"fx-delivered-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T05:56:59.212Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
2	upgrade-fixture	fx-delivered-2	message.created	1	fixture-u1	1796623019282	{"id":"fx-delivered-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T05:56:59.282Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
3	upgrade-fixture	fx-pending-1	message.created	1	fixture-u1	1796623020289	{"id":"fx-pending-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T05:57:00.289Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
4	upgrade-fixture	fx-pending-2	message.created	1	fixture-u1	1796623020342	{"id":"fx-pending-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T05:57:00.342Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
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
cred_01a24f13ab4c7a88b3aa006bdaa2974e	upgrade-fixture	gateway	any	custom	production	t	{"Url":"http://127.0.0.1:9/push","Username":"herald-push"}	\\x09f0c9f02a0f58851a4c8646b058597a2d9c3b8b7b256e43be97c4739178bc186db7104ab7ccbb29a9df1d6dd9dace037f9275d3625332fc33233db98577ec45c0e188fe19125b845effef835d62b1cdeb6a43f95b80d4b9242f8ef566d30f29d80f8c3d9c93a4ad797196b28fd2dbd5628527b8	\N	1796623018828	1796623018828
\.


--
-- Data for Name: push_event_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_event_settings (app_id, type, variant, allowed, template, updated_at) FROM stdin;
upgrade-fixture	message.created	group	t	{"title":"{{conversationName}}","body":"{{senderName}}: {{text}}","locales":null,"titleLocKey":null,"titleLocArgs":null,"bodyLocKey":null,"bodyLocArgs":null}	1796623019197
\.


--
-- Data for Name: push_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_settings (app_id, settings, updated_at) FROM stdin;
upgrade-fixture	{"enabled":true,"includeMessageObject":true,"includeBadgeCount":false,"customJson":null,"throttle":{"maxPerWindow":30,"windowSeconds":60},"callsBreakQuietHours":true,"intendedEventTypes":null}	1796623019179
\.


--
-- Data for Name: push_throttle; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_throttle (app_id, uid, window_start, count) FROM stdin;
upgrade-fixture	fixture-u2	1796623019319	4
upgrade-fixture	fixture-u3	1796623019319	4
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
upgrade-fixture	1796622960000	custom			4	4	0	0	0	0	4	0	4	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796622960000	custom		connection	4	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796622960000	webhook	ep_01a24f13a9f071569658b0988383fae3		2	0	0	0	0	2	0	0	0	0	0	0	2	0	0	0	0	0
upgrade-fixture	1796622960000	webhook	ep_01a24f13aa227049a32f6f10937c7823		2	2	0	0	0	0	2	0	0	0	1	1	0	0	0	0	0	0
upgrade-fixture	1796622960000	webhook	ep_01a24f13aa227049a32f6f10937c7823	connection	2	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796623020000	webhook	ep_01a24f13a9f071569658b0988383fae3		2	2	0	0	0	0	0	0	1	1	0	0	0	0	0	0	0	0
upgrade-fixture	1796623020000	webhook	ep_01a24f13a9f071569658b0988383fae3	connection	2	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796623020000	webhook	ep_01a24f13aa227049a32f6f10937c7823		2	2	0	0	0	0	0	0	0	2	0	0	0	0	0	0	0	0
upgrade-fixture	1796623020000	webhook	ep_01a24f13aa227049a32f6f10937c7823	connection	2	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796623020000	custom			4	4	0	0	0	0	0	1	3	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796623020000	custom		connection	4	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
\.


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_version (version, applied_at) FROM stdin;
1	2026-12-07 05:56:54.62894+00
2	2026-12-07 05:56:54.62894+00
3	2026-12-07 05:56:54.62894+00
\.


--
-- Data for Name: shared_values; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.shared_values (key, value, issued_at) FROM stdin;
dataprotection/first-key	made	1796623015207
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

\unrestrict fZXybnidVD30lDzxyGlpdct2hnjNpo7LCVyYhMIyDe2Mmo9qfmaCTs4a0ZENxUg

