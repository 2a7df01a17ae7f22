namespace Kund.Web.Components.Layout;

/// <summary>The cookie that remembers light or dark across reloads, and whether the person chose it or the browser did.</summary>
internal static class ThemeCookie
{
    public const string Name = "kund.theme";
    public const string Dark = "dark";
    public const string Light = "light";
    public const string SystemDark = "system-dark";
    public const string SystemLight = "system-light";

    public static bool IsKnown(string value) => value is Dark or Light or SystemDark or SystemLight;

    public static bool IsDark(string? value) => value is Dark or SystemDark;

    /// <summary>Chosen with the toggle: the browser's preference no longer decides.</summary>
    public static bool IsChosen(string? value) => value is Dark or Light;
}
