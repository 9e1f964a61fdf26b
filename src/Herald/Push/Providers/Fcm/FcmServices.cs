namespace Herald.Push.Providers.Fcm;

public static class FcmServices
{
    /// <summary>The FCM sender, its options, token cache and pooled HTTP/2 client.</summary>
    public static IServiceCollection AddFcm(this IServiceCollection services)
    {
        services.AddOptions<FcmOptions>().BindConfiguration(FcmOptions.Section)
            .Validate(o => o.IsValid(), "Herald:Push:Fcm:BaseUrl must be an absolute http(s) URL and Herald:Push:Fcm:RequestTimeout a duration above zero, e.g. 10s.")
            .ValidateOnStart();
        services.AddSingleton<FcmAccessTokens>().AddSingleton<IPushProviderSender, FcmSender>();
        services.AddHttpClient(FcmSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5), // picks up DNS changes
                ConnectTimeout = TimeSpan.FromSeconds(10),
                EnableMultipleHttp2Connections = true, // past the server's stream limit, open another connection instead of queueing
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its own deadline
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        return services;
    }
}
