using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Herald.Secrets;

/// <summary>One element of the key ring as stored, under the name the repository keeps it by.</summary>
public sealed record StoredElement(string Name, XElement Element);

/// <summary>
/// A key ring store whose elements can be replaced. Data Protection's <see cref="IXmlRepository"/>
/// only adds; re-protecting keys stored unencrypted (<see cref="KeyRingProtection"/>) must rewrite them.
/// </summary>
public interface IRewritableXmlRepository : IXmlRepository
{
    IReadOnlyList<StoredElement> GetAllStoredElements();

    /// <summary>Replaces the element stored under <paramref name="name"/>, unless it is no longer <paramref name="current"/> (another node got there first).</summary>
    void ReplaceElement(string name, XElement current, XElement replacement);
}
