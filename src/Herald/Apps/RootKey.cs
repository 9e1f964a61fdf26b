using System.Security.Cryptography;
using Herald.Kernel;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Apps;

/// <summary>
/// The root admin key: from Herald:AdminKey when set; otherwise generated on the first start of a
/// data directory, printed once, and only its hash kept.
/// </summary>
public sealed partial class RootKey(IOptions<HeraldOptions> options, IHeraldStore store, ILogger<RootKey> logger)
{
    private const string MetaKey = "root_key_sha256";
    private byte[] _hash = [];

    /// <summary>Set when this start generated the key, so the banner can show it once.</summary>
    public string? GeneratedKey { get; private set; }

    public async Task InitializeAsync(CancellationToken ct)
    {
        var configured = options.Value.AdminKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _hash = ApiKeys.Hash(configured.Trim());
            return;
        }
        var candidate = ApiKeys.GenerateRoot();
        var stored = await store.SetMetaIfAbsentAsync(MetaKey, Convert.ToHexStringLower(ApiKeys.Hash(candidate)), ct);
        _hash = Convert.FromHexString(stored);
        if (CryptographicOperations.FixedTimeEquals(_hash, ApiKeys.Hash(candidate))) GeneratedKey = candidate;
        else LogExistingKey(logger);
    }

    public bool Matches(string presented) => _hash.Length > 0 && ApiKeys.Matches(presented, _hash);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Using the root admin key generated on first start (only its hash is stored). Lost it? Set Herald__AdminKey to choose a new one.")]
    private static partial void LogExistingKey(ILogger logger);
}
