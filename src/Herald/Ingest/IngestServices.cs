using Microsoft.Extensions.Options;
using Herald.Apps;

namespace Herald.Ingest;

/// <summary>Ingest: its limits, the parser and the pipeline that stores and routes an event.</summary>
public static class IngestServices
{
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        builder.Services.AddSingleton<EventParser>().AddSingleton<Ingestor>();
        return builder;
    }
}
