using System.Text.Json;
using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Environments;

/// <summary>Conversions between stored resource rows and the executor's view of them.</summary>
public static class ResourceRecords
{
    public static RecordedResource ToRecorded(this ResourceRecord record) =>
        new(record.Key, record.State, record.CloudId is null ? null : new CloudResource(record.CloudId, record.Arn, ReadAttributes(record.Attributes)));

    public static IReadOnlyDictionary<string, string> ReadAttributes(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public static string WriteAttributes(IReadOnlyDictionary<string, string> attributes) =>
        JsonSerializer.Serialize(attributes);
}
