using System.Diagnostics;
using System.Text.Json;
using Herald.Storage;

namespace Herald.Telemetry;

/// <summary>
/// Herald's spans: "ingest" (one API call, child of the ASP.NET Core request span) and "deliver"
/// (one job taken from the queue: a webhook, a push, a summary or a fan-out). A delivery runs later,
/// on a worker, from the queue, and the store keeps no trace context, so "deliver" starts its own
/// trace; both carry herald.event_id to be found together. Push jobs know only their event's
/// herald.event_seq, which the fan-out span that made them carries next to the event id.
/// StartActivity returns null (and this costs nothing) when no tracing is configured.
/// </summary>
public static class HeraldTracing
{
    public const string SourceName = "Herald";
    public static readonly ActivitySource Source = new(SourceName, typeof(HeraldTracing).Assembly.GetName().Version?.ToString(3));

    public static Activity? StartIngest(string appId, int events)
    {
        var activity = Source.StartActivity("ingest");
        activity?.SetTag("herald.app_id", appId).SetTag("herald.event_count", events);
        return activity;
    }

    /// <summary>Tags the ingest span with the ids of the events, as stored (one id, or all ids of a batch).</summary>
    public static void Ingested(Activity? activity, IReadOnlyList<IngestResult> results)
    {
        if (activity is null) return;
        if (results.Count == 1) activity.SetTag("herald.event_id", results[0].Id);
        else activity.SetTag("herald.event_ids", results.Select(r => r.Id).ToArray());
        activity.SetTag("herald.duplicates", results.Count(r => r.Duplicate));
    }

    /// <summary>A root span for one job; <paramref name="eventBody"/> is the event's JSON for webhooks and fan-outs (empty for push jobs).</summary>
    public static Activity? StartDeliver(ClaimedDelivery job, ReadOnlySpan<byte> eventBody)
    {
        if (!Source.HasListeners()) return null;
        Activity.Current = null; // the claim loop's context is not this job's cause; see the class summary
        var activity = Source.StartActivity("deliver", ActivityKind.Internal);
        if (activity is null) return null;
        activity.SetTag("herald.app_id", job.AppId)
            .SetTag("herald.delivery_id", job.Id)
            .SetTag("herald.kind", job.Kind)
            .SetTag("herald.provider", job.Provider ?? "none")
            .SetTag("herald.attempt", job.AttemptCount + 1)
            .SetTag("herald.event_seq", job.EventSeq);
        if (EventIdOf(eventBody) is { } eventId) activity.SetTag("herald.event_id", eventId);
        return activity;
    }

    public static void Delivered(Activity? activity, DeliveryOutcome outcome)
    {
        if (activity is null) return;
        activity.SetTag("herald.outcome", HeraldMetrics.OutcomeName(outcome.Kind));
        if (outcome.Attempt?.StatusCode is { } status) activity.SetTag("http.response.status_code", status);
        if (outcome.Attempt?.Code is { } code) activity.SetTag("herald.error_code", code);
        if (outcome.Kind is OutcomeKind.Retry or OutcomeKind.Dead) activity.SetStatus(ActivityStatusCode.Error, outcome.Error);
        else if (outcome.Kind == OutcomeKind.Succeeded) activity.SetStatus(ActivityStatusCode.Ok);
    }

    public static void FannedOut(Activity? activity, int jobs, bool completed)
    {
        activity?.SetTag("herald.outcome", completed ? "succeeded" : "lease_lost").SetTag("herald.push_jobs", jobs);
    }

    /// <summary>The event id: the first property of the webhook body Herald renders ({"id":…,"type":…}).</summary>
    internal static string? EventIdOf(ReadOnlySpan<byte> eventBody)
    {
        if (eventBody.IsEmpty) return null;
        try
        {
            var reader = new Utf8JsonReader(eventBody);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("id"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.String
                ? reader.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // a span without the id is better than a failed delivery
        }
    }
}
