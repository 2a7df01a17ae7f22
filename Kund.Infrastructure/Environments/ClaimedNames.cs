using Kund.Domain.Specs;
using Kund.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Environments;

/// <summary>
/// Names AWS keys by account rather than by team: an EKS cluster name is unique per account and region,
/// an IAM role name per account in every region (docs/aws-behaviour.md, Names). Every team of this Kund
/// shares the account, so a name that a live environment of any team holds is taken for all the others;
/// asking for it could only fail at provisioning. The message says the name is taken, never by whom.
/// </summary>
public sealed class ClaimedNames(KundDbContext db)
{
    /// <summary><paramref name="result"/> with an error, by path, for each cluster or role name of <paramref name="effective"/> that another live environment holds.</summary>
    /// <param name="excludeId">The environment being edited, whose own names are not a conflict.</param>
    public async Task<ValidationResult> AddErrorsAsync(ValidationResult result, EnvironmentSpec effective, Guid? excludeId, CancellationToken cancellationToken)
    {
        if (effective.Cluster is not { Name: { Length: > 0 } clusterName })
        {
            return result;
        }

        var except = excludeId ?? Guid.Empty;
        if (await AnyAsync(
                db.Database.SqlQuery<int>($"""
                    select 1 as "Value" from environments
                    where "Id" <> {except} and "Status" not in ('Destroyed', 'Cancelled', 'Rejected')
                      and "Spec"->>'region' = {effective.Region} and "Spec"->'cluster'->>'name' = {clusterName}
                    """),
                cancellationToken))
        {
            result = result.WithError(SpecPaths.ClusterName, $"The cluster name '{clusterName}' is taken in {effective.Region} by another environment; cluster names are unique per AWS account and region.");
        }

        if (effective.ClusterRole is { Create: true, Name: { Length: > 0 } roleName }
            && await AnyAsync(
                db.Database.SqlQuery<int>($"""
                    select 1 as "Value" from environments
                    where "Id" <> {except} and "Status" not in ('Destroyed', 'Cancelled', 'Rejected')
                      and jsonb_typeof("Spec"->'cluster') = 'object'
                      and ("Spec"->'clusterRole'->>'create')::boolean
                      and lower("Spec"->'clusterRole'->>'name') = lower({roleName})
                    """),
                cancellationToken))
        {
            result = result.WithError(SpecPaths.ClusterRoleName, $"The role name '{roleName}' is taken by another environment; IAM role names are unique per AWS account, in every region.");
        }

        return result;
    }

    private static Task<bool> AnyAsync(IQueryable<int> rows, CancellationToken cancellationToken) => rows.AnyAsync(cancellationToken);
}
