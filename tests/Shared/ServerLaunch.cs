using System.Net;
using System.Net.Sockets;

namespace Herald.Testing;

/// <summary>
/// What the process tests and the benchmark both need to start a real Herald server. Linked as
/// source into both projects (a shared project for two helpers would be more ceremony than code).
/// </summary>
internal static class ServerLaunch
{
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    /// <summary>The dotnet host running this process (the SDK sets DOTNET_HOST_PATH), else dotnet on PATH.</summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        return "dotnet";
    }
}
