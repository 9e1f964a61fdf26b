using Herald.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Internal;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Secrets;

/// <summary>Without a certificate or key Herald starts (development) but says, at Warning, that the ring is unprotected and how to fix it.</summary>
public sealed class UnprotectedWarningTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public void An_unprotected_key_ring_is_a_warning_at_start(bool protectedRing, int warnings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "herald-keyring-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using var services = new ServiceCollection().AddLogging().AddDataProtection().Services.BuildServiceProvider();
            var options = new KeyManagementOptions
            {
                XmlRepository = new KeyDirectory(new DirectoryInfo(directory), services.GetRequiredService<ILoggerFactory>()),
                XmlEncryptor = protectedRing ? new AesGcmXmlEncryptor(new byte[32]) : null,
            };
            var logger = new Captured();
            new KeyRingProtection(Options.Create(options), Options.Create(new KeyRingOptions()), services.GetRequiredService<IActivator>(), logger)
                .ProtectStoredKeys();

            var logged = logger.Messages.Where(m => m.Level == LogLevel.Warning).ToList();
            Assert.Equal(warnings, logged.Count);
            if (warnings > 0)
            {
                Assert.Contains(directory, logged[0].Text);
                Assert.Contains("Herald:KeyRing:Certificate", logged[0].Text);
                Assert.Contains("Herald__KeyRing__Key", logged[0].Text);
            }
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (DirectoryNotFoundException) { }
        }
    }

    private sealed class Captured : ILogger<KeyRingProtection>
    {
        public List<(LogLevel Level, string Text)> Messages { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add((logLevel, formatter(state, exception)));
    }
}
