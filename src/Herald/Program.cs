using Herald.Apps;
using Herald.Catalog;
using Herald.FanOut;
using Herald.Hosting;
using Herald.Hosting.Backup;
using Herald.Ingest;
using Herald.Monitoring;
using Herald.Push;
using Herald.Queue;
using Herald.Record;
using Herald.Retention;
using Herald.Route;
using Herald.Send;
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
builder.AddRoute();
builder.AddWebhooks();
builder.AddQueue();
builder.AddPush();
builder.AddFanOut();
builder.AddSend();
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
app.MapFanOut();
app.MapSend();
app.MapMonitoring();
app.MapRetention();
app.MapConsole();
app.Run();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
