using System.Text.Json.Serialization;

namespace Kund.Infrastructure.Environments;

/// <summary>Which kind of request waits.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PendingRequestKind>))]
public enum PendingRequestKind
{
    Create,
    Destroy,
}
