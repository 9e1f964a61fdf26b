using Herald.Kernel;

namespace Herald.Push.Providers.Fcm;

/// <summary>Section "Herald:Push:Fcm". The OAuth token URL is not here: it is each service account's own token_uri.</summary>
public sealed class FcmOptions
{
    public const string Section = "Herald:Push:Fcm";

    /// <summary>The FCM HTTP v1 API base; http:// is accepted so tests can point it at a loopback mock.</summary>
    public string BaseUrl { get; set; } = "https://fcm.googleapis.com";

    /// <summary>Deadline of one request, to FCM or to the token endpoint.</summary>
    public string RequestTimeout { get; set; } = "10s";

    public TimeSpan RequestTimeoutValue => Durations.Parse(RequestTimeout, "Herald:Push:Fcm:RequestTimeout");

    public string SendUrl(string projectId) => $"{BaseUrl.TrimEnd('/')}/v1/projects/{Uri.EscapeDataString(projectId)}/messages:send";

    public bool IsValid() =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        Durations.TryParse(RequestTimeout, out var timeout) && timeout > TimeSpan.Zero;
}
