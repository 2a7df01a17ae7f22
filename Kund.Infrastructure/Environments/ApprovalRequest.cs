using Kund.Domain.Planning;

namespace Kund.Infrastructure.Environments;

/// <summary>One card of the approvals queue: the environment (with what its request does) and the plan approving it would run.</summary>
public sealed record ApprovalRequest(EnvironmentView View, Plan Plan);

/// <summary>A proposed change (revision <paramref name="Number"/>) of an environment that waits for an approver.</summary>
public sealed record PendingChange(Guid EnvironmentId, string Name, string Team, int Number, string RequestedBy, string? Comment, int Approvals, DateTimeOffset Since);
