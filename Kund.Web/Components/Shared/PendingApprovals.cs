using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;

namespace Kund.Web.Components.Shared;

/// <summary>What waits for an approver: requests, and prod destroys awaiting approval.</summary>
public static class PendingApprovals
{
    public static async Task<IReadOnlyList<EnvironmentView>> ListAsync(KundServices kund)
    {
        var requests = await kund.QueryAsync((q, c) => q.ListAsync(c, EnvironmentStatus.PendingApproval, null, null, EnvironmentQueries.MaxLimit, CancellationToken.None));
        var destroys = new List<EnvironmentView>();
        foreach (var status in (EnvironmentStatus[])[EnvironmentStatus.Ready, EnvironmentStatus.Failed])
        {
            var page = await kund.QueryAsync((q, c) => q.ListAsync(c, status, null, null, EnvironmentQueries.MaxLimit, CancellationToken.None));
            destroys.AddRange(page.Items.Where(v => v.DestroyAwaitingApproval));
        }

        return [.. requests.Items.Concat(destroys).OrderBy(v => v.UpdatedAt)];
    }
}
