using System.Text.Json.Serialization;
using Kund.Domain.Drift;
using Kund.Domain.Environments;
using Kund.Domain.Resources;
using Kund.Domain.Specs;
using Kund.Infrastructure.Blueprints;

namespace Kund.Infrastructure.Environments;

/// <summary>The environment view of api.md.</summary>
public sealed record EnvironmentView(
    Guid Id,
    string Name,
    string Team,
    EnvironmentStatus Status,
    string RequestedBy,
    string? ApprovedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    EnvironmentSpec Spec,
    IReadOnlyList<ResourceView> Resources,
    EnvironmentOutputs Outputs,
    decimal MonthlyCostUsd)
{
    /// <summary>Beyond api.md: why it failed, who approved or rejected with what comment, whether a destroy waits for approval.</summary>
    public string? FailureReason { get; init; }

    public string? RejectedBy { get; init; }

    public string? ApprovalComment { get; init; }

    public bool DestroyAwaitingApproval { get; init; }

    public string? DestroyRequestedBy { get; init; }

    /// <summary>What the caller may do now; written as the API's words (<see cref="AllowedActionsJsonConverter"/>).</summary>
    [JsonConverter(typeof(AllowedActionsJsonConverter))]
    public IReadOnlyList<EnvironmentAction> AllowedActions { get; init; } = [];

    /// <summary>The spec's revision: 1, and one more each time a rejected request was revised.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>The last rejection, kept beside a revised spec; null when the request was never rejected.</summary>
    public RejectionView? LastRejection { get; init; }

    /// <summary>What waits for an approver (a create or a destroy), or null when nothing does.</summary>
    public PendingRequestView? PendingRequest { get; init; }

    /// <summary>For a draft saved by the wizard: the furthest step seen, where "Continue the wizard" reopens it.</summary>
    public int? WizardStep { get; init; }

    /// <summary>The outcome of the latest drift check: InSync, Drifted, or Unknown when none has finished.</summary>
    public DriftState Drift { get; init; } = DriftState.Unknown;

    /// <summary>The blueprint version the spec came from (and the latest one published), or null for one typed from scratch.</summary>
    public EnvironmentBlueprintView? Blueprint { get; init; }
}

/// <summary>One resource of the view; <see cref="StartedAt"/> and <see cref="UpdatedAt"/> give its elapsed time.</summary>
public sealed record ResourceView(string Key, ResourceKind Kind, ResourceState State, string? CloudId, string? Arn, string? Error)
{
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

/// <summary>What a team uses once the environment is Ready.</summary>
public sealed record EnvironmentOutputs(
    string? VpcId,
    IReadOnlyDictionary<string, string> SubnetIds,
    string? RoleArn,
    string? ClusterArn,
    string? ClusterEndpoint);

/// <summary>A page of a keyset-paged list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>An inventory row: a cloud resource Kund manages.</summary>
public sealed record InventoryItem(
    Guid EnvironmentId,
    string EnvironmentName,
    string Team,
    string Key,
    ResourceKind Kind,
    ResourceState State,
    string? CloudId,
    string? Arn,
    DateTimeOffset UpdatedAt);
