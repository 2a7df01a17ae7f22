using Microsoft.Playwright;

namespace Kund.Tests.Support;

/// <summary>
/// Screenshots of the real pages: always to .kund/screenshots/ (git-ignored, to look at after a run), and to
/// docs/screenshots/ for the README only when asked with <c>KUND_UPDATE_SCREENSHOTS=1</c>, so that a test run
/// leaves the git tree as it found it.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), ".kund", "screenshots");

    public static string DocsDirectory { get; } = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    public static bool UpdateDocs { get; } = Environment.GetEnvironmentVariable("KUND_UPDATE_SCREENSHOTS") == "1";

    public static Task SaveAsync(IPage page, string name) => SaveAsync(page, name, new PageScreenshotOptions { FullPage = true });

    /// <summary>The top of the page, down to <paramref name="height"/> CSS pixels.</summary>
    public static Task SaveTopAsync(IPage page, string name, float height) =>
        SaveAsync(page, name, new PageScreenshotOptions { Clip = new Clip { X = 0, Y = 0, Width = page.ViewportSize!.Width, Height = height } });

    private static async Task SaveAsync(IPage page, string name, PageScreenshotOptions options)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        options.Path = path;
        await page.ScreenshotAsync(options);
        if (UpdateDocs)
        {
            System.IO.Directory.CreateDirectory(DocsDirectory);
            File.Copy(path, Path.Combine(DocsDirectory, name + ".png"), overwrite: true);
        }
    }

    /// <summary>One part of a page, such as a panel the README shows on its own.</summary>
    public static async Task SaveAsync(ILocator element, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        await element.ScreenshotAsync(new() { Path = path });
        if (UpdateDocs)
        {
            System.IO.Directory.CreateDirectory(DocsDirectory);
            File.Copy(path, Path.Combine(DocsDirectory, name + ".png"), overwrite: true);
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kund.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Kund.sln not found above {AppContext.BaseDirectory}.");
    }
}
