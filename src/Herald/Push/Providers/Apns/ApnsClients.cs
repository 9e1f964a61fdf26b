using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Herald.Push.Credentials;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Apns;

/// <summary>
/// The HTTP/2 connection pools to APNs. Token auth gets one pool per host and signing key: Apple
/// does not support tokens of several teams (or keys) on one connection. Certificate auth gets one
/// per credential, since the .p12 is the TLS client certificate of every connection in it. Each pool
/// keeps few connections (HTTP/2 carries many pushes at once on each); a pool nobody used for a
/// while (its credential replaced or deleted) is closed.
/// </summary>
public sealed partial class ApnsClients(IOptions<ApnsOptions> options, TimeProvider time, ILogger<ApnsClients> logger) : IDisposable
{
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(15), SweepEvery = TimeSpan.FromMinutes(1);
    private readonly ApnsOptions _options = options.Value;
    private readonly ConcurrentDictionary<PoolKey, Lazy<Pool>> _pools = new();
    private readonly Lazy<X509Certificate2Collection?> _trustedCas = new(() =>
        options.Value.TrustedCaFile is { Length: > 0 } file ? ApnsOptionsValidator.LoadCas(file) : null);
    private long _lastSweepTicks;

    public HttpMessageInvoker For(CredentialRecord credential, CredentialMaterial material, Uri baseUri)
    {
        var now = time.GetUtcNow();
        if (now.UtcTicks - Interlocked.Read(ref _lastSweepTicks) > SweepEvery.Ticks) Sweep(now);
        var certificateAuth = credential.Details.AuthKind == "certificate";
        var key = certificateAuth
            ? new PoolKey(baseUri, credential.Id, null)
            : new PoolKey(baseUri, credential.Details.TeamId ?? "", credential.Details.KeyId);
        var lazy = _pools.GetOrAdd(key, _ => new Lazy<Pool>(() => Create(baseUri, certificateAuth ? material.OpenP12Certificate() : null)));
        Pool pool;
        try
        {
            pool = lazy.Value;
        }
        catch
        {
            _pools.TryRemove(KeyValuePair.Create(key, lazy)); // a Lazy keeps its exception; the next send must try afresh
            throw;
        }
        Interlocked.Exchange(ref pool.LastUsedTicks, now.UtcTicks);
        return pool.Invoker;
    }

    private Pool Create(Uri baseUri, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = _options.MaxConnectionsPerCredential,
            // Apple asks providers to keep connections open rather than reconnect per burst.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            KeepAlivePingDelay = TimeSpan.FromMinutes(1),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = _options.RequestTimeoutValue,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            // Servers may list acceptable issuers that an Apple-issued certificate does not match by
            // name; the credential's certificate is the one to present regardless.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }
        if (_trustedCas.Value is { Count: > 0 } cas) handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(cert, errors, cas);
        LogPoolCreated(logger, clientCertificate is null ? "token" : "certificate", baseUri.Authority, _options.MaxConnectionsPerCredential);
        return new Pool(new HttpMessageInvoker(handler, disposeHandler: true), clientCertificate);
    }

    /// <summary>The system store first; failing that, a chain to one of the extra CAs (the host name must still match).</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection cas)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is not X509Certificate2 leaf) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a test CA publishes no revocation list
        return chain.Build(leaf);
    }

    private void Sweep(DateTimeOffset now)
    {
        Interlocked.Exchange(ref _lastSweepTicks, now.UtcTicks);
        foreach (var (key, lazy) in _pools)
        {
            if (!lazy.IsValueCreated || now.UtcTicks - Interlocked.Read(ref lazy.Value.LastUsedTicks) < IdleAfter.Ticks) continue;
            if (!_pools.TryRemove(KeyValuePair.Create(key, lazy))) continue;
            // A send that picked the pool just before it was removed still gets to finish.
            var pool = lazy.Value;
            _ = Task.Delay(_options.RequestTimeoutValue * 2, time).ContinueWith(_ => pool.Dispose(), TaskScheduler.Default);
            LogPoolClosed(logger, key.Base.Authority, key.Owner);
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _pools.Values)
            if (lazy.IsValueCreated) lazy.Value.Dispose();
        _pools.Clear();
    }

    /// <summary>Token auth: (host, team, key id). Certificate auth: (host, credential id, null).</summary>
    private readonly record struct PoolKey(Uri Base, string Owner, string? KeyId);

    private sealed class Pool(HttpMessageInvoker invoker, X509Certificate2? certificate) : IDisposable
    {
        public HttpMessageInvoker Invoker { get; } = invoker;
        public long LastUsedTicks;

        public void Dispose()
        {
            Invoker.Dispose();
            certificate?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "APNs: new connection pool ({AuthKind} auth) to {Host}, up to {Connections} HTTP/2 connection(s)")]
    private static partial void LogPoolCreated(ILogger logger, string authKind, string host, int connections);

    [LoggerMessage(Level = LogLevel.Information, Message = "APNs: closed the idle connection pool to {Host} of {Owner}")]
    private static partial void LogPoolClosed(ILogger logger, string host, string owner);
}
