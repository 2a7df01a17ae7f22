using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kund.Tests.Infrastructure.Terraform;

/// <summary>A parsed HCL value: a string, bool, number, reference (traversal text), list or map.</summary>
public abstract record HclValue
{
    public sealed record Text(string Value) : HclValue;

    public sealed record Flag(bool Value) : HclValue;

    public sealed record Number(long Value) : HclValue;

    public sealed record Reference(string Traversal) : HclValue
    {
        /// <summary><c>aws_subnet.subnet_public_a</c> of <c>aws_subnet.subnet_public_a.id</c>.</summary>
        public string Address => string.Join('.', Traversal.Split('.').Take(2));
    }

    public sealed record List(IReadOnlyList<HclValue> Items) : HclValue;

    public sealed record Map(IReadOnlyDictionary<string, HclValue> Entries) : HclValue;
}

/// <summary>A parsed block with its attributes and nested blocks.</summary>
public sealed record HclParsedBlock(string Type, IReadOnlyList<string> Labels, IReadOnlyDictionary<string, HclValue> Attributes, IReadOnlyList<HclParsedBlock> Blocks)
{
    public string Address => string.Join('.', Labels);

    public HclParsedBlock Nested(string type) => Assert.Single(Blocks, b => b.Type == type);

    public string String(string name) => Assert.IsType<HclValue.Text>(Attributes[name]).Value;

    public bool Bool(string name) => Assert.IsType<HclValue.Flag>(Attributes[name]).Value;

    public string Ref(string name) => Assert.IsType<HclValue.Reference>(Attributes[name]).Traversal;

    /// <summary>Every reference in this block and its nested blocks, values of lists and maps included.</summary>
    public IEnumerable<HclValue.Reference> References() =>
        Attributes.Values.SelectMany(ReferencesIn).Concat(Blocks.SelectMany(b => b.References()));

    private static IEnumerable<HclValue.Reference> ReferencesIn(HclValue value) => value switch
    {
        HclValue.Reference r => [r],
        HclValue.List l => l.Items.SelectMany(ReferencesIn),
        HclValue.Map m => m.Entries.Values.SelectMany(ReferencesIn),
        _ => [],
    };
}

/// <summary>
/// A small HCL parser for the subset Kund writes, checking as it reads that the text is as <c>terraform fmt</c> would
/// leave it: two-space indent by nesting, no tabs or trailing spaces, no double blank lines, one newline at the end,
/// and the <c>=</c> of each run of consecutive attribute lines aligned one space after the run's longest name.
/// </summary>
public sealed partial class HclDocument
{
    private readonly string[] _lines;
    private int _line;

    private HclDocument(string text)
    {
        Violations = [];
        if (!text.EndsWith('\n') || text.EndsWith("\n\n", StringComparison.Ordinal))
        {
            Violations.Add("the file does not end with exactly one newline");
        }

        _lines = text.TrimEnd('\n').Split('\n');
        for (var i = 0; i < _lines.Length; i++)
        {
            var line = _lines[i];
            if (line.Contains('\t', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal))
            {
                Violations.Add($"line {i + 1}: a tab or carriage return");
            }

            if (line.Length > 0 && line.TrimEnd().Length != line.Length)
            {
                Violations.Add($"line {i + 1}: trailing whitespace");
            }

            if (i > 0 && line.Length == 0 && _lines[i - 1].Length == 0)
            {
                Violations.Add($"line {i + 1}: two blank lines in a row");
            }
        }

        var blocks = new List<HclParsedBlock>();
        while (SkipBlank())
        {
            blocks.Add(ParseBlock(0));
        }

        Blocks = blocks;
    }

    public IReadOnlyList<HclParsedBlock> Blocks { get; }

    /// <summary>Where the text differs from what <c>terraform fmt</c> writes; empty when formatted.</summary>
    public List<string> Violations { get; }

    public static HclDocument Parse(string text) => new(text);

    public IEnumerable<HclParsedBlock> Resources => Blocks.Where(b => b.Type == "resource");

    public IEnumerable<HclParsedBlock> OfType(string type) => Resources.Where(b => b.Labels[0] == type);

    private bool SkipBlank()
    {
        while (_line < _lines.Length && _lines[_line].Length == 0)
        {
            _line++;
        }

        return _line < _lines.Length;
    }

    private HclParsedBlock ParseBlock(int depth)
    {
        var header = Take(depth);
        var match = BlockHeader().Match(header);
        if (!match.Success)
        {
            throw new FormatException($"line {_line}: not a block header: '{header}'");
        }

        var labels = match.Groups["label"].Captures.Select(c => Unquote(c.Value)).ToList();
        var attributes = new Dictionary<string, HclValue>(StringComparer.Ordinal);
        var nested = new List<HclParsedBlock>();
        var run = new List<(string Name, int Column, int Line)>();
        while (true)
        {
            if (_line >= _lines.Length)
            {
                throw new FormatException($"block {match.Groups["type"].Value} is not closed");
            }

            var raw = _lines[_line];
            if (raw.Length == 0)
            {
                CheckRun(run, depth + 1);
                _line++;
                continue;
            }

            if (raw.Trim() == "}")
            {
                CheckRun(run, depth + 1);
                Take(depth);
                return new HclParsedBlock(match.Groups["type"].Value, labels, attributes, nested);
            }

            if (BlockHeader().IsMatch(raw.Trim()))
            {
                CheckRun(run, depth + 1);
                nested.Add(ParseBlock(depth + 1));
                continue;
            }

            var (name, value, equals) = ParseAttribute(depth + 1);
            run.Add((name, equals, _line));
            if (!attributes.TryAdd(name, value))
            {
                Violations.Add($"line {_line}: attribute {name} twice");
            }
        }
    }

    private (string Name, HclValue Value, int Column) ParseAttribute(int depth)
    {
        var text = Take(depth);
        var match = Attribute().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"line {_line}: not an attribute: '{text}'");
        }

        var name = match.Groups["name"].Value;
        var equals = (depth * 2) + match.Groups["name"].Length + match.Groups["pad"].Length;
        var rest = match.Groups["value"].Value;
        if (rest == "{")
        {
            return (Unquote(name), ParseMultiLineMap(depth), equals);
        }

        var position = 0;
        var value = ParseValue(rest, ref position);
        if (position != rest.Length)
        {
            throw new FormatException($"line {_line}: text after the value: '{rest[position..]}'");
        }

        return (Unquote(name), value, equals);
    }

    private HclValue.Map ParseMultiLineMap(int depth)
    {
        var entries = new Dictionary<string, HclValue>(StringComparer.Ordinal);
        var run = new List<(string Name, int Column, int Line)>();
        while (_lines[_line].Trim() != "}")
        {
            var (name, value, equals) = ParseAttribute(depth + 1);
            run.Add((name, equals, _line));
            entries.Add(name, value);
        }

        CheckRun(run, depth + 1);
        Take(depth);
        return new HclValue.Map(entries);
    }

    private void CheckRun(List<(string Name, int Column, int Line)> run, int depth)
    {
        if (run.Count > 0)
        {
            var expected = (depth * 2) + run.Max(a => QuotedLength(a.Name)) + 1;
            foreach (var (name, equals, line) in run.Where(a => a.Column != expected))
            {
                Violations.Add($"line {line}: '=' of {name} at column {equals}, not {expected} (aligned one space after the longest name)");
            }
        }

        run.Clear();
    }

    private static int QuotedLength(string name) => Identifier().IsMatch(name) ? name.Length : HclQuotedLength(name);

    private static int HclQuotedLength(string name) => name.Length + 2 + name.Count(c => c is '"' or '\\');

    /// <summary>Takes the next line, checking it is indented two spaces per level.</summary>
    private string Take(int depth)
    {
        var raw = _lines[_line++];
        var indent = raw.Length - raw.TrimStart(' ').Length;
        if (indent != depth * 2)
        {
            Violations.Add($"line {_line}: indented {indent} spaces, not {depth * 2}");
        }

        return raw.Trim();
    }

    private static HclValue ParseValue(string text, ref int position)
    {
        if (text[position] == '"')
        {
            return new HclValue.Text(ReadString(text, ref position));
        }

        if (text[position] == '[')
        {
            position++;
            var items = new List<HclValue>();
            while (text[position] != ']')
            {
                items.Add(ParseValue(text, ref position));
                if (text[position] == ',')
                {
                    position += text[position + 1] == ' ' ? 2 : throw new FormatException($"no space after ',' in '{text}'");
                }
            }

            position++;
            return new HclValue.List(items);
        }

        if (text[position..].StartsWith("{}", StringComparison.Ordinal))
        {
            position += 2;
            return new HclValue.Map(new Dictionary<string, HclValue>());
        }

        var word = Word().Match(text, position);
        if (!word.Success || word.Index != position)
        {
            throw new FormatException($"no value at '{text[position..]}'");
        }

        position += word.Length;
        return word.Value switch
        {
            "true" => new HclValue.Flag(true),
            "false" => new HclValue.Flag(false),
            _ when long.TryParse(word.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => new HclValue.Number(number),
            _ => new HclValue.Reference(word.Value),
        };
    }

    private static string ReadString(string text, ref int position)
    {
        var value = new StringBuilder();
        position++;
        while (text[position] != '"')
        {
            var c = text[position++];
            if (c == '\\')
            {
                var escaped = text[position++];
                value.Append(escaped switch { 'n' => '\n', 'r' => '\r', 't' => '\t', _ => escaped });
            }
            else if (c is '$' or '%' && position < text.Length && text[position] == c && position + 1 < text.Length && text[position + 1] == '{')
            {
                value.Append(c);
                position++;
            }
            else if (c is '$' or '%' && position < text.Length && text[position] == '{')
            {
                throw new FormatException($"a template interpolation in '{text}'");
            }
            else
            {
                value.Append(c);
            }
        }

        position++;
        return value.ToString();
    }

    private static string Unquote(string text)
    {
        if (!text.StartsWith('"'))
        {
            return text;
        }

        var position = 0;
        return ReadString(text, ref position);
    }

    [GeneratedRegex("""^(?<type>[a-z_]+)(?: (?<label>"(?:[^"\\]|\\.)*"))* \{$""")]
    private static partial Regex BlockHeader();

    [GeneratedRegex("""^(?<name>[A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*")(?<pad> *)= (?<value>\S.*)$""")]
    private static partial Regex Attribute();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("[A-Za-z0-9_][A-Za-z0-9_.-]*")]
    private static partial Regex Word();
}
