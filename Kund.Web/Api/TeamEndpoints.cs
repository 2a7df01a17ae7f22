using System.Text.Json;
using System.Text.Json.Nodes;
using Kund.Domain;
using Kund.Domain.Drift;
using Kund.Domain.Json;
using Kund.Domain.Teams;
using Kund.Infrastructure.Teams;
using Kund.Web.Identity;

namespace Kund.Web.Api;

/// <summary>
/// <c>GET /api/teams/{team}/policy</c> (the team's members and those who read all teams) and <c>PUT</c>
/// (admins): a team's guardrails as api.md's "Team policy". The body is exactly the policy; its version
/// is the response's <c>ETag</c>. An unknown field, a negative number, a bad pattern or a TTL default above
/// its maximum is a 400 at its path.
/// </summary>
internal static class TeamEndpoints
{
    public static RouteGroupBuilder MapTeamEndpoints(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams");

        teams.MapGet("/{team}/policy", async (string team, HttpContext http, TeamPolicyStore store, CancellationToken ct) =>
        {
            if (!http.User.ToCaller().CanSeeTeam(team) || !await store.TeamExistsAsync(team, ct))
            {
                return KundResults.NotFound();
            }

            var view = await store.GetViewAsync(team, ct);
            http.Response.Headers.ETag = $"\"v{view.Version}\"";
            return Results.Json(view.Policy, KundJson.Options);
        }).WithSummary("The team's policy (its defaults when nobody configured one)");

        teams.MapPut("/{team}/policy", async (string team, HttpContext http, TeamPolicyStore store, CancellationToken ct) =>
        {
            if (!await store.TeamExistsAsync(team, ct))
            {
                return KundResults.NotFound();
            }

            var (body, problem) = await JsonBody.ReadAsync<JsonObject>(http.Request, ct);
            if (problem is not null)
            {
                return problem;
            }

            var unknown = UnknownFields(body!);
            if (unknown.Count > 0)
            {
                return Results.Problem(ApiProblems.Validation(unknown));
            }

            TeamPolicy policy;
            try
            {
                policy = body.Deserialize<TeamPolicy>(KundJson.Options)!;
            }
            catch (JsonException error)
            {
                var path = error.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "$";
                var message = error is JsonValueException ? error.Message : $"The value is not valid here; expected {Expected(path)}.";
                return ApiProblems.Field(path, message);
            }

            try
            {
                var saved = await store.SaveAsync(http.User.ToCaller(), team, policy, ct);
                http.Response.Headers.ETag = $"\"v{saved.Version}\"";
                return Results.Json(saved.Policy, KundJson.Options);
            }
            catch (TeamPolicyValidationException invalid)
            {
                return Results.Problem(ApiProblems.Validation(invalid.Result.Errors));
            }
        }).RequireAuthorization(KundPolicies.Admin).WithSummary("Replace the team's policy (admins; a new version, audited)");
        return api;
    }

    /// <summary>What a field of the policy takes, for the message of a value of the wrong kind.</summary>
    private static string Expected(string path)
    {
        var field = KundJson.Options.GetTypeInfo(typeof(TeamPolicy)).Properties
            .FirstOrDefault(p => string.Equals(p.Name, path.Split('.', '[')[0], StringComparison.OrdinalIgnoreCase));
        var type = field is null ? null : Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
        return type == typeof(decimal) || type == typeof(int) ? "a number"
            : type == typeof(IReadOnlyList<string>) ? "a list of strings"
            : type is { IsGenericType: true } && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? "a list of names"
            : type is not null ? "an object keyed by purpose (dev, stage, prod, demo)"
            : "the shape of api.md's Team policy";
    }

    /// <summary>Fields the policy does not have, at the top, inside <c>ttl</c>'s rules and inside <c>drift</c>, each at its path.</summary>
    private static Dictionary<string, IReadOnlyList<string>> UnknownFields(JsonObject body)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        Check(body, typeof(TeamPolicy), "", errors);
        if (body.TryGetPropertyValue("ttl", out var ttl) && ttl is JsonObject rules)
        {
            foreach (var (purpose, rule) in rules)
            {
                if (rule is JsonObject fields)
                {
                    Check(fields, typeof(TtlRule), $"ttl.{purpose}.", errors);
                }
            }
        }

        if (body.TryGetPropertyValue("drift", out var drift) && drift is JsonObject driftFields)
        {
            Check(driftFields, typeof(DriftRules), "drift.", errors);
        }

        return errors;
    }

    private static void Check(JsonObject fields, Type type, string prefix, Dictionary<string, IReadOnlyList<string>> errors)
    {
        var known = KundJson.Options.GetTypeInfo(type).Properties.Select(p => p.Name).ToList();
        foreach (var (name, _) in fields)
        {
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors[prefix + name] = [$"'{QueryParameters.Show(name)}' is not a field of a team policy here; expected one of {string.Join(", ", known)}."];
            }
        }
    }
}
