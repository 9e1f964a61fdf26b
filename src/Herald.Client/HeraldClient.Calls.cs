using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Client;

public sealed partial class HeraldClient
{
    private static HeraldJsonContext J => HeraldJsonContext.Default;

    // ---- Events (an ingest or admin key) ----

    /// <summary>
    /// Ingests events in as few batch requests as Herald's limits allow (<see cref="HeraldClientOptions.MaxBatchEvents"/>,
    /// <see cref="HeraldClientOptions.MaxBatchBytes"/>), sent one after another. Events without an id get one, kept
    /// across this call's retries. Should a later batch fail, the earlier ones stay stored: retry the whole call safely
    /// by giving the events ids (a repeat is a duplicate and sends nothing twice).
    /// </summary>
    /// <param name="app">The app id.</param>
    /// <param name="events">The events; none sends nothing.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Every event's id and whether it was a duplicate, in input order.</returns>
    /// <exception cref="ArgumentException">An event is null or larger than <see cref="HeraldClientOptions.MaxEventBytes"/>; nothing was sent.</exception>
    /// <exception cref="HeraldApiException">Herald refused a batch (e.g. 400 naming <c>events[3].type</c>).</exception>
    public async Task<IngestResult> IngestAsync(string app, IEnumerable<HeraldEvent> events, CancellationToken cancellationToken = default)
    {
        var path = $"v1/apps/{E(app)}/events/batch";
        List<ReadOnlyMemory<byte>> bodies;
        using (var batches = new EventBatches(_options)) bodies = batches.Split(events);
        if (bodies.Count == 0) return new IngestResult(0, 0, []);
        if (bodies.Count == 1)
        {
            var only = await SendAsync(HttpMethod.Post, path, Bytes(bodies[0]), J.BatchAnswer, cancellationToken, ingest: true).ConfigureAwait(false);
            return new IngestResult(only.Accepted, only.Duplicates, only.Events);
        }
        int accepted = 0, duplicates = 0;
        var all = new List<EventAccepted>();
        foreach (var body in bodies)
        {
            var answer = await SendAsync(HttpMethod.Post, path, Bytes(body), J.BatchAnswer, cancellationToken, ingest: true).ConfigureAwait(false);
            accepted += answer.Accepted;
            duplicates += answer.Duplicates;
            all.AddRange(answer.Events);
        }
        return new IngestResult(accepted, duplicates, all);
    }

    /// <summary>Ingests one event (<c>POST /v1/apps/{app}/events</c>); without an id it gets one, kept across retries.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="event">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its id and whether it was a duplicate.</returns>
    /// <exception cref="ArgumentException">The event is larger than <see cref="HeraldClientOptions.MaxEventBytes"/>; nothing was sent.</exception>
    public async Task<EventAccepted> SendEventAsync(string app, HeraldEvent @event, CancellationToken cancellationToken = default)
    {
        ReadOnlyMemory<byte> body;
        using (var batches = new EventBatches(_options)) body = batches.Serialize(@event, 0).ToArray();
        return await SendAsync(HttpMethod.Post, $"v1/apps/{E(app)}/events", Bytes(body), J.EventAccepted, cancellationToken, ingest: true)
            .ConfigureAwait(false);
    }

    private static Func<HttpContent> Bytes(ReadOnlyMemory<byte> body) => () =>
        new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    // ---- Apps and keys (the root key) ----

    /// <summary>Creates an app (root key).</summary>
    /// <param name="app">The app.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The app.</returns>
    public Task<HeraldApp> CreateAppAsync(CreateAppRequest app, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "v1/apps", Json(app, J.CreateAppRequest), J.HeraldApp, cancellationToken);

    /// <summary>Lists every app (root key).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The apps.</returns>
    public async Task<IReadOnlyList<HeraldApp>> ListAppsAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, "v1/apps", null, J.HeraldAppArray, cancellationToken).ConfigureAwait(false);

    /// <summary>Gets an app.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The app.</returns>
    public Task<HeraldApp> GetAppAsync(string app, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}", null, J.HeraldApp, cancellationToken);

    /// <summary>Changes an app's settings (those left null keep their value).</summary>
    /// <param name="app">The app id.</param>
    /// <param name="changes">The settings to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The app.</returns>
    public Task<HeraldApp> UpdateAppAsync(string app, UpdateAppRequest changes, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"v1/apps/{E(app)}", Json(changes, J.UpdateAppRequest), J.HeraldApp, cancellationToken);

    /// <summary>Creates an API key for an app; its secret is in the answer only.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="name">A name for people.</param>
    /// <param name="scope"><c>admin</c> (everything of the app) or <c>ingest</c> (events and channels).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key, with its secret.</returns>
    public Task<CreatedApiKey> CreateKeyAsync(string app, string name, string scope, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"v1/apps/{E(app)}/keys", Json(new KeyBody(name, scope), J.KeyBody), J.CreatedApiKey, cancellationToken);

    /// <summary>Lists an app's API keys, revoked ones included.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The keys, without their secrets.</returns>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string app, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/keys", null, J.ApiKeyInfoArray, cancellationToken).ConfigureAwait(false);

    /// <summary>Revokes an API key.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="keyId">The key's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it is revoked.</returns>
    public Task RevokeKeyAsync(string app, string keyId, CancellationToken cancellationToken = default) =>
        SendNoAnswerAsync(HttpMethod.Delete, $"v1/apps/{E(app)}/keys/{E(keyId)}", null, cancellationToken);

    // ---- Webhook endpoints (an admin key) ----

    /// <summary>Creates a webhook endpoint; its signing secret is in the answer.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpoint">The endpoint (<see cref="EndpointRequest.Url"/> needed).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint and its secret.</returns>
    public Task<CreatedEndpoint> CreateEndpointAsync(string app, EndpointRequest endpoint, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"v1/apps/{E(app)}/endpoints", Json(endpoint, J.EndpointRequest), J.CreatedEndpoint, cancellationToken);

    /// <summary>Lists an app's webhook endpoints.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoints.</returns>
    public async Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(string app, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/endpoints", null, J.WebhookEndpointArray, cancellationToken).ConfigureAwait(false);

    /// <summary>Gets a webhook endpoint.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint.</returns>
    public Task<WebhookEndpoint> GetEndpointAsync(string app, string endpointId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/endpoints/{E(endpointId)}", null, J.WebhookEndpoint, cancellationToken);

    /// <summary>Changes the given fields of a webhook endpoint (PATCH: a null field keeps its value).</summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="changes">The fields to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint as it is now.</returns>
    public Task<WebhookEndpoint> UpdateEndpointAsync(string app, string endpointId, EndpointRequest changes, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"v1/apps/{E(app)}/endpoints/{E(endpointId)}", Json(changes, J.EndpointRequest), J.WebhookEndpoint, cancellationToken);

    /// <summary>Deletes a webhook endpoint.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it is deleted.</returns>
    public Task DeleteEndpointAsync(string app, string endpointId, CancellationToken cancellationToken = default) =>
        SendNoAnswerAsync(HttpMethod.Delete, $"v1/apps/{E(app)}/endpoints/{E(endpointId)}", null, cancellationToken);

    /// <summary>Reveals an endpoint's current signing secret.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The secret.</returns>
    public Task<EndpointSecret> GetEndpointSecretAsync(string app, string endpointId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/endpoints/{E(endpointId)}/secret", null, J.EndpointSecret, cancellationToken);

    /// <summary>Rotates an endpoint's signing secret; the previous one keeps signing for Herald's grace period.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="secret">Your own new <c>whsec_</c> secret, or null for Herald to make one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new secret.</returns>
    public Task<EndpointSecret> RotateEndpointSecretAsync(string app, string endpointId, string? secret = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"v1/apps/{E(app)}/endpoints/{E(endpointId)}/secret/rotate", Json(new SecretBody(secret), J.SecretBody),
            J.EndpointSecret, cancellationToken);

    /// <summary>Queues the events since a time for the endpoint again.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="since">From when (not in the future; Herald's quota bounds how far back).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many deliveries were queued.</returns>
    public Task<int> ReplayEndpointAsync(string app, string endpointId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        ReplayEndpointAsync(app, endpointId, since, dryRun: false, cancellationToken);

    /// <summary>Queues the events since a time for the endpoint again, or with <paramref name="dryRun"/> only counts them.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="since">From when (the events' received time; not in the future; Herald's quota bounds how far back).</param>
    /// <param name="dryRun">True to queue nothing and learn how many would be queued.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many deliveries were queued (or would be, on a dry run).</returns>
    public Task<int> ReplayEndpointAsync(string app, string endpointId, DateTimeOffset since, bool dryRun, CancellationToken cancellationToken = default) =>
        RequeueAsync(app, endpointId, "replay", since, dryRun, cancellationToken);

    /// <summary>
    /// Queues the endpoint's <b>failed</b> deliveries of events received since a time again (what it already took is not
    /// sent twice), or with <paramref name="dryRun"/> only counts them.
    /// </summary>
    /// <param name="app">The app id.</param>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="since">From when (the events' received time; not in the future; Herald's quota bounds how far back).</param>
    /// <param name="dryRun">True to queue nothing and learn how many would be queued.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many deliveries were queued (or would be, on a dry run).</returns>
    public Task<int> RecoverEndpointAsync(string app, string endpointId, DateTimeOffset since, bool dryRun = false, CancellationToken cancellationToken = default) =>
        RequeueAsync(app, endpointId, "recover", since, dryRun, cancellationToken);

    private async Task<int> RequeueAsync(string app, string endpointId, string action, DateTimeOffset since, bool dryRun, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, $"v1/apps/{E(app)}/endpoints/{E(endpointId)}/{action}",
            Json(new ReplayBody(since, dryRun ? true : null), J.ReplayBody), J.ReplayAnswer, cancellationToken).ConfigureAwait(false);
        return dryRun ? answer.WouldQueue : answer.Queued;
    }

    // ---- Devices and preferences (an admin key) ----

    /// <summary>Lists a user's devices.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The devices, oldest first.</returns>
    public async Task<IReadOnlyList<Device>> ListDevicesAsync(string app, string uid, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/users/{E(uid)}/devices", null, J.DeviceArray, cancellationToken).ConfigureAwait(false);

    /// <summary>Registers (or updates) a user's device.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="deviceId">Your id for the device.</param>
    /// <param name="device">Its platform, provider and token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The device.</returns>
    public Task<Device> RegisterDeviceAsync(string app, string uid, string deviceId, DeviceRequest device, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"v1/apps/{E(app)}/users/{E(uid)}/devices/{E(deviceId)}", Json(device, J.DeviceRequest), J.Device, cancellationToken);

    /// <summary>Removes a user's device (e.g. on logout).</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="deviceId">The device.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it is removed.</returns>
    public Task UnregisterDeviceAsync(string app, string uid, string deviceId, CancellationToken cancellationToken = default) =>
        SendNoAnswerAsync(HttpMethod.Delete, $"v1/apps/{E(app)}/users/{E(uid)}/devices/{E(deviceId)}", null, cancellationToken);

    /// <summary>Gets a user's push preferences.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The preferences (defaults for a user without any).</returns>
    public Task<UserPreferences> GetPreferencesAsync(string app, string uid, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/users/{E(uid)}/preferences", null, J.UserPreferences, cancellationToken);

    /// <summary>Changes a user's push preferences: the fields given, and clears those in <see cref="PreferencesUpdate.Clear"/>.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The preferences as they are now.</returns>
    public Task<UserPreferences> UpdatePreferencesAsync(string app, string uid, PreferencesUpdate changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return SendAsync(HttpMethod.Put, $"v1/apps/{E(app)}/users/{E(uid)}/preferences",
            WithNulls(changes, J.PreferencesUpdate, changes.Clear ?? []), J.UserPreferences, cancellationToken);
    }

    // ---- Unread counts (an admin key) ----

    /// <summary>Gets a user's unread messages across conversations: the <c>unreadMessageCount</c> (badge) of their next push.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The unread count.</returns>
    public async Task<int> GetUnreadCountAsync(string app, string uid, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/users/{E(uid)}/unread", null, J.UnreadAnswer, cancellationToken).ConfigureAwait(false)).UnreadMessageCount;

    /// <summary>Marks one conversation read for a user (safe to repeat).</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="conversationId">The push envelope's <c>conversationId</c>: <c>group_{guid}</c> or <c>{uidA}_user_{uidB}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The unread count left.</returns>
    public async Task<int> MarkConversationReadAsync(string app, string uid, string conversationId, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"v1/apps/{E(app)}/users/{E(uid)}/conversations/{E(conversationId)}/read", null, J.UnreadAnswer,
            cancellationToken).ConfigureAwait(false)).UnreadMessageCount;

    /// <summary>Marks every conversation read for a user (safe to repeat).</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The unread count left: 0, unless a message arrived meanwhile.</returns>
    public async Task<int> MarkAllReadAsync(string app, string uid, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"v1/apps/{E(app)}/users/{E(uid)}/read", null, J.UnreadAnswer, cancellationToken).ConfigureAwait(false)).UnreadMessageCount;

    /// <summary>Asks whether a user would be notified of an event in a conversation, and if not, why (nothing is sent).</summary>
    /// <param name="app">The app id.</param>
    /// <param name="uid">The user.</param>
    /// <param name="conversationId"><c>group_{guid}</c> or <c>{uid}_user_{other}</c>; null for the user's own rules only.</param>
    /// <param name="type">The event type (null: <c>message.created</c>).</param>
    /// <param name="mentioned">Whether the event would mention the user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decision and its reason.</returns>
    public Task<NotificationCheck> CheckNotificationAsync(
        string app, string uid, string? conversationId = null, string? type = null, bool mentioned = false, CancellationToken cancellationToken = default)
    {
        var query = $"?mentioned={(mentioned ? "true" : "false")}" + (conversationId is null ? "" : $"&conversationId={E(conversationId)}") + (type is null ? "" : $"&type={E(type)}");
        return SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/users/{E(uid)}/notification-check{query}", null, J.NotificationCheck, cancellationToken);
    }

    /// <summary>
    /// The body with explicit nulls for the fields to clear: Herald reads null as "clear" and an absent field as
    /// "keep", and the generated serializer leaves every null out.
    /// </summary>
    private static Func<HttpContent> WithNulls<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, IEnumerable<string> cleared)
    {
        var node = (JsonObject)JsonSerializer.SerializeToNode(body, type)!;
        foreach (var name in cleared) node[name] = null;
        return Json(node, J.JsonObject);
    }

    // ---- Channels (an ingest or admin key) ----

    /// <summary>Replaces a channel's members; an empty list removes them all.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="channel">The channel (group) id.</param>
    /// <param name="members">The members' uids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members as Herald keeps them.</returns>
    public Task<ChannelMembers> ReplaceChannelMembersAsync(string app, string channel, IEnumerable<string> members, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"v1/apps/{E(app)}/channels/{E(channel)}/members", Json(new MembersBody(members), J.MembersBody),
            J.ChannelMembers, cancellationToken);

    /// <summary>Gets a channel's members.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="channel">The channel (group) id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members.</returns>
    public Task<ChannelMembers> GetChannelMembersAsync(string app, string channel, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/channels/{E(channel)}/members", null, J.ChannelMembers, cancellationToken);

    // ---- Push settings (an admin key) ----

    /// <summary>Gets an app's push settings.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings.</returns>
    public Task<PushSettings> GetPushSettingsAsync(string app, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/push/settings", null, J.PushSettings, cancellationToken);

    /// <summary>Changes the given push settings (a null property keeps its value).</summary>
    /// <param name="app">The app id.</param>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings as they are now.</returns>
    public Task<PushSettings> UpdatePushSettingsAsync(string app, PushSettingsUpdate changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return SendAsync(HttpMethod.Put, $"v1/apps/{E(app)}/push/settings",
            WithNulls(changes, J.PushSettingsUpdate, changes.ClearCustom ? ["custom"] : []), J.PushSettings, cancellationToken);
    }

    // ---- Deliveries (an admin key) ----

    /// <summary>Lists deliveries, newest first, a page at a time.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="query">Filters and the page; null for the newest 50 of every kind.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A page; pass its <see cref="DeliveryPage.Next"/> as <see cref="DeliveryQuery.Cursor"/> for the next.</returns>
    public Task<DeliveryPage> ListDeliveriesAsync(string app, DeliveryQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null) q.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("status", query?.Status);
        Add("kind", query?.Kind);
        Add("endpointId", query?.EndpointId);
        Add("uid", query?.Uid);
        Add("type", query?.Type);
        Add("provider", query?.Provider);
        Add("eventId", query?.EventId);
        Add("from", query?.From?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", query?.To?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("httpStatus", query?.HttpStatus);
        Add("minAttempts", query?.MinAttempts?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("maxAttempts", query?.MaxAttempts?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("cursor", query?.Cursor);
        Add("limit", query?.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var path = $"v1/apps/{E(app)}/deliveries" + (q.Count == 0 ? "" : "?" + string.Join('&', q));
        return SendAsync(HttpMethod.Get, path, null, J.DeliveryPage, cancellationToken);
    }

    /// <summary>Gets a delivery with its payload and attempts.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="deliveryId">The delivery id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The delivery.</returns>
    public Task<DeliveryDetail> GetDeliveryAsync(string app, string deliveryId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{E(app)}/deliveries/{E(deliveryId)}", null, J.DeliveryDetail, cancellationToken);

    /// <summary>Queues a failed or cancelled delivery again, now.</summary>
    /// <param name="app">The app id.</param>
    /// <param name="deliveryId">The delivery id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it is queued.</returns>
    public Task RetryDeliveryAsync(string app, string deliveryId, CancellationToken cancellationToken = default) =>
        SendNoAnswerAsync(HttpMethod.Post, $"v1/apps/{E(app)}/deliveries/{E(deliveryId)}/retry", null, cancellationToken);
}
