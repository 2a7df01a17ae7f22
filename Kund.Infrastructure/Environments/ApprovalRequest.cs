using Kund.Domain.Planning;

namespace Kund.Infrastructure.Environments;

/// <summary>One card of the approvals queue: the environment, what approving it would do, and its spec's warnings.</summary>
public sealed record ApprovalRequest(EnvironmentView View, Plan Plan, IReadOnlyList<string> Warnings);
