using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kund.Infrastructure.Aws.Eks;

/// <summary>REST-JSON as EKS writes it: camelCase members, nulls left out, timestamps in epoch seconds.</summary>
internal static class EksJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new EpochSecondsConverter() },
    };

    private sealed class EpochSecondsConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? DateTime.UnixEpoch.AddSeconds(reader.GetDouble())
                : DateTime.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteNumberValue((value.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
    }
}
