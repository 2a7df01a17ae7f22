using System.Text.Json.Serialization;

namespace Kund.Domain.Revisions;

/// <summary>Where a revision of an environment's spec is; names are part of the API contract (api.md, "Revision view").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RevisionStatus>))]
public enum RevisionStatus
{
    Draft,
    PendingApproval,
    Approved,
    Rejected,
    Cancelled,
    Applying,
    Applied,
    Failed,
}
