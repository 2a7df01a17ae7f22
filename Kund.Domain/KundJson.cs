using System.Text.Json;

namespace Kund.Domain;

/// <summary>The JSON shape of api.md (camelCase, enums by their contract names), shared by the API and storage.</summary>
public static class KundJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            MaxDepth = 32,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
