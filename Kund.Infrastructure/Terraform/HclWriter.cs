using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kund.Infrastructure.Terraform;

/// <summary>
/// Writes HCL as <c>terraform fmt</c> leaves it: two-space indent, the <c>=</c> of consecutive one-line attributes
/// (and of a map's entries) aligned one space after the longest name, a blank line around nested blocks and
/// multi-line values (fmt keeps blank lines and never aligns across them), one blank line between top-level blocks.
/// </summary>
public static partial class HclWriter
{
    private const string Indent = "  ";

    public static string Write(IEnumerable<HclBlock> blocks)
    {
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            WriteBlock(text, block, 0);
        }

        return text.ToString();
    }

    private static void WriteBlock(StringBuilder text, HclBlock block, int depth)
    {
        text.Append(Pad(depth)).Append(block.Type);
        foreach (var label in block.Labels)
        {
            text.Append(' ').Append(Quote(label));
        }

        text.Append(" {\n");
        WriteBody(text, block.Body, depth + 1);
        text.Append(Pad(depth)).Append("}\n");
    }

    private static void WriteBody(StringBuilder text, IReadOnlyList<HclBodyItem> body, int depth)
    {
        var index = 0;
        while (index < body.Count)
        {
            if (index > 0)
            {
                text.Append('\n');
            }

            if (body[index] is HclBlock nested)
            {
                WriteBlock(text, nested, depth);
                index++;
                continue;
            }

            var attribute = (HclAttribute)body[index];
            if (IsMultiLine(attribute.Value))
            {
                WriteMultiLine(text, attribute.Name, attribute.Value, depth);
                index++;
                continue;
            }

            // A run of one-line attributes, aligned together.
            var run = new List<HclAttribute>();
            while (index < body.Count && body[index] is HclAttribute { Value: var value } next && !IsMultiLine(value))
            {
                run.Add(next);
                index++;
            }

            var width = run.Max(a => a.Name.Length);
            foreach (var item in run)
            {
                text.Append(Pad(depth)).Append(item.Name.PadRight(width)).Append(" = ").Append(Inline(item.Value)).Append('\n');
            }
        }
    }

    private static void WriteMultiLine(StringBuilder text, string name, HclExpr value, int depth)
    {
        var map = (HclMap)value;
        text.Append(Pad(depth)).Append(name).Append(" = {\n");
        var keys = map.Entries.Select(e => Key(e.Key)).ToList();
        var width = keys.Max(k => k.Length);
        for (var i = 0; i < map.Entries.Count; i++)
        {
            var entry = map.Entries[i].Value;
            if (IsMultiLine(entry))
            {
                WriteMultiLine(text, keys[i], entry, depth + 1);
                continue;
            }

            text.Append(Pad(depth + 1)).Append(keys[i].PadRight(width)).Append(" = ").Append(Inline(entry)).Append('\n');
        }

        text.Append(Pad(depth)).Append("}\n");
    }

    /// <summary>A non-empty map is written one entry a line; everything else fits on one line.</summary>
    private static bool IsMultiLine(HclExpr value) => value is HclMap { Entries.Count: > 0 };

    private static string Inline(HclExpr value) => value switch
    {
        HclString s => Quote(s.Value),
        HclBool b => b.Value ? "true" : "false",
        HclNumber n => n.Value.ToString(CultureInfo.InvariantCulture),
        HclReference r => r.Text,
        HclList l => "[" + string.Join(", ", l.Items.Select(Inline)) + "]",
        HclMap => "{}",
        _ => throw new ArgumentException($"Unknown HCL expression {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>A map key: bare when it is an identifier, quoted otherwise (<c>"kund:environment"</c>).</summary>
    private static string Key(string key) => Identifier().IsMatch(key) ? key : Quote(key);

    /// <summary>A quoted template literal: quotes and backslashes escaped, <c>${</c> and <c>%{</c> doubled so they stay text.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var next = i + 1 < value.Length ? value[i + 1] : '\0';
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '$' or '%' when next == '{' => $"{c}{c}",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    private static string Pad(int depth) => string.Concat(Enumerable.Repeat(Indent, depth));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex Identifier();
}
