using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Herald.Storage.Postgres;

/// <summary>
/// The Data Protection key ring in the shared database: secrets (webhook signing secrets, push
/// credentials) encrypted by one node must be readable by every other, so with PostgreSQL the ring
/// does not live in a node's data directory.
/// </summary>
public sealed class PostgresXmlRepository(PostgresStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var c = store.DataSource.OpenConnection();
        return c.Query<string>("SELECT xml FROM dataprotection_keys ORDER BY name").Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var c = store.DataSource.OpenConnection();
        c.Execute("INSERT INTO dataprotection_keys(name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
