using System.Globalization;
using System.Text.Json;
using Kund.Domain;
using Kund.Domain.Drift;
using Kund.Domain.Environments;
using Kund.Domain.Execution;
using Kund.Domain.Planning;
using Kund.Domain.Resources;
using Kund.Domain.Teams;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Aws;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Kund.Infrastructure.Notifications;
using Kund.Infrastructure.Persistence;
using Kund.Infrastructure.Progress;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// One pass of drift checks: takes the checks asked for and those due by their team's schedule, checks
/// them together (<see cref="DriftChecker"/>: batched, paced, read-only), applies each team's ignore rules,
/// and writes each outcome. A check that finds drift different from the last is audited
/// (<c>environment.drifted</c>). Several nodes may run passes: a check is claimed by one conditional update.
/// </summary>
public sealed class DriftRunner(
    IDbContextFactory<KundDbContext> dbs,
    DriftChecker checker,
    ITeamPolicies policies,
    IAuditTrail audit,
    EventOutbox outbox,
    ProgressWriter progress,
    AwsClients clients,
    IOptions<DriftOptions> options,
    TimeProvider time,
    ILogger<DriftRunner> logger)
{
    public const string DriftedAction = "environment.drifted";

    /// <summary>Runs one pass; returns the environments checked with the read calls the pass made.</summary>
    public async Task<DriftPass> RunPassAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        if (settings.Scheduled)
        {
            await ScheduleDueAsync(cancellationToken);
        }

        var claimed = await ClaimAsync(settings, cancellationToken);
        if (claimed.Count == 0)
        {
            return new DriftPass([], 0, TimeSpan.Zero);
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var environments = await db.Set<TeamEnvironment>().AsNoTracking().Where(e => claimed.Contains(e.Id)).ToListAsync(cancellationToken);
        var records = (await db.Set<ResourceRecord>().AsNoTracking().Where(r => claimed.Contains(r.EnvironmentId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.EnvironmentId);
        var ready = environments.Where(e => e.Status == EnvironmentStatus.Ready).ToList();
        var subjects = ready.Select(e => SubjectOf(e, records[e.Id])).ToList();

        using var budget = new DriftReadBudget(settings.ReadsPerSecond, time);
        IReadOnlyDictionary<Guid, DriftReport> reports;
        string? error = null;
        try
        {
            reports = await checker.CheckAsync(subjects, budget, cancellationToken);
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "A drift check of {Count} environments could not read the cloud", subjects.Count);
            reports = new Dictionary<Guid, DriftReport>();
            error = $"The cloud could not be read: {ex.Message}";
        }

        var callsEach = subjects.Count == 0 ? 0 : (int)Math.Ceiling(budget.Calls / (double)subjects.Count);
        var ignored = (await db.Set<DriftIgnoredResource>().AsNoTracking().Where(r => claimed.Contains(r.EnvironmentId)).Select(r => new { r.EnvironmentId, r.CloudId }).ToListAsync(cancellationToken))
            .ToLookup(r => r.EnvironmentId, r => r.CloudId);
        foreach (var environment in environments)
        {
            var why = environment.Status == EnvironmentStatus.Ready
                ? error
                : $"The environment is {environment.Status}; drift is checked only while it is {EnvironmentStatus.Ready}.";
            var report = reports.TryGetValue(environment.Id, out var found)
                ? found.Without(new DriftIgnore((await policies.GetAsync(environment.Team, cancellationToken)).Drift?.Ignore)).WithoutUnmanaged(ignored[environment.Id])
                : null;
            await WriteAsync(db, environment, report, why, callsEach, cancellationToken);
        }

        return new DriftPass([.. claimed], budget.Calls, time.GetElapsedTime(started));
    }

    /// <summary>The subject of a Ready environment: its applied graph and what it recorded as created.</summary>
    public static DriftSubject SubjectOf(TeamEnvironment environment, IEnumerable<ResourceRecord> records)
    {
        var created = records
            .Where(r => r.State == ResourceState.Created && r.CloudId is not null)
            .ToDictionary(r => r.Key, r => new CloudResource(r.CloudId!, r.Arn, ResourceRecords.ReadAttributes(r.Attributes)), StringComparer.Ordinal);
        return new DriftSubject(
            new EnvironmentRef(environment.Id, environment.Name, environment.Spec.Region, environment.Spec.Tags ?? new Dictionary<string, string>()),
            ResourceGraphBuilder.Build(environment.Spec).Nodes,
            created);
    }

    /// <summary>Marks the Ready environments whose team's interval has passed since their last check (or since they became Ready).</summary>
    private async Task ScheduleDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var ready = await db.Set<TeamEnvironment>().AsNoTracking()
            .Where(e => e.Status == EnvironmentStatus.Ready)
            .Select(e => new { e.Id, e.Team, e.UpdatedAt })
            .ToListAsync(cancellationToken);
        if (ready.Count == 0)
        {
            return;
        }

        var ids = ready.Select(e => e.Id).ToList();
        var checks = await db.Set<DriftCheck>().Where(d => ids.Contains(d.EnvironmentId)).ToDictionaryAsync(d => d.EnvironmentId, cancellationToken);
        var now = time.GetUtcNow();
        var intervals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var environment in ready)
        {
            if (!intervals.TryGetValue(environment.Team, out var interval))
            {
                var rules = (await policies.GetAsync(environment.Team, cancellationToken)).Drift;
                intervals[environment.Team] = interval = DriftSchedule.Interval(rules, clients.Options.EffectiveTimeScale);
            }

            var check = checks.GetValueOrDefault(environment.Id);
            if (check?.Status == DriftCheckStatus.Checking || !DriftSchedule.IsDue(check?.CheckedAt ?? check?.RequestedAt ?? environment.UpdatedAt, interval, now))
            {
                continue;
            }

            if (check is null)
            {
                db.Add(check = new DriftCheck { EnvironmentId = environment.Id, Team = environment.Team });
            }

            check.Status = DriftCheckStatus.Checking;
            check.RequestedAt = now;
            check.RequestedBy = null;
            check.ClaimedAt = null;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another node scheduled the same environments at the same moment; its rows serve.
            logger.LogDebug(ex, "Drift checks were scheduled by another node");
        }
    }

    /// <summary>Takes the asked-for checks nobody holds (or whose holder stopped long ago), one conditional update each.</summary>
    private async Task<List<Guid>> ClaimAsync(DriftOptions settings, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var stale = now - settings.ClaimTimeout;
        var waiting = await db.Set<DriftCheck>().AsNoTracking()
            .Where(d => d.Status == DriftCheckStatus.Checking && (d.ClaimedAt == null || d.ClaimedAt < stale))
            .OrderBy(d => d.RequestedAt)
            .Take(settings.MaxEnvironmentsPerPass)
            .Select(d => new { d.EnvironmentId, d.ClaimedAt })
            .ToListAsync(cancellationToken);
        var claimed = new List<Guid>();
        foreach (var check in waiting)
        {
            var taken = await db.Set<DriftCheck>()
                .Where(d => d.EnvironmentId == check.EnvironmentId && d.Status == DriftCheckStatus.Checking && d.ClaimedAt == check.ClaimedAt)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.ClaimedAt, now), cancellationToken);
            if (taken == 1)
            {
                claimed.Add(check.EnvironmentId);
            }
        }

        return claimed;
    }

    private async Task WriteAsync(KundDbContext db, TeamEnvironment environment, DriftReport? report, string? error, int calls, CancellationToken cancellationToken)
    {
        var check = await db.Set<DriftCheck>().SingleAsync(d => d.EnvironmentId == environment.Id, cancellationToken);
        var now = time.GetUtcNow();
        var before = (check.State, check.Items, check.Unmanaged);
        if (check.ClaimedAt is null)
        {
            // Asked for again while this pass ran: leave it to the next pass, which sees the newer cloud.
            check.ClaimedAt = null;
        }
        else
        {
            check.Status = report is null ? DriftCheckStatus.Unknown : report.Status;
        }

        check.State = report is null ? DriftState.Unknown : report.Status == DriftCheckStatus.InSync ? DriftState.InSync : DriftState.Drifted;
        check.CheckedAt = now;
        check.Error = error;
        check.ReadCalls = calls;
        if (report is not null)
        {
            check.Items = JsonSerializer.Serialize(report.Items, KundJson.Options);
            check.Unmanaged = JsonSerializer.Serialize(report.Unmanaged, KundJson.Options);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = before.State != DriftState.Drifted || before.Items != check.Items || before.Unmanaged != check.Unmanaged;
        if (report is { Status: DriftCheckStatus.Drifted } && changed)
        {
            await audit.RecordAsync(
                db,
                new AuditEntry(check.RequestedBy ?? KundUser.System.Email, DriftedAction, environment.Team, environment.Id, report.Summary, new Dictionary<string, string?>
                {
                    ["items"] = report.Items.Count.ToString(CultureInfo.InvariantCulture),
                    ["unmanaged"] = report.Unmanaged.Count.ToString(CultureInfo.InvariantCulture),
                    ["highest"] = report.Highest?.ToString(),
                    ["attributes"] = string.Join(", ", report.Items.Take(20).Select(i => $"{i.Key} {i.Attribute}")),
                }),
                cancellationToken);

            // The team hears of it (bell, webhook `drifted`); the progress event makes the bell count live.
            var message = $"Drift found: {report.Summary}";
            await outbox.RecordAsync(db, KundEvents.Drifted, environment, KundUser.System.Email, message, cancellationToken: cancellationToken);
            await progress.AppendAsync(db, environment.Id, environment.Team, message, 100, cancellationToken: cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>What one pass did: the environments it checked, the read calls it made, how long it took.</summary>
public sealed record DriftPass(IReadOnlyList<Guid> Checked, long ReadCalls, TimeSpan Elapsed);
