using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kund.Domain.Json;

/// <summary>Makes a <see cref="StrictEnumConverter{T}"/> for every enum; in the options it wins over the enums' own attributes.</summary>
internal sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
}
