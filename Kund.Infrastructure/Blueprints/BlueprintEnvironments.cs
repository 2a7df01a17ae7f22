using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Domain;
using Kund.Domain.Blueprints;
using Kund.Domain.Cost;
using Kund.Domain.Environments;
using Kund.Domain.Revisions;
using Kund.Domain.Specs;
using Kund.Infrastructure.Catalog;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Blueprints;

/// <summary>The blueprint a create request starts from: <c>{ "name", "version", "parameters" }</c>; no version is the latest.</summary>
public sealed record BlueprintChoice(string? Name, int? Version, JsonObject? Parameters);

/// <summary>The blueprint an environment is on, and the newest version published (the same when it is up to date).</summary>
public sealed record EnvironmentBlueprintView(string Name, int Version)
{
    public int Latest { get; init; }

    public bool UpgradeAvailable => Latest > Version;

    public JsonObject Parameters { get; init; } = [];
}

/// <summary>A blueprint as the "New environment" page offers it: its latest version and what an environment of it costs by default.</summary>
public sealed record BlueprintCard(BlueprintVersion Version, Blueprint Blueprint, decimal MonthlyCostUsd);

/// <summary>
/// Environments made from blueprints: a draft whose spec is the blueprint's with the requester's fields and
/// parameters, remembered with the version it came from; and a move to a newer version proposed as a revision.
/// </summary>
public sealed class BlueprintEnvironments(KundDbContext db, BlueprintStore store, EnvironmentService environments, RevisionService revisions, ICloudCatalog catalog, TimeProvider time)
{
    /// <summary>The latest version of every blueprint, by name, with the monthly estimate of its defaults.</summary>
    public async Task<IReadOnlyList<BlueprintCard>> CardsAsync(CancellationToken cancellationToken)
    {
        var latest = (await store.ListAsync(cancellationToken)).GroupBy(v => v.Name).Select(g => g.MaxBy(v => v.Version)!).ToList();
        var cloud = await catalog.GetAsync(cancellationToken);
        var cards = new List<BlueprintCard>(latest.Count);
        foreach (var version in latest)
        {
            var blueprint = BlueprintStore.Read(version);
            var cost = 0m;
            var defaults = BlueprintSpec.Apply(blueprint, new JsonObject { ["name"] = blueprint.Name }, null);
            if (defaults.IsValid && defaults.Spec.Deserialize<EnvironmentSpec>(KundJson.Options) is { } spec)
            {
                var check = await environments.CheckAsync(spec, cancellationToken);
                cost = decimal.Round(CostEstimator.Estimate(check.EffectiveSpec, cloud).MonthlyTotalUsd, 2);
            }

            cards.Add(new BlueprintCard(version, blueprint, cost));
        }

        return cards;
    }

    /// <summary>The latest version of blueprint <paramref name="name"/>, or null when there is none.</summary>
    public async Task<BlueprintCard?> CardAsync(string name, CancellationToken cancellationToken) =>
        (await CardsAsync(cancellationToken)).FirstOrDefault(c => c.Version.Name == name);

    /// <summary>A draft of <paramref name="request"/> (spec fields as JSON, without <c>blueprint</c>) over the chosen blueprint.</summary>
    /// <exception cref="SpecValidationException">Every error at once: the blueprint's (by path under <c>blueprint</c>, locked fields at their own path) and the spec's.</exception>
    public async Task<TeamEnvironment> CreateDraftAsync(KundUser user, JsonObject request, BlueprintChoice choice, int? wizardStep, CancellationToken cancellationToken)
    {
        var (version, blueprint) = await ResolveAsync(choice, cancellationToken);
        var applied = BlueprintSpec.Apply(blueprint, request, choice.Parameters);
        var spec = await ToSpecAsync(applied, cancellationToken);

        return await LinkedAsync(
            () => environments.CreateDraftAsync(user, spec, wizardStep, cancellationToken),
            environment => Link(environment.Id, revision: 1, version, applied.Parameters),
            cancellationToken);
    }

    /// <summary>The blueprint each of <paramref name="ids"/> is on (those made from one), with the latest version of it.</summary>
    public Task<IReadOnlyDictionary<Guid, EnvironmentBlueprintView>> OfAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        EnvironmentBlueprints.OfAsync(db, ids, cancellationToken);

    /// <summary>
    /// Proposes moving environment <paramref name="id"/> to the latest version of its blueprint: a revision in Draft whose
    /// diff plan is what the move would run, approved like any change.
    /// </summary>
    public async Task<EnvironmentRevision> ProposeUpgradeAsync(KundUser caller, Guid id, CancellationToken cancellationToken)
    {
        var environment = await EnvironmentLifecycle.LoadVisibleAsync(db, caller, id, cancellationToken);
        var on = (await OfAsync([id], cancellationToken)).GetValueOrDefault(id)
            ?? throw new SpecValidationException(ValidationResult.Valid.WithError(BlueprintSpec.RequestPath, "This environment was not made from a blueprint."), environment.Spec);
        if (!on.UpgradeAvailable)
        {
            throw new SpecValidationException(ValidationResult.Valid.WithError(BlueprintSpec.RequestPath, $"The environment is on {on.Name} v{on.Version}, the latest version."), environment.Spec);
        }

        var from = await ReadAsync(on.Name, on.Version, cancellationToken);
        var (latest, to) = await ResolveAsync(new BlueprintChoice(on.Name, on.Latest, null), cancellationToken);
        var current = JsonSerializer.SerializeToNode(environment.Spec, KundJson.Options)!.AsObject();
        var applied = BlueprintSpec.Upgrade(from, to, current, on.Parameters);
        var spec = await ToSpecAsync(applied, cancellationToken);

        return await LinkedAsync(
            () => revisions.ProposeAsync(caller, id, spec, rollbackTo: null, $"Move to blueprint {on.Name} v{on.Latest}", cancellationToken),
            revision => Link(id, revision.Number, latest, applied.Parameters),
            cancellationToken);
    }

    /// <summary>
    /// <paramref name="change"/> and its blueprint link in one transaction: the request's when one is open (the API's
    /// viewed change), else one of its own.
    /// </summary>
    private async Task<T> LinkedAsync<T>(Func<Task<T>> change, Func<T, EnvironmentBlueprint> link, CancellationToken cancellationToken)
    {
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await using (owned)
        {
            var changed = await change();
            db.Add(link(changed));
            await db.SaveChangesAsync(cancellationToken);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }

            return changed;
        }
    }

    /// <summary>Refuses the spec of a draft made from a blueprint (already replaced, in the open transaction) when it changes a locked field.</summary>
    /// <exception cref="SpecValidationException">Each locked field changed, at its path.</exception>
    public async Task RequireLockedAsync(TeamEnvironment environment, CancellationToken cancellationToken)
    {
        if ((await OfAsync([environment.Id], cancellationToken)).GetValueOrDefault(environment.Id) is not { } on)
        {
            return;
        }

        var blueprint = await ReadAsync(on.Name, on.Version, cancellationToken);
        var errors = BlueprintSpec.Locks(blueprint, JsonSerializer.SerializeToNode(environment.Spec, KundJson.Options)!.AsObject());
        if (errors.Count > 0)
        {
            throw new SpecValidationException(new ValidationResult(errors, new Dictionary<string, IReadOnlyList<string>>()), environment.Spec);
        }
    }

    private async Task<(BlueprintVersion Version, Blueprint Blueprint)> ResolveAsync(BlueprintChoice choice, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(choice.Name))
        {
            throw Refused($"{BlueprintSpec.RequestPath}.name", "Name the blueprint to start from (GET /api/blueprints lists them).");
        }

        var number = choice.Version ?? await db.Set<BlueprintVersion>().Where(b => b.Name == choice.Name).MaxAsync(b => (int?)b.Version, cancellationToken);
        var version = number is { } n ? await store.FindAsync(choice.Name, n, cancellationToken) : null;
        if (version is null)
        {
            throw number is null || choice.Version is null
                ? Refused($"{BlueprintSpec.RequestPath}.name", $"There is no blueprint '{choice.Name}'.")
                : Refused($"{BlueprintSpec.RequestPath}.version", $"Blueprint '{choice.Name}' has no version {choice.Version}.");
        }

        return (version, BlueprintStore.Read(version));
    }

    private async Task<Blueprint> ReadAsync(string name, int version, CancellationToken cancellationToken) =>
        BlueprintStore.Read(await store.FindAsync(name, version, cancellationToken)
            ?? throw new InvalidOperationException($"Blueprint {name} v{version} is recorded on an environment but not stored."));

    /// <summary>The merged spec as a spec; with the blueprint's errors, the spec's own are reported too.</summary>
    private async Task<EnvironmentSpec> ToSpecAsync(BlueprintSpecResult applied, CancellationToken cancellationToken)
    {
        EnvironmentSpec spec;
        try
        {
            spec = applied.Spec.Deserialize<EnvironmentSpec>(KundJson.Options) ?? new EnvironmentSpec();
        }
        catch (JsonException exception)
        {
            var path = (exception.Path ?? "$").TrimStart('$').TrimStart('.');
            var errors = applied.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            errors[path.Length == 0 ? "$" : path] = [exception.Message.Split(" Path:")[0]];
            throw new SpecValidationException(new ValidationResult(errors, new Dictionary<string, IReadOnlyList<string>>()), new EnvironmentSpec());
        }

        if (applied.IsValid)
        {
            return spec;
        }

        var check = await environments.CheckAsync(spec, cancellationToken);
        var all = check.Result.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var (path, messages) in applied.Errors)
        {
            all[path] = [.. messages, .. all.GetValueOrDefault(path) ?? []];
        }

        throw new SpecValidationException(new ValidationResult(all, check.Result.Warnings), check.EffectiveSpec);
    }

    private EnvironmentBlueprint Link(Guid environmentId, int revision, BlueprintVersion version, JsonObject parameters) => new()
    {
        EnvironmentId = environmentId,
        Revision = revision,
        Name = version.Name,
        Version = version.Version,
        Parameters = parameters.ToJsonString(),
        CreatedAt = time.GetUtcNow(),
    };

    private static SpecValidationException Refused(string path, string message) =>
        new(ValidationResult.Valid.WithError(path, message), new EnvironmentSpec());
}
