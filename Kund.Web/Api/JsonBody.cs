using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kund.Domain;
using Kund.Domain.Json;

namespace Kund.Web.Api;

/// <summary>
/// Reads a JSON body with api.md's names, turning a body that does not parse into a 400 that names the
/// field and what it expects (<c>purpose</c>: expected dev, stage, prod or demo) rather than a bare 400.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0)
        {
            return (null, ApiProblems.Field("$", "The request has no body; expected a JSON object."));
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: $"Expected application/json, got {type}."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = KundJson.Options.MaxDepth }, cancellationToken);

            // PostgreSQL stores no NUL character, in text or in jsonb: refused here by path, not at the insert.
            if (PathOfNul(document.RootElement, "") is { } nulPath)
            {
                return (null, ApiProblems.Field(nulPath.Length == 0 ? "$" : nulPath, "The text contains a NUL character (\\u0000), which Kund cannot store."));
            }

            var value = document.Deserialize<T>(KundJson.Options);
            return value is null
                ? (null, ApiProblems.Field("$", "The body is null; expected a JSON object."))
                : (value, null);
        }
        catch (JsonValueException ex)
        {
            return (null, ApiProblems.Field(PathOf(ex), ex.Message));
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Field(PathOf(ex), Describe(ex)));
        }
        catch (BadHttpRequestException ex)
        {
            // A chunked body past the size limit, or a client that stopped sending.
            return (null, Results.Problem(statusCode: ex.StatusCode, title: "The request body could not be read", detail: ex.Message));
        }
    }

    /// <summary>The JSON path (<c>tags.name</c>, <c>subnets[1].name</c>) of the first property name or string holding U+0000.</summary>
    private static string? PathOfNul(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return HasNul(element) ? path : null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (PathOfNul(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (property.Name.Contains('\0', StringComparison.Ordinal))
                    {
                        return path.Length == 0 ? "$" : path;
                    }

                    if (PathOfNul(property.Value, propertyPath) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool HasNul(JsonElement text)
    {
        try
        {
            return text.GetString()!.Contains('\0', StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape is not text; reading the body into T reports it with its path.
            return false;
        }
    }

    private static string PathOf(JsonException exception) =>
        exception.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : "$";

    private static string Describe(JsonException exception)
    {
        const string marker = "could not be converted to ";
        var message = exception.Message;
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var typeName = message[(at + marker.Length)..].Split('.', ' ')[^1];
            var end = message.IndexOf(". Path", at, StringComparison.Ordinal);
            var fullName = message[(at + marker.Length)..(end > 0 ? end : message.Length)].Trim().TrimEnd('.');
            return $"The value is not valid here; expected {Expected(fullName) ?? typeName}.";
        }

        return $"The body is not valid JSON: {message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0]}";
    }

    private static string? Expected(string typeName)
    {
        var nullable = typeName.StartsWith("System.Nullable`1[", StringComparison.Ordinal);
        var name = nullable ? typeName["System.Nullable`1[".Length..].TrimEnd(']') : typeName;
        var type = typeof(KundJson).Assembly.GetType(name) ?? Type.GetType(name);
        if (type is null)
        {
            return null;
        }

        if (type.IsEnum)
        {
            var names = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)
                .ToList();
            return $"one of {string.Join(", ", names)}";
        }

        return type == typeof(string) ? "a string"
            : type == typeof(bool) ? "true or false"
            : type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double) ? "a number"
            : type == typeof(DateTimeOffset) ? "an ISO 8601 date and time such as 2026-12-31T18:00:00Z"
            : type.IsGenericType ? "an array or object of the documented shape"
            : $"an object ({type.Name})";
    }
}
