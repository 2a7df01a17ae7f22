using Kund.Infrastructure.Configuration;
using Kund.Infrastructure.Identity;
using Kund.Web.Identity;
using Microsoft.Extensions.Options;

namespace Kund.Web.Hubs;

/// <summary>
/// Every <see cref="HubSettings.RecheckInterval"/>, checks the credential of each hub connection open on
/// this node: a token revoked on another node, a token that expired, a session signed out elsewhere.
/// </summary>
internal sealed partial class HubCredentialRecheck(
    HubConnections connections,
    IServiceScopeFactory scopes,
    SessionStamps stamps,
    IOptions<KundOptions> options,
    TimeProvider time,
    ILogger<HubCredentialRecheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Hub.RecheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (connections.Count == 0)
                {
                    continue;
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await connections.RecheckAsync(
                        scope.ServiceProvider.GetRequiredService<ApiTokens>(),
                        scope.ServiceProvider.GetRequiredService<UserDirectory>(),
                        stamps,
                        stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The database may be away for a while; the next tick tries again.
                    LogRecheckFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the hub connections' tokens and sessions again; trying at the next interval.")]
    private static partial void LogRecheckFailed(ILogger logger, Exception exception);
}
