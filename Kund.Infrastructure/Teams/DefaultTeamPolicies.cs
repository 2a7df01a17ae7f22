using Kund.Domain.Teams;
using Kund.Infrastructure.Configuration;

namespace Kund.Infrastructure.Teams;

/// <summary>
/// The policy of a team nobody configured: <see cref="TeamPolicy.Safe"/>, and in Sandbox mode the
/// principal the sandbox seeds for every team (api.md: <c>arn:aws:iam::111111111111:role/&lt;team&gt;-developers</c>).
/// A stored policy replaces this as a whole; this is what "nothing set" means.
/// </summary>
public static class DefaultTeamPolicies
{
    /// <summary>The account the sandbox cloud acts as.</summary>
    public const string SandboxAccountId = "111111111111";

    public static string SandboxPrincipal(string team) => $"arn:aws:iam::{SandboxAccountId}:role/{team}-developers";

    public static TeamPolicy For(string team, KundMode mode) => mode == KundMode.Sandbox
        ? TeamPolicy.Safe with { Principals = [SandboxPrincipal(team)] }
        : TeamPolicy.Safe;
}

/// <summary>Every team on its default policy; stands until policies are stored.</summary>
public sealed class UnconfiguredTeamPolicies(KundMode mode) : ITeamPolicies
{
    public Task<TeamPolicy> GetAsync(string team, CancellationToken cancellationToken) =>
        Task.FromResult(DefaultTeamPolicies.For(team, mode));
}
