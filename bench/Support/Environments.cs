using Kund.Domain.Environments;
using Kund.Domain.Specs;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Tests.Support;

namespace Kund.Bench.Support;

/// <summary>The seed environment of api.md and the people who ask for it, approve it and destroy it.</summary>
public static class Environments
{
    public static KundUser Approver { get; } = new(Guid.NewGuid(), "carol@kund.dev", "Carol", [], [KundRoles.Approver]);

    public static KundUser Requester(string team) => new(Guid.NewGuid(), $"requester@{team}.kund.dev", $"Requester of {team}", [team], [KundRoles.Requester]);

    /// <summary>The seed environment (<c>payments-dev</c> of api.md) under another name and team: the tests' own fixture.</summary>
    public static EnvironmentSpec Payments(string name, string team) => SeedSpecs.Payments(name, team);

    /// <summary>Draft and submit as the team's requester; returns the environment waiting for approval.</summary>
    public static async Task<TeamEnvironment> SubmitAsync(BenchHost host, EnvironmentSpec spec)
    {
        var requester = Requester(spec.Team);
        TeamEnvironment draft;
        try
        {
            draft = await host.WithAsync<EnvironmentService, TeamEnvironment>(s => s.CreateDraftAsync(requester, spec, CancellationToken.None));
        }
        catch (SpecValidationException refused)
        {
            throw new InvalidOperationException($"{spec.Name} refused: {string.Join("; ", refused.Result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}", refused);
        }

        return await host.WithAsync<EnvironmentService, TeamEnvironment>(s => s.SubmitAsync(requester, draft.Id, CancellationToken.None));
    }

    public static Task<TeamEnvironment> ApproveAsync(BenchHost host, Guid id) =>
        host.WithAsync<EnvironmentService, TeamEnvironment>(s => s.ApproveAsync(Approver, id, "benchmark", CancellationToken.None));

    public static Task<TeamEnvironment> DestroyAsync(BenchHost host, Guid id, string team) =>
        host.WithAsync<EnvironmentService, TeamEnvironment>(s => s.DestroyAsync(Requester(team), id, CancellationToken.None));

    public static Task<EnvironmentView> GetAsync(BenchHost host, Guid id) =>
        host.WithAsync<EnvironmentQueries, EnvironmentView>(q => q.GetAsync(Approver, id, CancellationToken.None));

    /// <summary>Polls (every <paramref name="every"/>) until the environment is <paramref name="status"/>; throws on Failed or timeout.</summary>
    public static async Task<EnvironmentView> WaitForAsync(BenchHost host, Guid id, EnvironmentStatus status, TimeSpan timeout, TimeSpan every)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var view = await GetAsync(host, id);
            if (view.Status == status)
            {
                return view;
            }

            Report.Require(view.Status != EnvironmentStatus.Failed, $"{view.Name} failed: {view.FailureReason}; {Describe(view)}");
            Report.Require(!deadline.IsCancellationRequested, $"{view.Name} is {view.Status} after {timeout}, expected {status}; {Describe(view)}");
            await Task.Delay(every, CancellationToken.None);
        }
    }

    private static string Describe(EnvironmentView view) =>
        string.Join(", ", view.Resources.Select(r => $"{r.Key}={r.State}{(r.Error is null ? "" : $" ({r.Error})")}"));
}
