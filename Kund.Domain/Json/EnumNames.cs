using System.Reflection;
using System.Text.Json.Serialization;

namespace Kund.Domain.Json;

/// <summary>
/// The contract names of an enum's defined members (<c>perAz</c>, <c>Draft</c>): the only texts Kund reads
/// as that enum. <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> also takes numbers and comma
/// lists ("single, perAz"), which make values no member has.
/// </summary>
public static class EnumNames
{
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Members<T>.Names;

    /// <summary>"none, single or perAz", for messages.</summary>
    public static string Expected<T>()
        where T : struct, Enum => Members<T>.Expected;

    /// <summary>Exactly one defined member by its name, ignoring case; never a number or a list.</summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var (member, name) in Members<T>.Pairs)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = member;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The name of a defined member; null for a value no member has.</summary>
    public static string? NameOf<T>(T value)
        where T : struct, Enum
    {
        foreach (var (member, name) in Members<T>.Pairs)
        {
            if (EqualityComparer<T>.Default.Equals(member, value))
            {
                return name;
            }
        }

        return null;
    }

    private static class Members<T>
        where T : struct, Enum
    {
        public static readonly (T Value, string Name)[] Pairs =
        [
            .. typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(field => ((T)field.GetValue(null)!, field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name)),
        ];

        public static readonly IReadOnlyList<string> Names = [.. Pairs.Select(pair => pair.Name)];

        public static readonly string Expected = Names.Count == 1 ? Names[0] : $"{string.Join(", ", Names.Take(Names.Count - 1))} or {Names[^1]}";
    }
}
