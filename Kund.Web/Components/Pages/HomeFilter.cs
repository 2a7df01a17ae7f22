using Kund.Domain.Environments;
using Kund.Infrastructure.Environments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace Kund.Web.Components.Pages;

/// <summary>
/// The home page's filters as they travel in its address (<c>/?status=all&amp;q=pay</c>), so a filtered list
/// can be bookmarked and reloaded. Anything unknown in the address falls back to the default: active
/// environments, any name.
/// </summary>
public static class HomeFilter
{
    public const string ActiveValue = "active";
    public const string AllValue = "all";

    /// <summary>The longest search kept; environment names are far shorter.</summary>
    private const int MaxSearch = 100;

    public static (string Status, string Search) Read(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        var status = query.TryGetValue("status", out var s) ? Status(s.ToString()) : ActiveValue;
        var search = query.TryGetValue("q", out var q) ? q.ToString().Trim() : "";
        return (status, search.Length > MaxSearch ? search[..MaxSearch] : search);
    }

    public static string Write(NavigationManager navigation, string status, string search)
    {
        ArgumentNullException.ThrowIfNull(navigation);
        return navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["status"] = status == ActiveValue ? null : status,
            ["q"] = string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
        });
    }

    public static bool IsDefault(string status, string search) => status == ActiveValue && string.IsNullOrWhiteSpace(search);

    public static EnvironmentListFilter ToFilter(string status, string search)
    {
        IReadOnlyCollection<EnvironmentStatus> statuses = status switch
        {
            AllValue => [],
            _ when Enum.TryParse<EnvironmentStatus>(status, out var one) => [one],
            _ => EnvironmentListFilter.Active,
        };
        return new EnvironmentListFilter(statuses, string.IsNullOrWhiteSpace(search) ? null : search.Trim()[..Math.Min(search.Trim().Length, MaxSearch)]);
    }

    private static string Status(string value) =>
        value.Equals(AllValue, StringComparison.OrdinalIgnoreCase) ? AllValue
        : Enum.TryParse<EnvironmentStatus>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed.ToString()
        : ActiveValue;
}
