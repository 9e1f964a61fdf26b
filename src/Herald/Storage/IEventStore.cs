namespace Herald.Storage;

/// <summary>Events, stored with their webhook deliveries in one transaction (202 only after commit), and their bodies for sending.</summary>
public interface IEventStore
{
    /// <param name="differs">
    /// For an id already taken: given the new event and the stored one's payload, how they differ, or null
    /// when it is the same event repeated. A difference throws <see cref="EventIdConflictException"/> and
    /// nothing of the batch is stored; it is asked inside the transaction, so two racing posts cannot both pass.
    /// </param>
    /// <param name="lease">
    /// When given, up to its <see cref="DeliveryLease.Limit"/> of the new deliveries are stored already leased to its
    /// owner (due again at <see cref="DeliveryLease.Until"/>, as a claim would leave them) and listed in it: the node
    /// that stored them sends them without a claim. The rest are stored due at once, for any node to claim.
    /// </param>
    Task<IReadOnlyList<IngestResult>> IngestAsync(string appId, IReadOnlyList<NewEvent> events, CancellationToken ct,
        Func<NewEvent, string, string?>? differs = null, DeliveryLease? lease = null);

    /// <summary>Event bodies by seq as the UTF-8 bytes that were stored: what a webhook sends, with no re-encoding.</summary>
    Task<IReadOnlyDictionary<long, byte[]>> GetEventPayloadsAsync(IReadOnlyCollection<long> eventSeqs, CancellationToken ct);
}

/// <summary>An event ready to store: its webhook body is already rendered, its deliveries already routed.</summary>
public sealed record NewEvent(
    string Id, string Type, int Version, string? SenderUid, long ReceivedAt, string Payload, IReadOnlyList<NewDelivery> Deliveries,
    MembershipChange? Membership = null);

/// <summary>
/// Deliveries leased to <see cref="Owner"/> as they are stored (see <see cref="IEventStore.IngestAsync"/>). The store
/// fills <see cref="Leased"/> with each one as a claim would return it, and its event; if the node dies before sending
/// them, their leases run out and any node claims them, as with claimed jobs.
/// </summary>
public sealed class DeliveryLease(string owner, long until, int limit)
{
    public string Owner { get; } = owner;
    public long Until { get; } = until;
    public int Limit { get; } = limit;
    public List<(ClaimedDelivery Job, NewEvent Event)> Leased { get; } = [];
}

/// <summary>A webhook delivery (Kind "webhook", EndpointId the endpoint) or the event's push fan-out job (Kind "fanout").</summary>
public sealed record NewDelivery(string Id, string EndpointId, string Kind = "webhook");

/// <summary>A member event keeps the channel's member list current, in the same transaction as the event.</summary>
public sealed record MembershipChange(string ChannelId, string Uid, bool Joined);

public sealed record IngestResult(string Id, bool Duplicate);

/// <summary>An event id was used before for another event (see IEventStore.IngestAsync); the transaction was rolled back.</summary>
public sealed class EventIdConflictException(int index, string id, string difference)
    : Exception($"Event id '{id}' is already taken by another event ({difference}).")
{
    /// <summary>The event's position in the batch.</summary>
    public int Index { get; } = index;
    public string Id { get; } = id;
    public string Difference { get; } = difference;
}
