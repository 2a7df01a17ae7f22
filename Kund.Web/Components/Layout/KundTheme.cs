using MudBlazor;

namespace Kund.Web.Components.Layout;

/// <summary>Kund's colours and type, light and dark. System fonts: nothing is fetched from elsewhere.</summary>
internal static class KundTheme
{
    private static readonly string[] FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Secondary = "#00897b",
            AppbarBackground = "#1f2a44",
            Background = "#f6f7fb",
            // MudBlazor's 0.54 black is below 4.5:1 on this background (axe color-contrast).
            TextSecondary = "rgba(0,0,0,0.66)",
            // MudBlazor's green and red are below 4.5:1 against white; these are 5:1 and more.
            Success = "#2e7d32",
            Error = "#c62828",
            Info = "#1565c0",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            // Dark text on the light indigo: white on it is 2.5:1 (axe color-contrast in dark mode).
            PrimaryContrastText = "rgba(0,0,0,0.87)",
            Secondary = "#4db6ac",
            TextSecondary = "rgba(255,255,255,0.72)",
            Success = "#2e7d32",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily },
        },
    };
}
