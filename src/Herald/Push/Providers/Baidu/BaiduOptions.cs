using Herald.Kernel;

namespace Herald.Push.Providers.Baidu;

/// <summary>Section "Herald:Push:Baidu".</summary>
public sealed class BaiduOptions
{
    public const string Section = "Herald:Push:Baidu";

    /// <summary>
    /// The REST 3.0 base. Baidu's SDKs and docs (push.baidu.com/doc/php/api) use plain http for it;
    /// the sign, not the transport, authenticates a request.
    /// </summary>
    public string BaseUrl { get; set; } = "http://api.tuisong.baidu.com/rest/3.0";

    public string RequestTimeout { get; set; } = "10s";

    public TimeSpan RequestTimeoutValue => Durations.Parse(RequestTimeout, "Herald:Push:Baidu:RequestTimeout");

    public string SingleDeviceUrl => BaseUrl.TrimEnd('/') + "/push/single_device";

    public bool IsValid() =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        Durations.TryParse(RequestTimeout, out var timeout) && timeout > TimeSpan.Zero;
}
