using Kund.Domain.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// Extension requests as the API and the pages show them, each read in one query: those waiting for an
/// approver (of environments that can still be extended), and one environment's history.
/// </summary>
public sealed class ExtensionQueries(KundDbContext db)
{
    /// <summary>How many extension requests wait (a part of the navigation badge's count).</summary>
    public Task<int> CountWaitingAsync(KundUser caller, CancellationToken cancellationToken) =>
        Waiting(caller).CountAsync(cancellationToken);

    /// <summary>The extension requests waiting for an approver that the caller may see, longest waiting first.</summary>
    public async Task<IReadOnlyList<ExtensionView>> WaitingAsync(KundUser caller, CancellationToken cancellationToken) =>
        await (from pair in Waiting(caller)
               let request = pair.Request
               let environment = pair.Environment
               orderby request.RequestedAt
               select new ExtensionView(
                   request.Id, request.EnvironmentId, environment.Name, request.Team, request.Days, request.Until, request.ExpiresAtBefore,
                   request.Status, request.RequestedBy, request.RequestedAt, request.DecidedBy, request.DecidedAt, request.Comment,
                   request.RequestedBy == caller.Email))
            .Take(EnvironmentQueries.MaxLimit)
            .ToListAsync(cancellationToken);

    /// <summary>Every extension request of one environment, newest first; 404 for an environment the caller may not see.</summary>
    public async Task<IReadOnlyList<ExtensionView>> ListAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var name = await db.Set<TeamEnvironment>().AsNoTracking().VisibleTo(caller).Where(e => e.Id == id).Select(e => e.Name).SingleOrDefaultAsync(cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        var requests = await db.Set<ExtensionRequest>().AsNoTracking().Where(r => r.EnvironmentId == id).OrderByDescending(r => r.RequestedAt).Take(EnvironmentQueries.MaxLimit).ToListAsync(cancellationToken);
        return [.. requests.Select(r => ToView(caller, r, name))];
    }

    /// <summary>One extension request of the environment; 404 when either is unknown to the caller.</summary>
    public async Task<ExtensionView> GetAsync(KundUser caller, Guid id, Guid extensionId, CancellationToken cancellationToken) =>
        (await ListAsync(caller, id, cancellationToken)).FirstOrDefault(r => r.Id == extensionId) ?? throw new ExtensionNotFoundException(id, extensionId);

    // Waiting, of an environment that can still be extended (one destroyed or expired meanwhile has nothing to extend).
    private IQueryable<WaitingPair> Waiting(KundUser caller) =>
        from request in db.Set<ExtensionRequest>().AsNoTracking().VisibleTo(caller)
        join environment in db.Set<TeamEnvironment>() on request.EnvironmentId equals environment.Id
        where request.Status == ExtensionStatus.PendingApproval
            && (environment.Status == EnvironmentStatus.Ready || environment.Status == EnvironmentStatus.Failed)
        select new WaitingPair { Request = request, Environment = environment };

    public static ExtensionView ToView(KundUser caller, ExtensionRequest request, string environmentName)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        return new ExtensionView(
            request.Id, request.EnvironmentId, environmentName, request.Team, request.Days, request.Until, request.ExpiresAtBefore,
            request.Status, request.RequestedBy, request.RequestedAt, request.DecidedBy, request.DecidedAt, request.Comment,
            string.Equals(request.RequestedBy, caller.Email, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>A waiting request with its environment, as a query composes them (an initializer, which EF can look into).</summary>
internal sealed class WaitingPair
{
    public ExtensionRequest Request { get; init; } = null!;

    public TeamEnvironment Environment { get; init; } = null!;
}
