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
            // One sentence per message, each closed by a full stop: the validator's messages have none of
            // their own and would otherwise run into the next path.
            Detail = string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m.TrimEnd('.', ' ')}.")).Take(5)),
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
}
