using Bunit;
using Kund.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kund.Tests.Web.Pages;

/// <summary>The clock part of a page: renders its content again each second while active, and only that.</summary>
public sealed class TickingTests : PageTest
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    public TickingTests() => Services.AddSingleton<TimeProvider>(time);

    [Fact]
    public void Render_Active_ContentRendersAgainEachSecond()
    {
        var cut = Render<Ticking>(p => p.Add(x => x.Active, true).Add(x => x.ChildContent, Clock()));
        Assert.Equal("12:00:00", cut.Markup.Trim());

        time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("12:00:01", cut.Markup.Trim()));
        time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("12:00:02", cut.Markup.Trim()));
    }

    [Fact]
    public void Render_Inactive_NotRenderedByTheClock_ActiveAgainMovesOn()
    {
        var cut = Render<Ticking>(p => p.Add(x => x.Active, false).Add(x => x.ChildContent, Clock()));
        var renders = cut.RenderCount;

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(renders, cut.RenderCount);
        Assert.Equal("12:00:00", cut.Markup.Trim());

        cut.Render(p => p.Add(x => x.Active, true).Add(x => x.ChildContent, Clock()));
        time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("12:00:06", cut.Markup.Trim()));
    }

    private RenderFragment Clock() => b => b.AddContent(0, time.GetUtcNow().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
}
