namespace Herald.Push.Payloads;

/// <summary>
/// The custom provider's part of <see cref="PushPayloads"/>: exactly the envelope of its reference (trigger,
/// data.to.uid, data.notificationDetails, appId, region, webhook), built once at fan-out so a retry sends the same bytes.
/// </summary>
public static partial class PushPayloads
{
    public static string CustomEnvelope(Notification n, string appId, string region) => Write(w =>
    {
        w.WriteString("trigger", "push-notification-payload-generated");
        w.WriteStartObject("data");
        w.WriteStartObject("to");
        w.WriteString("uid", n.Recipient);
        w.WriteEndObject();
        w.WritePropertyName("notificationDetails");
        WriteDetails(w, n);
        w.WriteEndObject();
        w.WriteString("appId", appId);
        w.WriteString("region", region);
        w.WriteString("webhook", "custom");
    });
}
