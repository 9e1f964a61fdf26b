using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Herald.Hosting;

/// <summary>
/// The single binary has no appsettings.json beside it, yet needs its defaults (log levels above all), so the
/// file is also compiled in. The host's own appsettings.json source is kept in its place (environment variables
/// and the command line still override it); only its file provider changes, to the content root first
/// (an operator's file beside the binary, or the project folder under dotnet run) and the embedded copy after.
/// </summary>
internal static class EmbeddedSettings
{
    private const string FileName = "appsettings.json";

    public static WebApplicationBuilder AddEmbeddedAppSettings(this WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var embedded = new EmbeddedFileProvider(typeof(EmbeddedSettings).Assembly, "Herald");
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is not JsonConfigurationSource { Path: FileName } host) continue;
            // Replacing the source (not mutating it) makes the ConfigurationManager rebuild that provider.
            sources[i] = new JsonConfigurationSource
            {
                Path = FileName,
                Optional = host.Optional,
                ReloadOnChange = host.ReloadOnChange,
                FileProvider = new CompositeFileProvider(builder.Environment.ContentRootFileProvider, embedded),
            };
        }
        return builder;
    }
}
