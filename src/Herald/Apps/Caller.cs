namespace Herald.Apps;

/// <summary>Who is calling: the root key (every app), or a key of one app with one scope.</summary>
public sealed record Caller(bool IsRoot, string? AppId, string Scope)
{
    public static readonly Caller Root = new(true, null, KeyScopes.Admin);
    public bool CanSee(string appId) => IsRoot || string.Equals(AppId, appId, StringComparison.Ordinal);
    public bool Has(string scope) => Scope == KeyScopes.Admin || Scope == scope;
}
