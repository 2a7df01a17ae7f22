using System.Globalization;
using Kund.Domain.Json;

namespace Kund.Web.Api;

/// <summary>
/// Query parameters read like bodies: a value that is not what the parameter takes is a 400 keyed by the
/// parameter's name, naming the value, before any query runs.
/// </summary>
internal static class QueryParameters
{
    /// <summary>
    /// An endpoint filter for the whole API: PostgreSQL stores and compares no NUL character, so a value
    /// (or name) holding one is refused here rather than failing in the database.
    /// </summary>
    public static RouteGroupBuilder RefuseNulInQuery(this RouteGroupBuilder api)
    {
        api.AddEndpointFilter(async (context, next) =>
        {
            foreach (var (name, values) in context.HttpContext.Request.Query)
            {
                if (name.Contains('\0', StringComparison.Ordinal))
                {
                    return ApiProblems.Field(Show(name), "The parameter name contains a NUL character (\\u0000), which Kund cannot search for.");
                }

                foreach (var value in values)
                {
                    if (value?.Contains('\0', StringComparison.Ordinal) == true)
                    {
                        return ApiProblems.Field(name, $"'{Show(value)}' contains a NUL character (\\u0000), which Kund cannot search for.");
                    }
                }
            }

            return await next(context);
        });
        return api;
    }

    /// <summary>Exactly one defined name of <typeparamref name="T"/>, or nothing.</summary>
    public static bool TryEnum<T>(string name, string? text, out T? value, out IResult? problem)
        where T : struct, Enum
    {
        value = null;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!EnumNames.TryParse<T>(text, out var parsed))
        {
            problem = ApiProblems.Field(name, $"'{Show(text)}' is not one of {EnumNames.Expected<T>()}.");
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>A comma list of defined names (<c>Draft,Ready</c>: either); empty when the parameter is absent.</summary>
    public static bool TryEnumList<T>(string name, string? text, out IReadOnlyList<T> values, out IResult? problem)
        where T : struct, Enum
    {
        values = [];
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parsed = new List<T>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!EnumNames.TryParse<T>(item, out var value))
            {
                problem = ApiProblems.Field(name, $"'{Show(item)}' (in '{Show(text)}') is not one of {EnumNames.Expected<T>()}; give one or a comma list of them.");
                return false;
            }

            if (!parsed.Contains(value))
            {
                parsed.Add(value);
            }
        }

        values = parsed;
        return true;
    }

    /// <summary>A text filter no longer than the column it is compared with (a longer one matches nothing and is a mistake).</summary>
    public static bool TryText(string name, string? text, int maxLength, out IResult? problem)
    {
        problem = text is { Length: > 0 } && text.Length > maxLength
            ? ApiProblems.Field(name, $"'{Show(text)}' has {text.Length} characters; at most {maxLength}.")
            : null;
        return problem is null;
    }

    public static bool TryLimit(string? limit, int max, out int? take, out IResult? problem)
    {
        take = null;
        problem = null;
        if (string.IsNullOrEmpty(limit))
        {
            return true;
        }

        if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            problem = ApiProblems.Field("limit", $"'{Show(limit)}' is not a page size; expected a whole number from 1 to {max}.");
            return false;
        }

        take = value;
        return true;
    }

    /// <summary>An instant in ISO 8601, as UTC: <c>2026-11-25T09:00:00+09:00</c> is midnight UTC; no offset means UTC.</summary>
    public static bool TryInstant(string name, string? text, out DateTimeOffset? value, out IResult? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            problem = ApiProblems.Field(name, $"'{Show(text)}' is not a date; expected ISO 8601 such as 2026-11-25T00:00:00Z.");
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>A value as a message shows it: at most 64 characters, control characters visible.</summary>
    public static string Show(string value)
    {
        var clipped = value.Length > 64 ? value[..64] + "…" : value;
        return clipped.Replace("\0", "\\u0000", StringComparison.Ordinal);
    }
}
