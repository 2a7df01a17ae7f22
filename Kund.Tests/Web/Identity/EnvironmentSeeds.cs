using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Kund.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Identity;

/// <summary>Objects the matrix rows act on: environments of team-a requested by alice, fresh for every call.</summary>
public static class EnvironmentSeeds
{
    public static StringContent SpecBody(string team, string? name = null) =>
        MatrixRow.Json(JsonSerializer.Serialize(SeedSpecs.Payments(name ?? UniqueName(), team), KundJson.Options));

    /// <summary>A fresh draft of team-a; the call goes to its route plus <paramref name="suffix"/>.</summary>
    public static Func<MatrixSeed, Caller, Task<MatrixCall>> Draft(string suffix) => async (seed, _) =>
        new MatrixCall($"/api/environments/{(await CreateAsync(seed, submit: false)).Id}{suffix}");

    /// <summary>A fresh draft of team-a; the call goes to the page route <c>/environments/{id}</c> plus <paramref name="suffix"/>.</summary>
    public static Func<MatrixSeed, Caller, Task<MatrixCall>> PageOfDraft(string suffix) => async (seed, _) =>
        new MatrixCall($"/environments/{(await CreateAsync(seed, submit: false)).Id}{suffix}");

    /// <summary>A fresh draft of team-a and a PUT body that keeps its team.</summary>
    public static Func<MatrixSeed, Caller, Task<MatrixCall>> DraftWithSpecBody() => async (seed, _) =>
    {
        var draft = await CreateAsync(seed, submit: false);
        return new MatrixCall($"/api/environments/{draft.Id}", SpecBody("team-a", draft.Name));
    };

    /// <summary>A fresh request of team-a waiting for approval, with a comment body.</summary>
    public static Func<MatrixSeed, Caller, Task<MatrixCall>> Submitted(string suffix) => async (seed, _) =>
        new MatrixCall($"/api/environments/{(await CreateAsync(seed, submit: true)).Id}{suffix}", MatrixRow.Json("""{"comment":"matrix"}"""));

    /// <summary>
    /// A fresh draft of team-a with an extension request of alice's waiting (stored as it is, for who may call:
    /// approving it then meets the draft's status, a 409); the call goes to the request's route plus <paramref name="suffix"/>.
    /// </summary>
    public static Func<MatrixSeed, Caller, Task<MatrixCall>> WaitingExtension(string suffix) => async (seed, _) =>
    {
        var draft = await CreateAsync(seed, submit: false);
        await using var scope = seed.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Kund.Infrastructure.Persistence.KundDbContext>();
        var request = new ExtensionRequest
        {
            Id = Guid.CreateVersion7(),
            EnvironmentId = draft.Id,
            Team = draft.Team,
            Days = 30,
            Until = DateTimeOffset.UtcNow.AddDays(30),
            Status = ExtensionStatus.PendingApproval,
            RequestedBy = Callers.Alice.Email,
            RequestedAt = DateTimeOffset.UtcNow,
        };
        db.Add(request);
        await db.SaveChangesAsync();
        return new MatrixCall($"/api/environments/{draft.Id}/extensions/{request.Id}{suffix}", MatrixRow.Json("""{"comment":"matrix"}"""));
    };

    private static async Task<TeamEnvironment> CreateAsync(MatrixSeed seed, bool submit)
    {
        await using var scope = seed.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<EnvironmentService>();
        var draft = await service.CreateDraftAsync(Callers.Alice, SeedSpecs.Payments(UniqueName()), CancellationToken.None);
        return submit ? await service.SubmitAsync(Callers.Alice, draft.Id, CancellationToken.None) : draft;
    }

    private static string UniqueName() => $"m-{Guid.NewGuid():N}"[..24];
}
