using System.Text.Json.Serialization;

namespace Kund.Domain.Environments;

/// <summary>Where an environment is in its life; names are part of the API contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EnvironmentStatus>))]
public enum EnvironmentStatus
{
    Draft,
    PendingApproval,
    Approved,
    Rejected,
    Cancelled,
    Provisioning,
    Ready,

    /// <summary>An approved revision is being applied to a running environment (a change run).</summary>
    Updating,
    Failed,
    Destroying,
    Destroyed,

    /// <summary>Handed over to Terraform: managed elsewhere from now on; Kund keeps its history and never destroys it.</summary>
    HandedOver,
}

/// <summary>What can be done to an environment; <see cref="EnvironmentTransitions"/> says when.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EnvironmentAction>))]
public enum EnvironmentAction
{
    UpdateSpec,

    /// <summary>A rejected request is revised: back to Draft with its next revision.</summary>
    Revise,
    Submit,
    Approve,
    Reject,
    Cancel,
    StartProvisioning,
    MarkReady,
    MarkFailed,
    StartDestroy,
    ApproveDestroy,

    /// <summary>An approver turns down a waiting prod destroy; the environment stays as it was.</summary>
    RejectDestroy,

    /// <summary>The requester's team withdraws a waiting prod destroy; the environment stays as it was.</summary>
    WithdrawDestroy,
    MarkDestroyed,

    /// <summary>An approved revision starts its change run: Ready (or Failed) → Updating.</summary>
    StartChange,

    /// <summary>Ready → HandedOver: the team manages the environment with Terraform from now on.</summary>
    HandOver,

    /// <summary>
    /// A person stops a running create or change: no new node starts, and the run ends Failed with what
    /// exists recorded (the status stays until the run has stopped).
    /// </summary>
    Stop,
}
