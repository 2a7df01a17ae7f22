using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Kund.Tests.Support;

/// <summary>axe-core in the page as it is: no violation rated serious or critical.</summary>
public static class Accessibility
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe on {where} ({page.Url}):\n" + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(4).Select(n => n.Html)))));
    }
}
