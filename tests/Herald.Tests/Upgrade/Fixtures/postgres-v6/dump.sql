--
-- PostgreSQL database dump
--

\restrict zPEeJupw5vap37FMeCyvxHnsZ7Yafvw64NEuUXIpGQrPfTxT0MwZu3zXeXUbXAa

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
51f9f484de879675	upgrade-fixture	admin key	admin	\\xa816aea025fdeb8b954355f83e477bdf3986f393f25ad7bb7837ff7bc98aaa18	1796653217415	\N
54bcdef5ae6ca349	upgrade-fixture	ingest key	ingest	\\xdd9e77305d6d3a6cc35ff5b07d7270e68ebe49788bde5db5457fa753b0735b0e	1796653217432	\N
\.


--
-- Data for Name: apps; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.apps (id, name, region, created_at, strict_event_schemas) FROM stdin;
upgrade-fixture	Upgrade fixture	us	1796653217390	f
\.


--
-- Data for Name: attempts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.attempts (id, delivery_seq, attempt, started_at, duration_ms, status_code, outcome, error, response, node) FROM stdin;
1	6	1	1796653217797	66.4111	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, snoozed or below their push level, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:965:04efd567
2	3	1	1796653217783	82.6085	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, snoozed or below their push level, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:965:04efd567
3	1	1	1796653217823	15.5489	200	succeeded	\N	\N	vm:965:04efd567
4	2	1	1796653217830	14.799	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:04efd567
5	4	1	1796653217839	5.8648	200	succeeded	\N	\N	vm:965:04efd567
6	5	1	1796653217863	18.6596	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:04efd567
7	7	1	1796653217887	5.1266	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:04efd567
8	8	1	1796653217887	1.2799	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:04efd567
9	9	1	1796653217899	2.0743	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:04efd567
10	10	1	1796653217900	1.0288	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:04efd567
11	13	1	1796653218489	25.0405	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, snoozed or below their push level, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:965:377643b0
12	11	1	1796653218491	1.6607	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:377643b0
13	16	1	1796653218525	9.551	\N	succeeded	\N	2 push job(s) for 2 recipient(s); skipped: 0 muted, snoozed or below their push level, 0 in quiet hours, 0 with no device for an active credential; 0 collapsed into summaries by the throttle	vm:965:377643b0
14	12	1	1796653218506	1.2967	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:377643b0
15	14	1	1796653218525	4.4805	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:377643b0
16	15	1	1796653218525	2.5424	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:377643b0
17	17	1	1796653218526	4.3198	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:377643b0
18	18	1	1796653218527	2.6939	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:377643b0
19	19	1	1796653218584	5.3481	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:377643b0
20	20	1	1796653218584	5.5463	\N	failed	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	\N	vm:965:377643b0
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
key-de78ccbc-dadb-4618-9dae-e852f5728159	<key id="de78ccbc-dadb-4618-9dae-e852f5728159" version="1"><creationDate>2026-12-07T14:20:16.9708892Z</creationDate><activationDate>2026-12-07T14:20:16.9708892Z</activationDate><expirationDate>2027-03-07T14:20:16.9708892Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><encryptedSecret decryptorType="Herald.Hosting.KeyRing.AesGcmXmlDecryptor, Herald, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" xmlns="http://schemas.asp.net/2015/03/dataProtection"><aesGcmEncryptedSecret keyId="e276bea57255f06b" xmlns=""><nonce>IRBim4BvlnA7nNgQ</nonce><tag>xXD9ZcvWdCxX9vFvCZCTCg==</tag><value>KnNjOU+wpYD47LL0/eNtAycgSM/6lGZeSwswPplLcVnZD2v2vhvzHo2jG78SGTSLI3xhpCBY8G8Bj3uCkxKW4cQ5z4MCLB9lthKRTOcludPMYv1ZTADhmK8/HmaGBmvS9YRjD92D72fNbLEulH4qlyB3256NuTz0D74NMlH4q+d1qouee2pLuzWXxIix15Se5YGBTcgn78fNrLccHHj9v47rnnbwz8qv8rYpWl5fBMRwsoBkg/TBeY0jXPC60yuFID59G0WjD+Ec9waCWNYdJIJ+QxLVqJT/qhTQiVSCBvX3Fufic2o4cJOcVQ3RIzymaJSJj+jkmO5+WteATYGhW8E37g7skbIAKW4DjQ1B</value></aesGcmEncryptedSecret></encryptedSecret></descriptor></descriptor></key>
\.


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.deliveries (seq, id, app_id, event_seq, endpoint_id, event_type, uid, status, lane, schedule_index, attempt_count, next_attempt_at, lease_owner, last_status, last_error, created_at, updated_at, kind, provider, device_id, payload, collapsed) FROM stdin;
6	fan_01a250e077ea781ebf6ff789935fdade	upgrade-fixture	2	fanout	message.created	fixture-u1	succeeded	0	0	1	1796653247788	\N	\N	\N	1796653217770	1796653217864	fanout	\N	\N	\N	0
3	fan_01a250e077cb7b9a9ec9713d98e2f980	upgrade-fixture	1	fanout	message.created	fixture-u1	succeeded	0	0	1	1796653247767	\N	\N	\N	1796653217729	1796653217866	fanout	\N	\N	\N	0
1	msg_01a250e077c475c293844e2de68f6b04	upgrade-fixture	1	ep_01a250e076ab7f9d8b5b687db8f357ab	message.created	fixture-u1	succeeded	0	0	1	1796653247767	\N	200	\N	1796653217729	1796653217838	webhook	\N	\N	\N	0
2	msg_01a250e077c476ac949524b12649e90d	upgrade-fixture	1	ep_01a250e076c374f0b5cec8a6746ae155	message.created	fixture-u1	failed	0	0	1	1796653247767	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796653217729	1796653217844	webhook	\N	\N	\N	0
4	msg_01a250e077ea796d8e46412635321da0	upgrade-fixture	2	ep_01a250e076ab7f9d8b5b687db8f357ab	message.created	fixture-u1	succeeded	0	0	1	1796653247788	\N	200	\N	1796653217770	1796653217844	webhook	\N	\N	\N	0
5	msg_01a250e077ea74f882f3a6aea2a830c3	upgrade-fixture	2	ep_01a250e076c374f0b5cec8a6746ae155	message.created	fixture-u1	failed	0	0	1	1796653247788	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796653217770	1796653217881	webhook	\N	\N	\N	0
7	msg_01a250e078487112a7a145ff9b1aa933	upgrade-fixture	2	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796653247884	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796653217864	1796653217892	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
10	msg_01a250e0784a77da9bf53317d932c249	upgrade-fixture	1	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796653247892	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796653217866	1796653217901	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
8	msg_01a250e078487e38b4eb644016bed886	upgrade-fixture	2	custom/fixture-u3	message.created	fixture-u3	failed	0	0	1	1796653247884	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796653217864	1796653217888	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
9	msg_01a250e0784a74109982c34f26f96712	upgrade-fixture	1	custom/fixture-u2	message.created	fixture-u2	failed	0	0	1	1796653247892	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused) (gave up after 1 attempts)	1796653217866	1796653217901	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
13	fan_01a250e07aa67e6f9d0e1d6a23253e2f	upgrade-fixture	7	fanout	message.created	fixture-u1	succeeded	0	0	1	1796653248484	\N	\N	\N	1796653218466	1796653218514	fanout	\N	\N	\N	0
11	msg_01a250e07aa3770198ce058967688807	upgrade-fixture	7	ep_01a250e076ab7f9d8b5b687db8f357ab	message.created	fixture-u1	pending	1	1	1	1796653228492	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796653218466	1796653218492	webhook	\N	\N	\N	0
16	fan_01a250e07acc7ab682c549edd7861164	upgrade-fixture	8	fanout	message.created	fixture-u1	succeeded	0	0	1	1796653248518	\N	\N	\N	1796653218508	1796653218535	fanout	\N	\N	\N	0
12	msg_01a250e07aa37b229ee21beda3cee1e2	upgrade-fixture	7	ep_01a250e076c374f0b5cec8a6746ae155	message.created	fixture-u1	pending	1	1	1	1796653228507	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796653218466	1796653218507	webhook	\N	\N	\N	0
17	msg_01a250e07ad2787a95981b5fc616f59f	upgrade-fixture	7	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796653228530	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796653218514	1796653218530	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
18	msg_01a250e07ad2755f9f413eb96155e06d	upgrade-fixture	7	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796653228529	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796653218514	1796653218529	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
14	msg_01a250e07acc7a478337a1bd6b200d88	upgrade-fixture	8	ep_01a250e076ab7f9d8b5b687db8f357ab	message.created	fixture-u1	pending	1	1	1	1796653228529	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796653218508	1796653218529	webhook	\N	\N	\N	0
15	msg_01a250e07acc7cf4ba7fc7e9ffaa450a	upgrade-fixture	8	ep_01a250e076c374f0b5cec8a6746ae155	message.created	fixture-u1	pending	1	1	1	1796653228527	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796653218508	1796653218527	webhook	\N	\N	\N	0
19	msg_01a250e07ae77403947f822f132d9e98	upgrade-fixture	8	custom/fixture-u2	message.created	fixture-u2	pending	1	1	1	1796653228589	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796653218535	1796653218589	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u2"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
20	msg_01a250e07ae775e8a9cf251c65fa5241	upgrade-fixture	8	custom/fixture-u3	message.created	fixture-u3	pending	1	1	1	1796653228589	\N	\N	Could not connect to '127.0.0.1': Connection refused (127.0.0.1:9) (Could not connect to '127.0.0.1': Connection refused)	1796653218535	1796653218589	push	custom	\N	{"trigger":"push-notification-payload-generated","data":{"to":{"uid":"fixture-u3"},"notificationDetails":{"title":"Hiking group","body":"Andrew Joseph: Hello!","sender":"fixture-u1","senderName":"Andrew Joseph","senderAvatar":"https://example.test/u1.webp","receiver":"hiking","receiverName":"Hiking group","receiverType":"group","tag":"123","conversationId":"group_hiking","type":"chat","sentAt":"1741847453000","message":{"text":"Hello!","messageId":"123"}}},"appId":"upgrade-fixture","region":"us","webhook":"custom"}	0
\.


--
-- Data for Name: devices; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.devices (app_id, device_id, uid, platform, provider, token, locale, environment, created_at, updated_at) FROM stdin;
upgrade-fixture	phone	fixture-u2	android	baidu	channel-u2	fr-FR	production	1796653217609	1796653217609
\.


--
-- Data for Name: endpoint_secrets; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoint_secrets (id, endpoint_id, secret, created_at, expires_at) FROM stdin;
1	ep_01a250e076ab7f9d8b5b687db8f357ab	\\x09f0c9f0bccc78dedbda18469daee852f57281590337582d154d34903f3b0a8f8c74a1bcfe78601fef0410535ddc05263e6bc106acfb761728a36a2ebae048fe03e4d3f33dc5f9bf1d39006df71548852358dfc2c37559613ffa0f7e24c736e9b5c561b692c982801c209ffefd6abcca0907bdca6e4ccb491ad95001fccc4d02942d016a3aba742c4fa7f4763b6f0f2572ec39d1	1796653217451	\N
2	ep_01a250e076c374f0b5cec8a6746ae155	\\x09f0c9f0bccc78dedbda18469daee852f5728159afcd9eee682093ea1c0e58a35421dd4c09be61a9f3c35e3a6089d47a640aec04e71aa5aadc107295351a85f37e2e7251996d69535370648626be4c71d4591565e38ebf0a90886d481148ed8db68cb5049fca3a27a1ec5b58a410ef57ed3c3bb8343cd96902b9b72e909dfadf3a8f9513eb4629ecdcb4d9bbc76d7196f3b9b836	1796653217475	\N
\.


--
-- Data for Name: endpoints; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.endpoints (id, app_id, url, description, event_types, enabled, rate_limit, timeout_ms, disabled_reason, failing_since, deleted_at, created_at, updated_at) FROM stdin;
ep_01a250e076c374f0b5cec8a6746ae155	upgrade-fixture	http://127.0.0.1:9/dead	dead	["message.created"]	t	0	\N	\N	1796653217830	\N	1796653217475	1796653217881
ep_01a250e076ab7f9d8b5b687db8f357ab	upgrade-fixture	http://127.0.0.1:9/orders	orders	[]	t	0	\N	\N	1796653218491	\N	1796653217451	1796653218492
\.


--
-- Data for Name: event_types; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.event_types (app_id, type, count, duplicates, first_seen, last_seen, last_duplicate) FROM stdin;
upgrade-fixture	herald.push.failed	4	0	1796653217894	1796653217907	\N
upgrade-fixture	message.created	4	0	1796653217729	1796653218508	\N
\.


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.events (seq, app_id, id, type, version, sender_uid, received_at, payload, duplicates) FROM stdin;
1	upgrade-fixture	fx-delivered-1	message.created	1	fixture-u1	1796653217729	{"id":"fx-delivered-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:20:17.729Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
2	upgrade-fixture	fx-delivered-2	message.created	1	fixture-u1	1796653217770	{"id":"fx-delivered-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:20:17.770Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
3	upgrade-fixture	herald.push.failed:msg_01a250e078487e38b4eb644016bed886	herald.push.failed	1	\N	1796653217894	{"id":"herald.push.failed:msg_01a250e078487e38b4eb644016bed886","type":"herald.push.failed","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:20:17.894Z","occurredAt":"2026-12-07T14:20:17.894Z","data":{"uid":"fixture-u3","deviceId":null,"provider":"custom","reason":"Could not connect to \\u0027127.0.0.1\\u0027: Connection refused (127.0.0.1:9) (Could not connect to \\u0027127.0.0.1\\u0027: Connection refused) (gave up after 1 attempts)","code":null,"status":null,"attempts":1,"eventId":"fx-delivered-2","eventType":"message.created","deliveryId":"msg_01a250e078487e38b4eb644016bed886"}}	0
4	upgrade-fixture	herald.push.failed:msg_01a250e078487112a7a145ff9b1aa933	herald.push.failed	1	\N	1796653217896	{"id":"herald.push.failed:msg_01a250e078487112a7a145ff9b1aa933","type":"herald.push.failed","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:20:17.896Z","occurredAt":"2026-12-07T14:20:17.896Z","data":{"uid":"fixture-u2","deviceId":null,"provider":"custom","reason":"Could not connect to \\u0027127.0.0.1\\u0027: Connection refused (127.0.0.1:9) (Could not connect to \\u0027127.0.0.1\\u0027: Connection refused) (gave up after 1 attempts)","code":null,"status":null,"attempts":1,"eventId":"fx-delivered-2","eventType":"message.created","deliveryId":"msg_01a250e078487112a7a145ff9b1aa933"}}	0
5	upgrade-fixture	herald.push.failed:msg_01a250e0784a74109982c34f26f96712	herald.push.failed	1	\N	1796653217903	{"id":"herald.push.failed:msg_01a250e0784a74109982c34f26f96712","type":"herald.push.failed","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:20:17.903Z","occurredAt":"2026-12-07T14:20:17.902Z","data":{"uid":"fixture-u2","deviceId":null,"provider":"custom","reason":"Could not connect to \\u0027127.0.0.1\\u0027: Connection refused (127.0.0.1:9) (Could not connect to \\u0027127.0.0.1\\u0027: Connection refused) (gave up after 1 attempts)","code":null,"status":null,"attempts":1,"eventId":"fx-delivered-1","eventType":"message.created","deliveryId":"msg_01a250e0784a74109982c34f26f96712"}}	0
6	upgrade-fixture	herald.push.failed:msg_01a250e0784a77da9bf53317d932c249	herald.push.failed	1	\N	1796653217907	{"id":"herald.push.failed:msg_01a250e0784a77da9bf53317d932c249","type":"herald.push.failed","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:20:17.907Z","occurredAt":"2026-12-07T14:20:17.906Z","data":{"uid":"fixture-u3","deviceId":null,"provider":"custom","reason":"Could not connect to \\u0027127.0.0.1\\u0027: Connection refused (127.0.0.1:9) (Could not connect to \\u0027127.0.0.1\\u0027: Connection refused) (gave up after 1 attempts)","code":null,"status":null,"attempts":1,"eventId":"fx-delivered-1","eventType":"message.created","deliveryId":"msg_01a250e0784a77da9bf53317d932c249"}}	0
7	upgrade-fixture	fx-pending-1	message.created	1	fixture-u1	1796653218466	{"id":"fx-pending-1","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:20:18.466Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
8	upgrade-fixture	fx-pending-2	message.created	1	fixture-u1	1796653218508	{"id":"fx-pending-2","type":"message.created","version":1,"appId":"upgrade-fixture","createdAt":"2026-12-07T14:20:18.508Z","occurredAt":"2025-03-13T06:30:53.000Z","sender":{"uid":"fixture-u1","name":"Andrew Joseph","avatar":"https://example.test/u1.webp"},"conversation":{"id":"hiking","type":"group","name":"Hiking group"},"data":{"text":"Hello!","messageId":"123"}}	0
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
cred_01a250e076cf7dbbb1c9d3c4ceb2bf6c	upgrade-fixture	gateway	any	custom	production	t	{"Url":"http://127.0.0.1:9/push","Username":"herald-push"}	\\x09f0c9f0bccc78dedbda18469daee852f57281595c50232e4cac27af4dcebae35952fdd88bbfac6a6ec3576e028677e1bd7087fd1e3db3e5c3dd62568671ba14bd4452d38f35b640b93d719c6b4474d22cee7a298e701bd83a8f1d1c311fe175bd21323251480138423f5cd2d81b17f8cd49636b9a117250fcddc985b07b1f06ed2d0d2e98254e2f2db8b3e6b0097cd0333a49b50ff6ef54ecc92ce74d02ea26465ada93daed665d9988c49d7d6d45b094dc5b2c2f0753078a6cf9eb8415691012f64fd807f96a47e81bb2ad608fc8f1ef677c0c	\N	1796653217487	1796653217487
\.


--
-- Data for Name: push_event_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_event_settings (app_id, type, variant, allowed, template, updated_at) FROM stdin;
upgrade-fixture	message.created	group	t	{"title":"{{conversationName}}","body":"{{senderName}}: {{text}}","locales":null,"titleLocKey":null,"titleLocArgs":null,"bodyLocKey":null,"bodyLocArgs":null}	1796653217717
\.


--
-- Data for Name: push_settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_settings (app_id, settings, updated_at) FROM stdin;
upgrade-fixture	{"enabled":true,"includeMessageObject":true,"includeBadgeCount":false,"customJson":null,"throttle":{"maxPerWindow":30,"windowSeconds":60},"callsBreakQuietHours":true,"intendedEventTypes":null,"mentionsBreakMute":false}	1796653217702
\.


--
-- Data for Name: push_throttle; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.push_throttle (app_id, uid, window_start, count) FROM stdin;
upgrade-fixture	fixture-u2	1796653217797	4
upgrade-fixture	fixture-u3	1796653217797	4
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
upgrade-fixture	1796653200000	webhook	ep_01a250e076ab7f9d8b5b687db8f357ab		4	2	0	0	0	2	0	2	1	1	0	0	0	0	0	0	0	0
upgrade-fixture	1796653200000	webhook	ep_01a250e076ab7f9d8b5b687db8f357ab	connection	2	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796653200000	webhook	ep_01a250e076c374f0b5cec8a6746ae155		4	4	0	0	0	0	2	2	0	2	0	0	0	0	0	0	0	0
upgrade-fixture	1796653200000	webhook	ep_01a250e076c374f0b5cec8a6746ae155	connection	4	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796653200000	custom			8	8	0	0	0	0	4	5	3	0	0	0	0	0	0	0	0	0
upgrade-fixture	1796653200000	custom		connection	8	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
\.


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_version (version, applied_at) FROM stdin;
1	2026-12-07 14:20:16.817228+00
2	2026-12-07 14:20:16.817228+00
3	2026-12-07 14:20:16.817228+00
4	2026-12-07 14:20:16.817228+00
5	2026-12-07 14:20:16.817228+00
6	2026-12-07 14:20:16.817228+00
\.


--
-- Data for Name: shared_values; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.shared_values (key, value, issued_at) FROM stdin;
dataprotection/first-key	made	1796653216955
\.


--
-- Data for Name: unread; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.unread (app_id, uid, conversation_id, message_id, created_at) FROM stdin;
upgrade-fixture	fixture-u2	group_hiking	123	1796653217783
upgrade-fixture	fixture-u3	group_hiking	123	1796653217783
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

\unrestrict zPEeJupw5vap37FMeCyvxHnsZ7Yafvw64NEuUXIpGQrPfTxT0MwZu3zXeXUbXAa

