using System.Text.Json;
using Amazon.EC2.Model;
using Kund.Domain;
using Kund.Domain.Drift;
using Kund.Domain.Environments;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// Acting on an unmanaged resource the latest check found (made in the environment's VPC or with its tags, not
/// by Kund): a team member <see cref="IgnoreAsync">ignores</see> it (later checks leave it out), an admin
/// <see cref="DeleteAsync">deletes</see> it when it is of a kind Kund knows how to delete. Both audited; the
/// stored report loses the resource at once, and is InSync when nothing else is left in it.
/// </summary>
public sealed class UnmanagedActions(KundDbContext db, RevisionService revisions, AwsClients clients, IAuditTrail audit, TimeProvider time)
{
    public const string IgnoredAction = "drift.unmanaged-ignored";
    public const string DeletedAction = "drift.unmanaged-deleted";

    /// <summary>The kinds (as checks name them) an admin may have deleted here.</summary>
    public static IReadOnlyList<string> DeletableKinds { get; } = ["elastic-ip", "natgateway", "route-table", "security-group", "subnet"];

    /// <exception cref="UnmanagedNotFoundException">The latest check reports no unmanaged resource with this id.</exception>
    public async Task<DriftView> IgnoreAsync(KundUser caller, Guid id, string cloudId, CancellationToken cancellationToken)
    {
        await revisions.RequireMemberAsync(caller, id, cancellationToken);
        var (environment, check, resource) = await FindAsync(id, cloudId, cancellationToken);
        if (!await db.Set<DriftIgnoredResource>().AnyAsync(r => r.EnvironmentId == id && r.CloudId == cloudId, cancellationToken))
        {
            db.Add(new DriftIgnoredResource { EnvironmentId = id, CloudId = cloudId, Team = environment.Team, Kind = resource.Kind, IgnoredBy = caller.Email, IgnoredAt = time.GetUtcNow() });
        }

        return await FinishAsync(caller, environment, check, resource, IgnoredAction, cancellationToken);
    }

    /// <exception cref="UnmanagedNotFoundException">The latest check reports no unmanaged resource with this id.</exception>
    /// <exception cref="UnmanagedNotDeletableException">Kund does not delete this kind.</exception>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">AWS refused the delete (something still uses it).</exception>
    /// <exception cref="AccessDeniedException">The caller is not an admin.</exception>
    public async Task<DriftView> DeleteAsync(KundUser caller, Guid id, string cloudId, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            throw new AccessDeniedException($"{caller.Email} is not an admin; only admins delete what Kund did not make.");
        }

        var (environment, check, resource) = await FindAsync(id, cloudId, cancellationToken);
        var ec2 = clients.Ec2(environment.Spec.Region);
        switch (resource.Kind)
        {
            case "subnet":
                await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = cloudId }, cancellationToken);
                break;
            case "route-table":
                await ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = cloudId }, cancellationToken);
                break;
            case "natgateway":
                await ec2.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = cloudId }, cancellationToken);
                break;
            case "security-group":
                await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = cloudId }, cancellationToken);
                break;
            case "elastic-ip":
                await ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = cloudId }, cancellationToken);
                break;
            default:
                throw new UnmanagedNotDeletableException(resource);
        }

        return await FinishAsync(caller, environment, check, resource, DeletedAction, cancellationToken);
    }

    private async Task<(TeamEnvironment Environment, DriftCheck Check, UnmanagedResource Resource)> FindAsync(Guid id, string cloudId, CancellationToken cancellationToken)
    {
        var environment = await db.Set<TeamEnvironment>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new EnvironmentNotFoundException(id);
        var check = await db.Set<DriftCheck>().SingleOrDefaultAsync(d => d.EnvironmentId == id, cancellationToken);
        var resource = check is null ? null : DriftService.ToView(check).Unmanaged.FirstOrDefault(u => u.CloudId == cloudId);
        return resource is null ? throw new UnmanagedNotFoundException(cloudId) : (environment, check!, resource);
    }

    private async Task<DriftView> FinishAsync(KundUser caller, TeamEnvironment environment, DriftCheck check, UnmanagedResource resource, string action, CancellationToken cancellationToken)
    {
        var view = DriftService.ToView(check);
        var left = view.Unmanaged.Where(u => u.CloudId != resource.CloudId).ToList();
        check.Unmanaged = JsonSerializer.Serialize(left, KundJson.Options);
        if (check.Status == DriftCheckStatus.Drifted && view.Items.Count == 0 && left.Count == 0)
        {
            // What the check found, less this resource, is nothing: the same report a new check would write.
            check.Status = DriftCheckStatus.InSync;
            check.State = DriftState.InSync;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.RecordAsync(
            db,
            new AuditEntry(caller.Email, action, environment.Team, environment.Id, $"{resource.Kind} {resource.CloudId}", new Dictionary<string, string?>
            {
                ["region"] = environment.Spec.Region,
                ["reason"] = resource.Reason,
            }),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DriftService.ToView(check);
    }
}

/// <summary>The latest check reports no unmanaged resource with this id (409).</summary>
public sealed class UnmanagedNotFoundException(string cloudId)
    : Exception($"The latest drift check reports no unmanaged resource '{cloudId}'.");

/// <summary>An unmanaged resource of a kind Kund does not delete (409).</summary>
public sealed class UnmanagedNotDeletableException(UnmanagedResource resource)
    : Exception($"Kund does not delete a {resource.Kind} ({resource.CloudId}); Kund deletes {string.Join(", ", UnmanagedActions.DeletableKinds)}. Ignore it, or remove it in the AWS console.");
