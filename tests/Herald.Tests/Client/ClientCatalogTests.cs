using System.Reflection;
using System.Text.Json;
using Herald.Catalog;
using Herald.Client;

namespace Herald.Tests.Client;

/// <summary>The client's event types against the catalog Herald is built with: a type added or renamed there fails here.</summary>
public sealed class ClientCatalogTests
{
    private static readonly EventCatalog Catalog = EventCatalog.LoadEmbedded();

    /// <summary>Every concrete typed event record of the client, made with its parameterless constructor.</summary>
    private static IEnumerable<HeraldEvent> TypedEvents() =>
        typeof(HeraldEvent).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(HeraldEvent)) && !t.IsAbstract && t != typeof(UntypedEvent))
            .Select(t => (HeraldEvent)Activator.CreateInstance(t)!);

    [Fact]
    public void EventTypes_lists_exactly_the_catalogs_types_in_its_order()
    {
        Assert.Equal(Catalog.Events.Select(e => e.Type), EventTypes.All);
        var constants = typeof(EventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(EventTypes.All.Order(), constants.Order());
    }

    [Fact]
    public void Every_postable_catalog_type_has_one_typed_record_and_no_record_names_another()
    {
        var postable = Catalog.Events.Where(e => !e.Internal).Select(e => e.Type).Order(StringComparer.Ordinal);
        Assert.Equal(postable, TypedEvents().Select(e => e.Type).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_typed_record_serializes_as_Herald_reads_an_event()
    {
        using var batches = new EventBatches(new HeraldClientOptions());
        foreach (var e in TypedEvents())
        {
            var stamped = e with { Sender = new EventSender("u1", "Ann"), Conversation = EventConversation.Group("g1", "Group") };
            using var doc = JsonDocument.Parse(batches.Serialize(stamped, 0).ToArray());
            var root = doc.RootElement;
            Assert.Equal(e.Type, root.GetProperty("type").GetString());
            Assert.StartsWith("evt_", root.GetProperty("id").GetString());
            Assert.Equal("u1", root.GetProperty("sender").GetProperty("uid").GetString());
            Assert.Equal("group", root.GetProperty("conversation").GetProperty("type").GetString());
            // Nothing but the fields Herald's parser knows (it refuses any other top-level field).
            Assert.All(root.EnumerateObject(), p => Assert.Contains(p.Name, (string[])["id", "type", "sender", "conversation"]));
        }
    }

    [Fact]
    public void Typed_data_and_extra_fields_land_under_data()
    {
        using var batches = new EventBatches(new HeraldClientOptions());
        var e = new CallInitiated
        {
            Id = "c-1",
            Data = new CallData { CallType = "video", SessionId = "s-9", Extra = new() { ["room"] = JsonDocument.Parse("\"r2\"").RootElement } },
        };
        using var doc = JsonDocument.Parse(batches.Serialize(e, 0).ToArray());
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal("c-1", doc.RootElement.GetProperty("id").GetString());
        Assert.Equal("video", data.GetProperty("callType").GetString());
        Assert.Equal("s-9", data.GetProperty("sessionId").GetString());
        Assert.Equal("r2", data.GetProperty("room").GetString());
        Assert.False(data.TryGetProperty("messageId", out _)); // unset fields are left out, not sent as null
    }
}
