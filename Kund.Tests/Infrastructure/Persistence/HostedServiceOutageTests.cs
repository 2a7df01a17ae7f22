using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Infrastructure.Persistence;

/// <summary>
/// Issue 11.3: EF Core reports an unreachable database as an InvalidOperationException around the
/// Npgsql failure; the expiry loop let it escape, which stops the host. Now it logs once and keeps trying.
/// </summary>
public class HostedServiceOutageTests
{
    [Fact]
    public async Task Expiry_DatabaseUnreachable_KeepsRunningAndLogsOnce()
    {
        var passes = new SemaphoreSlim(0);
        var services = new ServiceCollection();
        services.AddDbContext<KundDbContext>(db => db.UseNpgsql("Host=127.0.0.1;Port=1;Database=none;Username=kund_app;Timeout=1"));
        await using var provider = services.BuildServiceProvider();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var logger = new CountingLogger();
        using var expiry = new ExpiryService(new CountingScopes(provider.GetRequiredService<IServiceScopeFactory>(), passes), time, logger);

        await expiry.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var pass = 0; pass < 5 && !expiry.ExecuteTask!.IsCompleted; pass++)
        {
            // The next pass starts once the back-off's (fake) delay has passed.
            while (!expiry.ExecuteTask!.IsCompleted && !await passes.WaitAsync(TimeSpan.FromMilliseconds(50), timeout.Token))
            {
                time.Advance(DatabaseBackoff.Max);
            }
        }

        Assert.False(expiry.ExecuteTask!.IsCompleted, $"the expiry loop ended: {expiry.ExecuteTask.Exception?.GetBaseException().Message}");
        Assert.Equal(1, logger.Warnings);
        await expiry.StopAsync(CancellationToken.None);
    }

    private sealed class CountingScopes(IServiceScopeFactory inner, SemaphoreSlim passes) : IServiceScopeFactory
    {
        public IServiceScope CreateScope()
        {
            passes.Release();
            return inner.CreateScope();
        }
    }

    private sealed class CountingLogger : ILogger<ExpiryService>
    {
        private int warnings;

        public int Warnings => Volatile.Read(ref warnings);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Interlocked.Increment(ref warnings);
            }
        }
    }
}
