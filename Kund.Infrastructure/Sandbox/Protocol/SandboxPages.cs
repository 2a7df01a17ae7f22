using System.Globalization;
using System.Text;

namespace Kund.Infrastructure.Sandbox.Protocol;

/// <summary>
/// Offset pages under opaque tokens, for every list and describe the sandbox serves: each service checks
/// its own page-size limits and words its own errors; the token is <c>base64("offset:N")</c>.
/// </summary>
internal static class SandboxPages
{
    /// <summary>At most <paramref name="size"/> items from where <paramref name="token"/> left off, and the token of the rest.</summary>
    public static (List<T> Page, string? Next) Take<T>(IReadOnlyList<T> items, int size, string? token, Func<SandboxException> invalidToken)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(token))
        {
            start = OffsetOf(token) is { } offset && offset <= items.Count ? offset : throw invalidToken();
        }

        var page = items.Skip(start).Take(size).ToList();
        var end = start + page.Count;
        return (page, end < items.Count ? Convert.ToBase64String(Encoding.ASCII.GetBytes($"offset:{end.ToString(CultureInfo.InvariantCulture)}")) : null);
    }

    /// <summary>The page size a request asked for, within <paramref name="min"/>–<paramref name="max"/>; null when it asked for none.</summary>
    public static int? Asked(string? text, int min, int max, Func<string, SandboxException> invalid)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked >= min && asked <= max
            ? asked
            : throw invalid(text);
    }

    private static int? OffsetOf(string token)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text["offset:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
