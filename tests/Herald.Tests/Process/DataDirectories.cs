using Microsoft.Data.Sqlite;

namespace Herald.Tests.Processes;

/// <summary>The data directories (and backup folders) a process test makes, deleted when it is done.</summary>
public sealed class DataDirectories : IDisposable
{
    private readonly List<string> _paths = [];

    /// <summary>A new, not yet existing directory under the temp folder.</summary>
    public string New()
    {
        var path = ServerProcess.NewDataDirectory();
        _paths.Add(path);
        return path;
    }

    public void Dispose()
    {
        // A pooled connection the test opened on a copy would keep its files open.
        SqliteConnection.ClearAllPools();
        foreach (var path in _paths) ServerProcess.DeleteDirectory(path);
    }
}
