namespace Kund.Domain.Cost;

/// <summary>
/// One billed item of an estimate: the resource key it belongs to (see <c>ResourceKeys</c>), what it is,
/// its hourly price and its month at <see cref="PriceTable.HoursPerMonth"/> hours. Amounts are exact.
/// </summary>
public sealed record CostLine(string Key, string Description, decimal HourlyUsd, decimal MonthlyUsd);

/// <summary>
/// The monthly cost of an environment's fixed-price resources. <see cref="Notes"/> name what the estimate
/// leaves out (usage-based charges), so nobody reads it as an invoice.
/// </summary>
public sealed record CostEstimate(IReadOnlyList<CostLine> Lines, IReadOnlyList<string> Notes)
{
    public decimal MonthlyTotalUsd => Lines.Sum(line => line.MonthlyUsd);

    public decimal HourlyTotalUsd => Lines.Sum(line => line.HourlyUsd);
}
