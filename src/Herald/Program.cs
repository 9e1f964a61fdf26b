using Herald.Apps;
using Herald.Catalog;
using Herald.Delivery;
using Herald.Hosting;
using Herald.Hosting.Backup;
using Herald.Ingest;
using Herald.Monitoring;
using Herald.Push;
using Herald.Retention;
using Herald.Storage;
using Herald.Telemetry;
using Herald.WebConsole;
using Herald.Webhooks;

// `herald backup` / `herald restore` run instead of the server, on the server's own configuration.
if (HeraldCommands.Matches(args)) return HeraldCommands.Run(args, Console.Out, Console.Error, TimeProvider.System);

var builder = WebApplication.CreateBuilder(args);
builder.AddEmbeddedAppSettings();
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:8080");

builder.AddHeraldCore();
builder.AddHeraldTelemetry();
builder.AddApps();
builder.AddStorage();
builder.AddCatalog();
builder.AddIngest();
builder.AddWebhooks();
builder.AddDelivery();
builder.AddPush();
builder.AddMonitoring();
builder.AddRetention();
builder.AddConsole();

var app = builder.Build();
app.UseHeraldProblemDetails();
app.UseHeraldApiHeaders();
app.MapOpenApi();
app.MapHealth();
app.MapHeraldMetrics();
app.MapCatalog();
app.MapApps();
app.MapEvents();
app.MapWebhookEndpoints();
app.MapDeliveries();
app.MapPush();
app.MapMonitoring();
app.MapRetention();
app.MapConsole();
app.Run();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
