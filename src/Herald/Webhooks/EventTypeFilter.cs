namespace Herald.Webhooks;

/// <summary>An endpoint's filter: empty means every type; "call.*" means every type of that noun.</summary>
public static class EventTypeFilter
{
    public static bool Matches(IReadOnlyList<string> filter, string type)
    {
        if (filter.Count == 0) return true;
        foreach (var f in filter)
        {
            if (f.EndsWith(".*", StringComparison.Ordinal)
                ? type.Length > f.Length - 1 && type.StartsWith(f.AsSpan(0, f.Length - 1), StringComparison.Ordinal)
                : string.Equals(f, type, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
