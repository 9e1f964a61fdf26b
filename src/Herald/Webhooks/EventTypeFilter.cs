namespace Herald.Webhooks;

/// <summary>
/// An endpoint's filter: empty means every type of the product's events; "call.*" means every type of
/// that noun. Herald's own operational events (herald.*) go only to endpoints that name them, so
/// an endpoint that takes "everything" is not sent Herald's alerts it never asked for.
/// </summary>
public static class EventTypeFilter
{
    public const string OperationalPrefix = "herald.";

    public static bool Matches(IReadOnlyList<string> filter, string type)
    {
        if (filter.Count == 0) return !type.StartsWith(OperationalPrefix, StringComparison.Ordinal);
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
