namespace Kund.Infrastructure.Sandbox.Model;

/// <summary>
/// An EKS update (DescribeUpdate): <c>InProgress</c> until <see cref="CompletesAt"/>, then <c>Successful</c>, or
/// <c>Failed</c> with <see cref="ErrorCode"/>. What it changes is in <see cref="Params"/>, as DescribeUpdate shows
/// them; the cluster, node group or add-on takes them on once the update is done (<see cref="Applied"/>).
/// </summary>
public sealed record SandboxEksUpdate(
    string Id,
    string Region,
    string ClusterName,
    string? NodegroupName,
    string? AddonName,
    string Type,
    IReadOnlyList<SandboxUpdateParam> Params,
    DateTimeOffset CreatedAt,
    DateTimeOffset CompletesAt,
    bool Applied = false,
    string? ErrorCode = null,
    string? ErrorMessage = null)
{
    public string StatusAt(DateTimeOffset now) =>
        now < CompletesAt ? "InProgress" : ErrorCode is null ? "Successful" : "Failed";

    public string? Param(string type) => Params.FirstOrDefault(p => p.Type == type)?.Value;
}

/// <summary>One changed setting of an update: its type as EKS names it (<c>Version</c>, <c>EndpointPublicAccess</c>, …) and the new value.</summary>
public sealed record SandboxUpdateParam(string Type, string Value);
