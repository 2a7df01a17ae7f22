using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kund.Domain.Json;

/// <summary>
/// Instants are read and written in UTC: <c>2026-12-31T18:00:00+09:00</c> is the instant 09:00Z. PostgreSQL's
/// <c>timestamptz</c> takes only offset zero from Npgsql, so an offset kept past the edge fails at the insert.
/// </summary>
internal sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var instant)
            ? instant.ToUniversalTime()
            : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime());
}
