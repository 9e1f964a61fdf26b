using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Herald.Kernel;

namespace Herald.Secrets;

/// <summary>
/// The SQLite node's key ring, <c>{DataDirectory}/keys</c>: Data Protection's own file repository,
/// plus owner-only permissions (the directory 0700, every key file 0600, existing ones tightened on
/// start) and the in-place rewrite that re-protecting an unencrypted key needs.
/// </summary>
public sealed class KeyDirectory : FileSystemXmlRepository, IRewritableXmlRepository
{
    public KeyDirectory(DirectoryInfo directory, ILoggerFactory loggerFactory) : base(directory, loggerFactory)
    {
        PrivateFiles.EnsureDirectory(directory.FullName, restrict: true);
        RestrictKeyFiles();
    }

    public override void StoreElement(XElement element, string friendlyName)
    {
        base.StoreElement(element, friendlyName);
        // The base class names the file itself (a Guid when the name is unsafe), so every file is checked.
        RestrictKeyFiles();
    }

    public IReadOnlyList<StoredElement> GetAllStoredElements() =>
        Directory.EnumerateFiles("*.xml").Select(f => new StoredElement(f.Name, XElement.Load(f.FullName))).ToList();

    public void ReplaceElement(string name, XElement current, XElement replacement)
    {
        var path = Path.Combine(Directory.FullName, name);
        if (!XNode.DeepEquals(XElement.Load(path), current)) return;
        PrivateFiles.WriteAtomically(path, replacement.Save);
    }

    private void RestrictKeyFiles()
    {
        foreach (var file in Directory.EnumerateFiles("*.xml")) PrivateFiles.Restrict(file.FullName);
    }
}
