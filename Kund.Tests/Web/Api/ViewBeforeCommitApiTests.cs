using System.Net;
using Kund.Infrastructure.Catalog;
using Kund.Tests.Support;
using Kund.Tests.Web.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kund.Tests.Web.Api;

/// <summary>An endpoint that answers with a view commits only once that view is built: a failing view leaves nothing written.</summary>
public class ViewBeforeCommitApiTests(ViewBeforeCommitApiTests.FlakyCatalogApp app) : IClassFixture<ViewBeforeCommitApiTests.FlakyCatalogApp>
{
    [Fact]
    public async Task Submit_ViewCannotBeBuilt_500AndStillDraft()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        var draft = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("view-submit")), 201);
        var id = (string)draft["id"]!;

        app.Catalog.Failing = true;
        using var submitted = await alice.PostAsync($"/api/environments/{id}/submit", null);
        app.Catalog.Failing = false;

        Assert.Equal(HttpStatusCode.InternalServerError, submitted.StatusCode);
        var after = await alice.GetObjectAsync($"/api/environments/{id}");
        Assert.Equal("Draft", (string)after["status"]!);
        var events = (await alice.GetObjectAsync($"/api/environments/{id}/events"))["items"]!.AsArray();
        Assert.Single(events);
    }

    [Fact]
    public async Task Create_ViewCannotBeBuilt_NoDraftStored()
    {
        using var alice = await app.ClientForAsync(IdentityTestSupport.Alice);
        using var valid = await alice.PostAsync("/api/environments/validate", ApiClient.Spec(SeedSpecs.Payments("view-create")));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);

        // The create validates with the catalog, then the view asks for it again: fail only the second call.
        app.Catalog.FailAfter = 1;
        using var created = await alice.PostAsync("/api/environments", ApiClient.Spec(SeedSpecs.Payments("view-create")));
        app.Catalog.FailAfter = null;

        Assert.Equal(HttpStatusCode.InternalServerError, created.StatusCode);
        var list = (await alice.GetObjectAsync("/api/environments?team=team-a"))["items"]!.AsArray();
        Assert.DoesNotContain(list, e => (string)e!["name"]! == "view-create");
    }

    /// <summary>Kund with a catalog that fails on demand; the environment view needs it for the cost estimate.</summary>
    public sealed class FlakyCatalogApp : KundAppFactory
    {
        public FlakyCatalog Catalog { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<CloudCatalogSource>();
                services.AddSingleton<ICloudCatalog>(provider => Catalog.Wrap(provider.GetRequiredService<CloudCatalogSource>()));
            });
        }
    }

    public sealed class FlakyCatalog : ICloudCatalog
    {
        private ICloudCatalog? inner;
        private int calls;
        private int? failAfter;

        public bool Failing { get; set; }

        /// <summary>Succeed this many more calls, then fail; null: stop counting.</summary>
        public int? FailAfter
        {
            get => failAfter;
            set
            {
                calls = 0;
                failAfter = value;
            }
        }

        public FlakyCatalog Wrap(ICloudCatalog catalog)
        {
            inner = catalog;
            return this;
        }

        public Task<Kund.Domain.Specs.CloudCatalog> GetAsync(CancellationToken cancellationToken) =>
            Failing || (failAfter is { } limit && Interlocked.Increment(ref calls) > limit)
                ? throw new InvalidOperationException("The catalog is unavailable (test).")
                : inner!.GetAsync(cancellationToken);
    }
}
