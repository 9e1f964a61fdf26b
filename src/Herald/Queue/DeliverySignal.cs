namespace Herald.Queue;

/// <summary>
/// Wakes the dispatcher when there is work (an event was ingested, a slot came free) so that a new
/// delivery starts at once instead of at the next poll. Many notifications collapse into one wake.
/// </summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Notify()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); }
            catch (SemaphoreFullException) { /* another notifier got there first: one wake is enough */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
