using System.Globalization;
using Kund.Domain.Drift;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// Acting on the drift the latest check found, as a revision approved like any change: <see cref="ReconcileAsync"/>
/// proposes the applied spec again with the items to put back (its plan updates their nodes in place, makes a
/// missing resource again and updates what refers to it by id; the drivers converge the cloud),
/// <see cref="AcceptAsync"/> a spec that takes the cloud's values.
/// </summary>
public sealed class DriftActions(KundDbContext db, RevisionService revisions)
{
    /// <summary>A revision that puts the drifted resources back as applied.</summary>
    /// <exception cref="RevisionConflictException">Not Ready, a revision is open, or the latest check is not Drifted.</exception>
    /// <exception cref="DriftActionRefusedException">There is no item to put back (only unmanaged resources).</exception>
    public async Task<EnvironmentRevision> ReconcileAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var (environment, items) = await DriftedAsync(caller, id, "reconcile", cancellationToken);
        if (items.Count == 0)
        {
            throw new DriftActionRefusedException("Nothing to reconcile: the latest check found only unmanaged resources, which are not Kund's to change (ignore them, or have an admin delete them).", []);
        }

        var comment = $"Reconcile drift: put back {string.Join(", ", items.Select(i => $"{i.Key} {i.Attribute}"))}";
        return await revisions.ProposeAsync(caller, id, environment.Spec, null, Clip(comment), cancellationToken, new DriftProposal(items, Reconcile: true));
    }

    /// <summary>A revision whose spec takes the cloud's values of the drifted attributes.</summary>
    /// <exception cref="RevisionConflictException">Not Ready, a revision is open, or the latest check is not Drifted.</exception>
    /// <exception cref="DriftActionRefusedException">An item the spec cannot express; nothing is proposed.</exception>
    public async Task<EnvironmentRevision> AcceptAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var (environment, items) = await DriftedAsync(caller, id, "accept", cancellationToken);
        if (items.Count == 0)
        {
            throw new DriftActionRefusedException("Nothing to accept: the latest check found only unmanaged resources, which the spec does not describe.", []);
        }

        var (spec, refused) = Accept(environment.Spec, items);
        if (refused.Count > 0)
        {
            throw new DriftActionRefusedException($"Cannot accept: {string.Join("; ", refused.Select(r => $"{r.Key} {r.Attribute}: {r.Reason}"))}.", refused);
        }

        var comment = $"Accept drift: take the cloud's {string.Join(", ", items.Select(i => $"{i.Key} {i.Attribute}"))}";
        return await revisions.ProposeAsync(caller, id, spec, null, Clip(comment), cancellationToken, new DriftProposal(items, Reconcile: false));
    }

    /// <summary>
    /// The spec with the cloud's values where the spec can express them (node group scaling, endpoint access
    /// and its CIDRs, an add-on's version); every other item is refused with the reason.
    /// </summary>
    public static (EnvironmentSpec Spec, IReadOnlyList<DriftRefusal> Refused) Accept(EnvironmentSpec spec, IReadOnlyList<DriftItem> items)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(items);
        var refused = new List<DriftRefusal>();
        foreach (var item in items)
        {
            var (next, why) = AcceptOne(spec, item);
            if (why is not null)
            {
                refused.Add(new DriftRefusal(item.Key, item.Attribute, why));
            }
            else
            {
                spec = next!;
            }
        }

        return (spec, refused);
    }

    private static (EnvironmentSpec? Spec, string? Why) AcceptOne(EnvironmentSpec spec, DriftItem item)
    {
        if (item.Attribute == DriftItem.Exists)
        {
            return (null, "the resource is missing; the spec cannot say that a resource it needs is gone (reconcile, or change the spec)");
        }

        if (item.Attribute.StartsWith("tags.", StringComparison.Ordinal))
        {
            return (null, "the spec's tags are the environment's, on every resource; a tag on one resource cannot be expressed");
        }

        var cluster = spec.Cluster;
        switch (item.Kind, item.Attribute)
        {
            case (ResourceKind.EksNodeGroup, "scaling.desiredSize" or "scaling.minSize" or "scaling.maxSize"):
            {
                var groups = cluster?.Compute?.NodeGroups ?? [];
                var index = groups.ToList().FindIndex(g => ResourceKeys.NodeGroup(g.Name) == item.Key);
                if (index < 0 || !int.TryParse(item.Actual, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                {
                    return (null, "no node group of the spec has this key, or the cloud's size is not a number");
                }

                var group = groups[index];
                group = item.Attribute switch
                {
                    "scaling.desiredSize" => group with { DesiredSize = size },
                    "scaling.minSize" => group with { MinSize = size },
                    _ => group with { MaxSize = size },
                };
                var changed = groups.ToList();
                changed[index] = group;
                return (spec with { Cluster = cluster! with { Compute = cluster.Compute! with { NodeGroups = changed } } }, null);
            }

            case (ResourceKind.EksCluster, "publicAccessCidrs") when cluster is not null:
            {
                var cidrs = (item.Actual ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return cidrs.Length == 0
                    ? (null, "the cloud allows no CIDR; the spec expresses a closed public endpoint as endpointPublicAccess false")
                    : (spec with { Cluster = cluster with { PublicAccessCidrs = cidrs } }, null);
            }

            case (ResourceKind.EksCluster, "endpointPublicAccess" or "endpointPrivateAccess") when cluster is not null && bool.TryParse(item.Actual, out var open):
                return (item.Attribute == "endpointPublicAccess"
                    ? spec with { Cluster = cluster with { EndpointPublicAccess = open } }
                    : spec with { Cluster = cluster with { EndpointPrivateAccess = open } }, null);

            case (ResourceKind.EksAddon, "addonVersion") when cluster?.Addons is { } addons && item.Actual is { Length: > 0 } version:
            {
                var index = addons.ToList().FindIndex(a => ResourceKeys.Addon(a.Name) == item.Key);
                if (index < 0)
                {
                    return (null, "no add-on of the spec has this key");
                }

                var changed = addons.ToList();
                changed[index] = changed[index] with { Version = version };
                return (spec with { Cluster = cluster with { Addons = changed } }, null);
            }

            default:
                return (null, $"the spec has no field for {item.Kind} {item.Attribute}");
        }
    }

    private async Task<(TeamEnvironment Environment, IReadOnlyList<DriftItem> Items)> DriftedAsync(KundUser caller, Guid id, string act, CancellationToken cancellationToken)
    {
        await revisions.RequireMemberAsync(caller, id, cancellationToken);
        var environment = await db.Set<TeamEnvironment>().AsNoTracking().SingleAsync(e => e.Id == id, cancellationToken);
        if (environment.Status != EnvironmentStatus.Ready)
        {
            throw new RevisionConflictException(environment.Status.ToString(), [nameof(EnvironmentStatus.Ready)],
                $"cannot {act} drift: the environment is {environment.Status}; drift is acted on while it is {EnvironmentStatus.Ready}");
        }

        var open = await db.Set<EnvironmentRevision>().AsNoTracking()
            .Where(r => r.EnvironmentId == id && (r.Status == RevisionStatus.Draft || r.Status == RevisionStatus.PendingApproval || r.Status == RevisionStatus.Approved))
            .OrderBy(r => r.Number).Select(r => new { r.Number, r.Status }).FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
        {
            throw new RevisionConflictException(open.Status.ToString(), [nameof(RevisionStatus.Applied), nameof(RevisionStatus.Cancelled), nameof(RevisionStatus.Rejected)],
                $"cannot {act} drift: revision {open.Number} is {open.Status}; apply, cancel or reject it first");
        }

        var check = await db.Set<DriftCheck>().AsNoTracking().SingleOrDefaultAsync(d => d.EnvironmentId == id, cancellationToken);
        var view = check is null ? DriftView.Never : DriftService.ToView(check);
        if (view.Status != DriftCheckStatus.Drifted)
        {
            var seen = check is null ? "never checked" : view.Status.ToString();
            throw new RevisionConflictException(view.Status.ToString(), [nameof(DriftCheckStatus.Drifted)],
                $"cannot {act} drift: the latest drift check is {seen}; it must be {DriftCheckStatus.Drifted}");
        }

        return (environment, view.Items);
    }

    private static string Clip(string comment) =>
        comment.Length <= SpecLimits.CommentMaxLength ? comment : comment[..(SpecLimits.CommentMaxLength - 1)] + "…";
}

/// <summary>One drift item an action cannot take, and why.</summary>
public sealed record DriftRefusal(string Key, string Attribute, string Reason);

/// <summary>Drift that a reconcile or accept cannot act on (400 in the API, listing each item); nothing was proposed.</summary>
public sealed class DriftActionRefusedException(string message, IReadOnlyList<DriftRefusal> items) : Exception(message)
{
    public IReadOnlyList<DriftRefusal> Items { get; } = items;
}
