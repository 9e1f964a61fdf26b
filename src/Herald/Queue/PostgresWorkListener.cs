using Herald.Storage.Postgres;
using Npgsql;

namespace Herald.Queue;

/// <summary>
/// One connection per node that LISTENs on <see cref="PostgresStore.WorkChannel"/>: when any node
/// commits new due work (ingest, fan-out, retry, replay), the idle workers of every node wake at once
/// instead of at their next poll, which stays as the backstop. When the connection drops (a database
/// restart, a network cut) it reconnects with backoff and wakes the workers, since a notification may
/// have been missed meanwhile.
/// </summary>
public sealed partial class PostgresWorkListener(NpgsqlDataSource db, DeliverySignal signal, TimeProvider time, ILogger<PostgresWorkListener> logger)
    : BackgroundService
{
    /// <summary>How long to wait for a notification before checking that the connection is still alive.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var c = await db.OpenConnectionAsync(stoppingToken);
                c.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresStore.WorkChannel}", c))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                if (failures > 0) LogReconnected(logger, failures);
                failures = 0;
                backoff = TimeSpan.FromMilliseconds(250);
                signal.Notify(); // anything committed while we were not listening
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await c.WaitAsync(Heartbeat, stoppingToken))
                    {
                        // Quiet for a while: a cheap round trip proves the connection still works.
                        await using var ping = new NpgsqlCommand("SELECT 1", c);
                        await ping.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                failures++;
                if (failures == 1) LogLost(logger, ex);
                await Task.Delay(backoff, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the LISTEN connection to PostgreSQL; workers poll until it is back")]
    private static partial void LogLost(ILogger logger, Exception ex);
    [LoggerMessage(Level = LogLevel.Information, Message = "LISTEN connection to PostgreSQL back after {Failures} failed attempts")]
    private static partial void LogReconnected(ILogger logger, int failures);
}
