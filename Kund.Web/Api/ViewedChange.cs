using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Persistence;

namespace Kund.Web.Api;

/// <summary>
/// A change and the view that answers it, in one transaction: the change commits only once its view is
/// built, so a view that cannot be built is a failed request with nothing written, never a 500 after the
/// fact. The environment service joins the transaction that is open on the request's context.
/// </summary>
internal static class ViewedChange
{
    public static async Task<EnvironmentView> RunAsync(KundDbContext db, Func<Task<Guid>> change, Func<Guid, Task<EnvironmentView>> view, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = await change();
        var built = await view(id);
        await transaction.CommitAsync(cancellationToken);
        return built;
    }
}
