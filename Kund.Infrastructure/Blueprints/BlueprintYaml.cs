using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kund.Infrastructure.Blueprints;

/// <summary>
/// A blueprint document as JSON, from YAML (JSON is YAML too). Plain scalars become numbers, booleans or null when they
/// read as such (YAML 1.2's core schema); quoted scalars stay strings, so <c>"1.34"</c> is a version, not a number.
/// </summary>
public static class BlueprintYaml
{
    /// <exception cref="FormatException">The text is not YAML, or holds more than one document, anchors or tags Kund does not read.</exception>
    public static JsonNode? ToJson(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw new FormatException($"Not YAML (line {exception.Start.Line}, column {exception.Start.Column}): {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            // The parser's own inconsistencies on broken input (an unclosed flow collection at the end of the text).
            throw new FormatException($"Not YAML (line {text.Count(c => c == '\n') + 1}): {exception.Message}", exception);
        }

        if (stream.Documents.Count != 1)
        {
            throw new FormatException("A blueprint is one YAML document.");
        }

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, stream.Documents[0].RootNode, 0);
        }

        return JsonNode.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, int depth)
    {
        if (depth > 32)
        {
            throw new FormatException("The document nests too deep.");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode { Value: { } k } ? k : throw new FormatException($"A key is not a plain name (line {key.Start.Line}).");
                    if (!seen.Add(name))
                    {
                        throw new FormatException($"The key '{name}' appears twice (line {key.Start.Line}).");
                    }

                    writer.WritePropertyName(name);
                    Write(writer, value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new FormatException($"Aliases are not read (line {node.Start.Line}).");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            writer.WriteStringValue(value);
            return;
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                writer.WriteNullValue();
                return;
            case "true" or "True" or "TRUE":
                writer.WriteBooleanValue(true);
                return;
            case "false" or "False" or "FALSE":
                writer.WriteBooleanValue(false);
                return;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            writer.WriteNumberValue(whole);
        }
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real) && value.Any(char.IsAsciiDigit))
        {
            writer.WriteNumberValue(real);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
