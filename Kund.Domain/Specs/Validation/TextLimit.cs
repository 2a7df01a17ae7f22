namespace Kund.Domain.Specs.Validation;

/// <summary>Long values in messages: the first characters and an ellipsis, so a 100 000-character name does not come back whole.</summary>
internal static class TextLimit
{
    public const int Shown = 40;

    public static string Clip(string text) => text.Length > Shown ? text[..Shown] + "…" : text;
}
