// The README's quick start through the generated client: create an app, a webhook endpoint, ingest an event,
// read its delivery. Every body and answer is typed from /openapi/v1.json, so a field Herald renames fails
// `tsc` here before anything runs. Env: HERALD_URL, HERALD_KEY (the root admin key), WEBHOOK_URL.
import createClient from "openapi-fetch";
import type { components, paths } from "./herald.js";

// Each body `satisfies` its schema: openapi-fetch infers the body's type, which lets a misspelt field through,
// while `satisfies` checks excess fields, so a field Herald renames fails the type check here.
type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

const baseUrl = process.env.HERALD_URL ?? "http://localhost:8080";
const key = process.env.HERALD_KEY;
if (!key) throw new Error("Set HERALD_KEY to the root admin key (printed on Herald's first start).");
const webhookUrl = process.env.WEBHOOK_URL ?? "https://example.com/webhooks/herald";

const herald = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });

function ok<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

const app = `app${Date.now()}`;
const created = ok("create app", await herald.POST("/v1/apps", { body: { id: app, name: "My chat app", region: "us" } satisfies Schema<"CreateApp"> }));
console.log(`app ${created.id} (${created.region})`);

const endpoint = ok("create endpoint", await herald.POST("/v1/apps/{app}/endpoints", {
  params: { path: { app } },
  body: { url: webhookUrl, eventTypes: ["message.created", "call.*"] } satisfies Schema<"EndpointBody">,
}));
console.log(`endpoint ${endpoint.endpoint.id}, secret ${endpoint.secret.slice(0, 10)}...`);

const accepted = ok("ingest", await herald.POST("/v1/apps/{app}/events", {
  params: { path: { app } },
  body: {
    id: "m-1", type: "message.created",
    sender: { uid: "u1", name: "Andrew" },
    conversation: { id: "hiking", type: "group", name: "Hiking group" },
    data: { text: "Hello!" },
  } satisfies Schema<"IngestEventBody">,
}));
if (accepted.id !== "m-1" || accepted.duplicate) throw new Error(`ingest answered ${JSON.stringify(accepted)}`);
console.log(`event ${accepted.id} accepted (duplicate: ${accepted.duplicate})`);

// The webhook delivery is queued with the event; the log shows it (with its attempts once tried).
const deadline = Date.now() + 10_000;
for (;;) {
  const page = ok("deliveries", await herald.GET("/v1/apps/{app}/deliveries", { params: { path: { app }, query: { kind: "webhook" } } }));
  const delivery = page.items.find((d) => d.eventId === "m-1" && d.endpointId === endpoint.endpoint.id);
  if (delivery) {
    console.log(`delivery ${delivery.id}: ${delivery.kind} ${delivery.status}, ${delivery.attempts} attempt(s)`);
    break;
  }
  if (Date.now() > deadline) throw new Error(`no webhook delivery for m-1 in ${JSON.stringify(page)}`);
  await new Promise((r) => setTimeout(r, 200));
}
console.log("quickstart: ok");
