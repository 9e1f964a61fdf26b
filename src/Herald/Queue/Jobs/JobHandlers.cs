using System.Collections.Frozen;

namespace Herald.Queue.Jobs;

/// <summary>The registered job handlers by kind: one lookup per job, built once at start.</summary>
public sealed class JobHandlers
{
    private readonly FrozenDictionary<string, IJobHandler> _byKind;

    public JobHandlers(IEnumerable<IJobHandler> handlers)
    {
        var byKind = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
            if (!byKind.TryAdd(handler.Kind, handler))
                throw new InvalidOperationException(
                    $"Two job handlers claim the kind '{handler.Kind}': {byKind[handler.Kind].GetType().Name} and {handler.GetType().Name}.");
        _byKind = byKind.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The handler of <paramref name="kind"/>; null when no feature registered one (the job then fails with that reason).</summary>
    public IJobHandler? Find(string kind) => _byKind.GetValueOrDefault(kind);
}
