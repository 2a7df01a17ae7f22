using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Kund.Web.Api;

/// <summary>Problem details for bad input: 400 with every error keyed by the JSON path of its field.</summary>
internal static class ApiProblems
{
    public static ValidationProblemDetails Validation(
        IReadOnlyDictionary<string, IReadOnlyList<string>> errors,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? warnings = null,
        object? spec = null)
    {
        var problem = new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has errors",
            Detail = string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).Take(5)),
        };
        if (warnings is { Count: > 0 })
        {
            problem.Extensions["warnings"] = warnings;
        }

        if (spec is not null)
        {
            problem.Extensions["spec"] = spec;
        }

        return problem;
    }

    public static IResult Field(string path, string message) =>
        Results.Problem(Validation(new Dictionary<string, IReadOnlyList<string>> { [path] = [message] }));

    /// <summary>Names the field of a body that does not parse, e.g. <c>$.subnets[1].tier</c> → <c>subnets[1].tier</c>.</summary>
    public static IResult MalformedBody(JsonException exception)
    {
        var path = exception.Path is { Length: > 2 } p ? p.TrimStart('$').TrimStart('.') : "$";
        var reason = exception.InnerException is InvalidOperationException or FormatException
            ? exception.InnerException.Message
            : exception.Message.Split(" Path:", 2)[0];
        return Field(path, $"Not readable as the expected JSON: {reason}");
    }
}
