using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Kund.Tests.Support;

/// <summary>axe-core in the page as it is: no violation rated serious or critical.</summary>
public static class Accessibility
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string where)
    {
        var found = await SeriousViolationsAsync(page, where);
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>What axe rates serious or critical on the page, one line per rule with the first elements.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(IPage page, string where)
    {
        // Toasts fade in and out: axe would measure a fading toast's text against what shows through it.
        // Check them once they are opaque (or gone).
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-snackbar')].every(s => getComputedStyle(s).opacity === '1')");
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v =>
            $"axe on {where} ({page.Url}): {v.Impact} {v.Id}: {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(4).Select(n => n.Html)))];
    }
}
