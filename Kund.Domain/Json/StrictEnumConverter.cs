using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kund.Domain.Json;

/// <summary>
/// An enum as exactly one of its contract names. <see cref="JsonStringEnumConverter"/> reads "single, perAz"
/// as a flag combination, a value no member has, which later switches cannot handle.
/// </summary>
internal sealed class StrictEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            var found = reader.TokenType == JsonTokenType.Number ? "a number" : "not a string";
            throw new JsonValueException($"The value is {found}; expected one of {EnumNames.Expected<T>()} as a string.");
        }

        var text = reader.GetString();
        return EnumNames.TryParse<T>(text, out var value)
            ? value
            : throw new JsonValueException($"'{Clip(text ?? "")}' is not one of {EnumNames.Expected<T>()}; give exactly one.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(EnumNames.NameOf(value)
            ?? throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"{typeof(T).Name} has no member {Convert.ToInt64(value, CultureInfo.InvariantCulture)}.")));

    // Enums are also dictionary keys (a team policy's TTL and approvals per purpose): read and written by the same names.
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return EnumNames.TryParse<T>(text, out var value)
            ? value
            : throw new JsonValueException($"'{Clip(text ?? "")}' is not one of {EnumNames.Expected<T>()}; give exactly one.");
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(EnumNames.NameOf(value)
            ?? throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"{typeof(T).Name} has no member {Convert.ToInt64(value, CultureInfo.InvariantCulture)}.")));

    private static string Clip(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
