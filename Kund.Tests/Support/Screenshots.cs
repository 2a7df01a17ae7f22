using Microsoft.Playwright;

namespace Kund.Tests.Support;

/// <summary>Writes screenshots of the real pages to docs/screenshots/ for the README.</summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
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
