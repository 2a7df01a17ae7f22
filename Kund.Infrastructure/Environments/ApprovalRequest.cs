using Kund.Domain.Planning;

namespace Kund.Infrastructure.Environments;

/// <summary>One card of the approvals queue: the environment (with what its request does) and the plan approving it would run.</summary>
public sealed record ApprovalRequest(EnvironmentView View, Plan Plan);
