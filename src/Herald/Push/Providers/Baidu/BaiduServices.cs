namespace Herald.Push.Providers.Baidu;

public static class BaiduServices
{
    /// <summary>The Baidu sender, its options and pooled client.</summary>
    public static IServiceCollection AddBaidu(this IServiceCollection services)
    {
        services.AddOptions<BaiduOptions>().BindConfiguration(BaiduOptions.Section)
            .Validate(o => o.IsValid(), "Herald:Push:Baidu:BaseUrl must be an absolute http(s) URL and Herald:Push:Baidu:RequestTimeout a duration above zero, e.g. 10s.")
            .ValidateOnStart();
        services.AddSingleton<IPushProviderSender, BaiduSender>();
        services.AddHttpClient(BaiduSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5), // picks up DNS changes
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its own deadline
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        return services;
    }
}
