using System.Text.Json;
using Kund.Domain.Json;

namespace Kund.Domain;

/// <summary>
/// The JSON shape of api.md (camelCase, enums by their contract names), shared by the API and storage.
/// Read strictly: an enum is exactly one of its names (never a number or a list), an instant becomes UTC.
/// </summary>
public static class KundJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            MaxDepth = 32,
        };
        options.Converters.Add(new StrictEnumConverterFactory());
        options.Converters.Add(new UtcInstantConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
