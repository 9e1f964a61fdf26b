// Type-level checks only (compiled, never run): the generated types must refuse what Herald refuses. If one of
// these lines stopped being an error (a renamed field, an optional field made required, an enum widened),
// its @ts-expect-error would be unused and `tsc` fails.
import createClient from "openapi-fetch";
import type { components, paths } from "./herald.js";

const herald = createClient<paths>({ baseUrl: "http://localhost:8080" });
const app = { params: { path: { app: "app123" } } };

export async function checks(): Promise<void> {
  // @ts-expect-error a misspelt field: the endpoint's URL is "url" (caught by `satisfies`, as quickstart.ts writes its bodies)
  await herald.POST("/v1/apps/{app}/endpoints", { ...app, body: { urll: "https://example.com/hook" } satisfies components["schemas"]["EndpointBody"] });
  // @ts-expect-error an app needs its name
  await herald.POST("/v1/apps", { body: { id: "app123" } });
  // @ts-expect-error providers are a closed set
  await herald.PUT("/v1/apps/{app}/users/{uid}/devices/{deviceId}", { params: { path: { app: "a", uid: "u", deviceId: "d" } }, body: { platform: "ios", provider: "apple", token: "t" } });
  // @ts-expect-error the conversation's type is "user" or "group"
  await herald.POST("/v1/apps/{app}/events", { ...app, body: { type: "message.created", conversation: { type: "channel" } } });

  const { data } = await herald.POST("/v1/apps/{app}/events", { ...app, body: { type: "message.created" } });
  // @ts-expect-error the answer's field is "duplicate"
  void data?.duplicated;
  // The README's bodies type-check as they are (nothing else required).
  await herald.POST("/v1/apps/{app}/endpoints", { ...app, body: { url: "https://example.com/hooks" } });
  await herald.PUT("/v1/apps/{app}/channels/{channel}/members", { params: { path: { app: "a", channel: "hiking" } }, body: { members: ["u1", "u2"] } });
  await herald.POST("/v1/apps/{app}/push/test", { ...app, body: { uid: "u2" } });
}
