namespace Kund.Infrastructure.Leftovers;

/// <summary>
/// Something in the cloud that costs money and belongs to no live environment. <see cref="Kind"/> is the
/// resource's kind in AWS's words (<c>elastic-ip</c>, <c>natgateway</c>, <c>loadbalancer</c>,
/// <c>security-group</c>, <c>network-interface</c>, <c>vpc</c>, …).
/// </summary>
public sealed record LeftoverItem(string CloudId, string Kind, string Region, string Reason, Guid? EnvironmentId, decimal MonthlyCostUsd);

/// <summary>The answer of <c>GET /api/leftovers</c>.</summary>
public sealed record LeftoversView(IReadOnlyList<LeftoverItem> Items);
