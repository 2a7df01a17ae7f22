namespace Kund.Domain.Specs.Validation;

/// <summary>Lists in messages read like prose: "a", "a and b", "a, b and c".</summary>
internal static class TextList
{
    public static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "none",
            1 => list[0],
            _ => $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}",
        };
    }

    /// <summary>"a, b or c", for the choices a user has.</summary>
    public static string JoinOr(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? Join(list) : $"{string.Join(", ", list.Take(list.Count - 1))} or {list[^1]}";
    }
}
