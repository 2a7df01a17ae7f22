using System.Globalization;
using System.Text;
using Kund.Domain.Specs;
using Kund.Infrastructure.Audit;
using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>The audit history, its CSV export and the check of its hash chain.</summary>
internal static class AuditEndpoints
{
    /// <summary>Audit actions are short names (environment.created) in a column of 64 characters.</summary>
    private const int MaxActionLength = 64;

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("", ListAsync).WithSummary("Audit history, newest first, keyset paged");
        audit.MapGet("/export", ExportAsync).WithSummary("The filtered audit history as CSV");
        audit.MapGet("/verify", VerifyAsync)
            .RequireAuthorization(KundPolicies.Audit)
            .WithSummary("Check the audit chain against its key and signed checkpoints (auditors and admins)");
        return api;
    }

    /// <summary>Incremental from the newest checkpoint that holds; <c>?full=true</c> walks from the first row.</summary>
    private static async Task<IResult> VerifyAsync(AuditVerifier verifier, string? full, CancellationToken ct)
    {
        if (full is not (null or "true" or "false"))
        {
            return ApiProblems.Field("full", $"'{QueryParameters.Show(full)}' is not a boolean; expected true or false.");
        }

        var outcome = await verifier.VerifyAsync(full == "true", AuditVerifier.ReasonVerify, ct);
        var chain = outcome.Chain;
        return Results.Ok(new
        {
            valid = chain.Valid,
            @checked = chain.Checked,
            firstBrokenId = chain.FirstBrokenId,
            reason = chain.Reason,
            fromCheckpointId = outcome.FromCheckpointId,
            walked = outcome.Walked,
            checkpoint = outcome.Checkpoint is { } c
                ? new { id = c.Id, at = c.At, headId = c.HeadId, headHash = c.HeadHash, count = c.Count, signature = c.Signature }
                : null,
        });
    }

    private static async Task<IResult> ListAsync(HttpContext http, AuditQueries queries, string? cursor, string? limit, CancellationToken ct)
    {
        if (!TryFilter(http.Request.Query, out var filter, out var problem))
        {
            return problem!;
        }

        if (cursor is not null && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return ApiProblems.Field("cursor", $"'{QueryParameters.Show(cursor)}' is not a cursor; pass the nextCursor of the previous page.");
        }

        if (!QueryParameters.TryLimit(limit, AuditQueries.MaxLimit, out var take, out var limitProblem))
        {
            return limitProblem!;
        }

        return Results.Ok(await queries.ListAsync(http.User.ToCaller(), filter!, cursor, take, ct));
    }

    /// <summary>Writes the CSV; also served to the signed-in page at <c>/audit/export</c> (the session cookie, see AuditDownload).</summary>
    internal static async Task ExportAsync(HttpContext http, AuditQueries queries, CancellationToken ct)
    {
        if (!TryFilter(http.Request.Query, out var filter, out var problem))
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        // The query runs before the first byte: once the response has started, a failure can only cut the
        // file short under a 200, which a client cannot tell from a complete export.
        await using var rows = queries.StreamAsync(http.User.ToCaller(), filter!, ct).GetAsyncEnumerator(ct);
        var more = await rows.MoveNextAsync();

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"kund-audit.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync("id,at,actor,action,team,environmentId,subject,details,hash");
        for (; more; more = await rows.MoveNextAsync())
        {
            var item = rows.Current;
            var details = string.Join("; ", item.Details.Where(d => d.Value is not null).Select(d => $"{d.Key}={d.Value}"));
            await writer.WriteLineAsync(string.Join(',',
                item.Id.ToString(CultureInfo.InvariantCulture),
                item.At.ToString("O", CultureInfo.InvariantCulture),
                Csv(item.Actor),
                Csv(item.Action),
                Csv(item.Team),
                item.EnvironmentId?.ToString("D") ?? "",
                Csv(item.Subject),
                Csv(details),
                item.Hash));
        }
    }

    /// <summary>Quotes a CSV field, and defuses spreadsheet formulas (a cell starting with = + - @).</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static bool TryFilter(IQueryCollection query, out AuditFilter? filter, out IResult? problem)
    {
        filter = null;
        problem = null;
        Guid? environmentId = null;
        if (query["environmentId"].ToString() is { Length: > 0 } id)
        {
            if (!Guid.TryParse(id, CultureInfo.InvariantCulture, out var parsed))
            {
                problem = ApiProblems.Field("environmentId", $"'{QueryParameters.Show(id)}' is not an environment id.");
                return false;
            }

            environmentId = parsed;
        }

        var team = Text(query, "team");
        var actor = Text(query, "actor");
        var action = Text(query, "action");
        if (!QueryParameters.TryText("team", team, SpecLimits.TeamMaxLength, out problem)
            || !QueryParameters.TryText("actor", actor, SpecLimits.EmailMaxLength, out problem)
            || !QueryParameters.TryText("action", action, MaxActionLength, out problem)
            || !QueryParameters.TryInstant("from", Text(query, "from"), out var from, out problem)
            || !QueryParameters.TryInstant("to", Text(query, "to"), out var to, out problem))
        {
            return false;
        }

        filter = new AuditFilter(team, environmentId, actor, action, from, to);
        return true;
    }

    private static string? Text(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
}
