using System.Globalization;
using System.Text;
using Kund.Infrastructure.Audit;

namespace Kund.Web.Api;

/// <summary>The audit history, its CSV export and the check of its hash chain.</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("", ListAsync).WithSummary("Audit history, newest first, keyset paged");
        audit.MapGet("/export", ExportAsync).WithSummary("The filtered audit history as CSV");
        audit.MapGet("/verify", async (AuditVerifier verifier, CancellationToken ct) =>
        {
            var result = await verifier.VerifyAsync(ct);
            return Results.Ok(new { valid = result.Valid, @checked = result.Checked, firstBrokenId = result.FirstBrokenId });
        }).WithSummary("Check the audit hash chain");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AuditQueries queries, string? cursor, string? limit, CancellationToken ct)
    {
        if (!TryFilter(http.Request.Query, out var filter, out var problem))
        {
            return problem!;
        }

        if (cursor is not null && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return ApiProblems.Field("cursor", $"'{EnvironmentEndpoints.Clip(cursor)}' is not a cursor; pass the nextCursor of the previous page.");
        }

        if (!EnvironmentEndpoints.TryLimit(limit, AuditQueries.MaxLimit, out var take, out var limitProblem))
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

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"kund-audit.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync("id,at,actor,action,team,environmentId,subject,details,hash");
        await foreach (var item in queries.StreamAsync(http.User.ToCaller(), filter!, ct))
        {
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
                problem = ApiProblems.Field("environmentId", $"'{EnvironmentEndpoints.Clip(id)}' is not an environment id.");
                return false;
            }

            environmentId = parsed;
        }

        if (!TryInstant(query, "from", out var from, out problem) || !TryInstant(query, "to", out var to, out problem))
        {
            return false;
        }

        filter = new AuditFilter(
            Text(query, "team"),
            environmentId,
            Text(query, "actor"),
            Text(query, "action"),
            from,
            to);
        return true;
    }

    private static string? Text(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } value ? value : null;

    private static bool TryInstant(IQueryCollection query, string name, out DateTimeOffset? value, out IResult? problem)
    {
        value = null;
        problem = null;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            problem = ApiProblems.Field(name, $"'{EnvironmentEndpoints.Clip(text)}' is not a date; expected ISO 8601 such as 2026-11-25T00:00:00Z.");
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }
}
