using System.Text;
using System.Text.Json.Nodes;
using Herald.Catalog;
using Herald.Push.Payloads;
using Herald.Push.Providers.Apns;
using Herald.Push.Providers.Baidu;
using Herald.Push.Providers.Fcm;
using Herald.Push.Templates;
using Herald.Storage;

namespace Herald.Tests.Push.Payloads;

/// <summary>
/// docs/PAYLOADS.md held as data: every pushable catalog type's payload for each provider (the custom
/// envelope, APNs, FCM, Baidu), built by the same code fan-out and the senders use, against a
/// reviewed snapshot in Push/Payloads/Snapshots/{type}.{provider}.json.
/// </summary>
public sealed class PayloadTableTests
{
    private const string AppId = "app123";
    private static readonly EventCatalog Catalog = EventCatalog.LoadEmbedded();
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse(CatalogCases.OccurredAt);

    [Fact]
    public void Every_pushable_catalog_type_has_a_case_and_message_created_both_variants()
    {
        var pushable = Catalog.Events.Where(e => !e.Internal).Select(e => e.Type).ToArray();
        Assert.Equal(33, pushable.Length);
        Assert.Equal(34, CatalogCases.Names.Count);
        Assert.Equal(pushable.Order(StringComparer.Ordinal), CatalogCases.Names.Select(CatalogCases.TypeOf).Distinct().Order(StringComparer.Ordinal));
        Assert.All(pushable, t => Assert.NotNull(Catalog.Find(t)!.Push)); // every type says where its receiver and tag come from
    }

    [Theory]
    [MemberData(nameof(CatalogCases.TheoryByProvider), MemberType = typeof(CatalogCases))]
    public void Payload_matches_its_reviewed_snapshot(string name, string provider)
    {
        var n = NotificationFor(name);
        var device = PushPayloads.DevicePayload(n);
        JsonNode actual = provider switch
        {
            "custom" => JsonNode.Parse(PushPayloads.CustomEnvelope(n, AppId, "us"))!,
            "apns" => Apns(device),
            "fcm" => JsonNode.Parse(FcmMessage.Build(Device("fcm", "fcm-registration-token"), device, Now))!,
            "baidu" => Baidu(device),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        Snapshot.Match($"{name}.{provider}", actual);
    }

    [Fact]
    public void A_changed_payload_fails_with_the_lines_that_differ()
    {
        var diff = Snapshot.Diff("{\n  \"tag\": \"p-42\",\n  \"type\": \"chat\"\n}\n", "{\n  \"tag\": \"evt-1\",\n  \"type\": \"chat\"\n}\n");
        Assert.Contains("-   \"tag\": \"p-42\",", diff);
        Assert.Contains("+   \"tag\": \"evt-1\",", diff);
        Assert.DoesNotContain("- {", diff);
    }

    /// <summary>What fan-out builds for u2, with the type's default template and the app's default settings.</summary>
    private static Notification NotificationFor(string name)
    {
        var type = Catalog.Find(CatalogCases.TypeOf(name))!;
        var body = CatalogCases.WebhookBody(name, AppId);
        var e = EventFacts.From(body);
        var renderer = new TemplateRenderer(Catalog);
        var (allowed, template) = renderer.Effective(type.Type, e.ConversationType, []);
        Assert.True(allowed);
        return Notification.Of(e, type, renderer.Render(template, TemplateValues.FromEvent(body, type), null), CatalogCases.Recipient);
    }

    private static DeviceRecord Device(string provider, string token) =>
        new(AppId, CatalogCases.Recipient, "phone", "android", provider, token, null, "production", 0, 0);

    private static JsonObject Apns(string device)
    {
        var push = ApnsPayload.Build(device, out var error);
        Assert.True(push is not null, error);
        return new JsonObject
        {
            ["apns-push-type"] = push.PushType, ["apns-priority"] = push.Priority, ["ttlSeconds"] = push.TtlSeconds,
            ["apns-collapse-id"] = push.CollapseId, ["body"] = JsonNode.Parse(Encoding.UTF8.GetString(push.Body)),
        };
    }

    private static JsonObject Baidu(string device)
    {
        var form = new JsonObject();
        foreach (var (key, value) in BaiduMessage.Form("baidu-api-key", Device("baidu", "3871262837562811"), device, Now))
            form[key] = key == "msg" ? JsonNode.Parse(value) : value; // msg is JSON text; shown parsed so its fields can be read
        return form;
    }
}
