using Herald.Storage;

namespace Herald.Queue;

/// <summary>
/// How ingest reaches this node's dispatcher to start the deliveries it leases as it stores them (see
/// DeliveryDispatcher.Leases.cs). A holder the dispatcher fills in when it starts, rather than the dispatcher itself:
/// the dispatcher's job handlers reach ingest (operational events such as herald.push.failed), and that loop of
/// constructors deadlocks the container when two threads resolve it at once. Before the dispatcher runs (or in a
/// host without one) nothing is leased and every delivery waits in the table for a claim.
/// </summary>
public sealed class DirectDispatch
{
    internal DeliveryDispatcher? Dispatcher { get; set; }

    /// <summary>A lease for up to <paramref name="wanted"/> deliveries about to be stored, or null to store them due for a claim.</summary>
    public DeliveryLease? OfferLease(int wanted) => Dispatcher?.OfferLease(wanted);

    /// <summary>Nothing was stored: the promised slots are free again.</summary>
    public void ReturnLease(DeliveryLease lease) => Dispatcher?.ReturnLease(lease);

    /// <summary>The store committed: start what it leased.</summary>
    public Task StartLeasedAsync(DeliveryLease lease) => Dispatcher?.StartLeasedAsync(lease) ?? Task.CompletedTask;
}
