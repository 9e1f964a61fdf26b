using System.Xml.Linq;
using Dapper;
using Npgsql;

namespace Herald.Secrets;

/// <summary>
/// The Data Protection key ring in the shared database: secrets (webhook signing secrets, push
/// credentials) encrypted by one node must be readable by every other, so with PostgreSQL the ring
/// does not live in a node's data directory.
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource db) : IRewritableXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllStoredElements().Select(e => e.Element).ToList();

    public IReadOnlyList<StoredElement> GetAllStoredElements()
    {
        using var c = db.OpenConnection();
        return c.Query<(string Name, string Xml)>("SELECT name, xml FROM dataprotection_keys ORDER BY name")
            .Select(r => new StoredElement(r.Name, XElement.Parse(r.Xml))).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var c = db.OpenConnection();
        c.Execute("INSERT INTO dataprotection_keys(name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }

    /// <summary>
    /// Re-protection at start (<see cref="KeyRingProtection"/>): the row is locked and compared first,
    /// so of several nodes starting together one rewrites it and the rest find it done.
    /// </summary>
    public void ReplaceElement(string name, XElement current, XElement replacement)
    {
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction();
        var stored = c.QuerySingleOrDefault<string>("SELECT xml FROM dataprotection_keys WHERE name = @name FOR UPDATE", new { name }, tx);
        if (stored is null || !XNode.DeepEquals(XElement.Parse(stored), current)) return;
        c.Execute("UPDATE dataprotection_keys SET xml = @xml WHERE name = @name",
            new { name, xml = replacement.ToString(SaveOptions.DisableFormatting) }, tx);
        tx.Commit();
    }
}
