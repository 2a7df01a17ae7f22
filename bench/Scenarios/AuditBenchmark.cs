using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kund.Bench.Support;
using Kund.Domain.Audit;
using Kund.Infrastructure.Audit;
using Kund.Infrastructure.Environments;
using Kund.Infrastructure.Identity;
using Npgsql;
using NpgsqlTypes;

namespace Kund.Bench.Scenarios;

/// <summary>
/// Issue 8.4: a million audit rows over 50 teams, loaded with COPY and a correct hash chain; first and deep
/// keyset pages through <see cref="AuditQueries.ListAsync"/>, their plans, and <c>verify</c> over the whole chain.
/// </summary>
public static partial class AuditBenchmark
{
    private const int Teams = 50;
    private static readonly string[] Actions =
    [
        AuditActions.EnvironmentCreated, AuditActions.EnvironmentSubmitted, AuditActions.EnvironmentApproved,
        AuditActions.ResourceCreated, AuditActions.ResourceCreated, AuditActions.ResourceCreated, AuditActions.ResourceCreated,
        AuditActions.ResourceDeleted, AuditActions.ResourceDeleted, AuditActions.EnvironmentReady, AuditActions.EnvironmentDestroyed,
        AuditActions.UserSignedIn,
    ];

    public static async Task RunAsync(int rows, int samples)
    {
        Report.Section($"Audit history at size ({rows:N0} rows, {Teams} teams, {samples} samples per query)");
        await using var database = await BenchDatabase.CreateAsync("audit");
        await using var host = await BenchHost.StartAsync(database, new Dictionary<string, string?> { ["Kund:Provisioning:RunWorker"] = "false" });

        var load = Stopwatch.StartNew();
        var environments = await LoadAsync(database, host.Services.GetRequiredService<AuditKey>(), rows);
        Report.Line($"bulk load (hash chain computed in .NET, binary COPY): {load.Elapsed.TotalSeconds:F1} s");
        await ExecuteAsync(database, "vacuum analyze audit_events");

        var admin = Support.Environments.Approver;
        var member = new KundUser(Guid.NewGuid(), "someone@team-17.kund.dev", "Someone", ["team-17"], [KundRoles.Requester]);
        var environment = environments[environments.Count / 3];
        var deepCursor = await DeepCursorAsync(database, "team-17");
        var queries = new (string Name, KundUser Caller, AuditFilter Filter, string? Cursor)[]
        {
            ("team, first page", admin, new AuditFilter(Team: "team-17"), null),
            ("team, deep page (oldest tenth)", admin, new AuditFilter(Team: "team-17"), deepCursor),
            ("environment, first page", admin, new AuditFilter(EnvironmentId: environment), null),
            ("actor, first page", admin, new AuditFilter(Actor: "user-042@kund.dev"), null),
            ("action, first page", admin, new AuditFilter(Action: AuditActions.EnvironmentApproved), null),
            ("team + action, first page", admin, new AuditFilter(Team: "team-17", Action: AuditActions.EnvironmentApproved), null),
            ("time window (one day), first page", admin, new AuditFilter(From: Start.AddDays(200), To: Start.AddDays(201)), null),
            ("no filter, deep page", admin, new AuditFilter(), (rows / 10).ToString(CultureInfo.InvariantCulture)),
            ("member's view (own team or own actions), first page", member, new AuditFilter(), null),
            ("member's view, deep page", member, new AuditFilter(), deepCursor),
        };

        Report.Line("");
        Report.Line("| query (AuditQueries.ListAsync, 50 per page) | p50 (ms) | p95 (ms) | rows | plan |");
        Report.Line("|---|---|---|---|---|");
        var plans = new List<string>();
        foreach (var (name, caller, filter, cursor) in queries)
        {
            var times = new List<double>();
            var count = 0;
            for (var i = 0; i < samples + 3; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var page = await host.WithAsync<AuditQueries, Page<AuditItem>>(q => q.ListAsync(caller, filter, cursor, null, CancellationToken.None));
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                count = page.Items.Count;
                if (i >= 3)
                {
                    times.Add(elapsed);
                }
            }

            var sql = await host.WithAsync<AuditQueries, string>(q => q.ToSqlAsync(caller, filter, AuditQueries.DefaultLimit + 1, CancellationToken.None));
            if (cursor is not null)
            {
                // The cursor's condition as ListAsync adds it: AND-ed with the whole filter.
                sql = sql.Contains("WHERE ", StringComparison.Ordinal)
                    ? sql.Replace("WHERE ", "WHERE (", StringComparison.Ordinal).Replace("ORDER BY", $") AND a.\"Id\" < {cursor}\nORDER BY", StringComparison.Ordinal)
                    : sql.Replace("ORDER BY", $"WHERE a.\"Id\" < {cursor}\nORDER BY", StringComparison.Ordinal);
            }

            var plan = await ExplainAsync(database, sql);
            plans.Add($"### {name}\n\n```sql\n{sql}\n```\n\n```\n{plan}\n```");
            Report.Line($"| {name} | {Stats.Median(times):F2} | {Stats.Percentile(times, 95):F2} | {count} | {Summarize(plan)} |");
        }

        // The first walk is the whole chain (no checkpoint yet) and signs one; the next ones start from it.
        var full = new List<double>();
        var incremental = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var outcome = await host.WithAsync<AuditVerifier, AuditVerifyOutcome>(v => v.VerifyAsync(full: i < 2, AuditVerifier.ReasonVerify, CancellationToken.None));
            (i < 2 ? full : incremental).Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            Report.Require(outcome.Chain.Valid, $"the loaded chain does not verify: first broken row {outcome.Chain.FirstBrokenId}: {outcome.Chain.Reason}");
        }

        Report.Line("");
        Report.Line($"verify, full (AuditVerifier.VerifyAsync full: true, HMAC chain + checkpoints, {rows:N0}+ rows): {Stats.List(full)} s → valid");
        Report.Line($"verify, incremental (from the last checkpoint: its row, a count up to it, the rows after it): {Stats.List(incremental.Select(s => s * 1000).ToList())} ms → valid");
        Report.Line("");
        Report.Line("Plans (EXPLAIN (ANALYZE, BUFFERS) of AuditQueries.ToSql with its parameters inlined):");
        Report.Line("");
        foreach (var plan in plans)
        {
            Report.Line(plan);
            Report.Line("");
        }
    }

    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Loads rows after whatever the app already recorded, continuing its chain; returns the environment ids used.</summary>
    private static async Task<List<Guid>> LoadAsync(BenchDatabase database, AuditKey key, int rows)
    {
        var random = new Random(8);
        var environments = Enumerable.Range(0, Teams * 20).Select(i => new Guid(random.Next(), 0, 0, [.. BitConverter.GetBytes((long)i)])).ToList();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        string previous;
        await using (var last = new NpgsqlCommand("""select "Hash" from audit_events order by "Id" desc limit 1""", connection))
        {
            previous = (string?)await last.ExecuteScalarAsync() ?? AuditChain.GenesisHash;
        }

        await using var writer = await connection.BeginBinaryImportAsync(
            """copy audit_events ("At", "Actor", "Action", "Team", "EnvironmentId", "Subject", "Details", "PreviousHash", "Hash") from stdin (format binary)""");
        var step = TimeSpan.FromDays(365) / rows;
        for (var i = 0; i < rows; i++)
        {
            var at = AuditChain.Truncate(Start + (step * i));
            var environmentIndex = random.Next(environments.Count);
            var team = $"team-{(environmentIndex % Teams) + 1:D2}";
            var action = Actions[random.Next(Actions.Length)];
            var actor = action.StartsWith("resource.", StringComparison.Ordinal) ? "system" : $"user-{random.Next(200):D3}@kund.dev";
            var details = new Dictionary<string, string?> { ["kind"] = "Subnet", ["cloudId"] = $"subnet-{i:x8}" };
            var content = new AuditContent(at, actor, action, team, environments[environmentIndex], $"subnet/private-a subnet-{i:x8}", details);
            var hash = AuditChain.ComputeHash(key, previous, content);
            await writer.StartRowAsync();
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(actor, NpgsqlDbType.Varchar);
            await writer.WriteAsync(action, NpgsqlDbType.Varchar);
            await writer.WriteAsync(team, NpgsqlDbType.Varchar);
            await writer.WriteAsync(environments[environmentIndex], NpgsqlDbType.Uuid);
            await writer.WriteAsync(content.Subject!, NpgsqlDbType.Varchar);
            await writer.WriteAsync(JsonSerializer.Serialize(details), NpgsqlDbType.Jsonb);
            await writer.WriteAsync(previous, NpgsqlDbType.Char);
            await writer.WriteAsync(hash, NpgsqlDbType.Char);
            previous = hash;
        }

        await writer.CompleteAsync();
        return environments;
    }

    private static async Task<string> DeepCursorAsync(BenchDatabase database, string team)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """select "Id" from audit_events where "Team" = @team order by "Id" offset (select count(*) / 10 from audit_events where "Team" = @team) limit 1""", connection);
        command.Parameters.AddWithValue("team", team);
        return ((long)(await command.ExecuteScalarAsync())!).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Inlines the <c>-- @name='value'</c> parameters EF Core prints above the SQL, then explains it.</summary>
    private static async Task<string> ExplainAsync(BenchDatabase database, string sql)
    {
        var lines = sql.Split('\n');
        var body = string.Join('\n', lines.Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
        foreach (var line in lines.Where(l => l.StartsWith("-- @", StringComparison.Ordinal)))
        {
            var match = ParameterLine().Match(line.TrimEnd('\r'));
            if (match.Success)
            {
                var value = match.Groups["value"].Value;
                var literal = value.StartsWith('{')
                    ? $"ARRAY[{value.Trim('{', '}', ' ')}]::text[]"
                    : $"'{value.Trim('\'')}'";
                body = Regex.Replace(body, $"@{Regex.Escape(match.Groups["name"].Value)}\\b", literal.Replace("$", "$$", StringComparison.Ordinal));
            }
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"explain (analyze, buffers) {body}", connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var plan = new List<string>();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }

            return string.Join('\n', plan);
        }
        catch (PostgresException ex)
        {
            return $"EXPLAIN failed ({ex.MessageText}) for:\n{body}";
        }
    }

    private static string Summarize(string plan)
    {
        var scans = ScanLine().Matches(plan).Select(m => m.Value.Trim()).Distinct().ToList();
        return scans.Count == 0 ? "?" : string.Join("; ", scans);
    }

    private static async Task ExecuteAsync(BenchDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"^-- @(?<name>\w+)=(?<value>.*?)(?: \((?:DbType|Nullable) = \w+\))?$")]
    private static partial Regex ParameterLine();

    [GeneratedRegex(@"(Index Only Scan|Index Scan Backward|Index Scan|Bitmap Index Scan|Seq Scan|Parallel Seq Scan)( using \w+)?")]
    private static partial Regex ScanLine();
}
