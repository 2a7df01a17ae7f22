namespace Kund.Infrastructure.Leftovers;

/// <summary>No leftover with this cloud id in the region (404).</summary>
public sealed class LeftoverNotFoundException(string cloudId, string region)
    : Exception($"No leftover '{cloudId}' in {region}.")
{
    public string CloudId { get; } = cloudId;
}

/// <summary>A leftover Kund removes only by destroying (or retrying the destroy of) its environment (409).</summary>
public sealed class LeftoverNotDeletableException(LeftoverItem item)
    : Exception($"Kund does not delete a {item.Kind} on its own; destroy environment {item.EnvironmentId?.ToString() ?? "(unknown)"} or remove it in the AWS console.")
{
    public LeftoverItem Item { get; } = item;
}
