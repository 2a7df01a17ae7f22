using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kund.Infrastructure.Blueprints;

/// <summary>
/// Publishes the blueprint files of the folder <c>Kund:Blueprints:Path</c> (<c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>)
/// at start, as <c>system</c>, so a platform team keeps its blueprints in git and reviews them as code. A version
/// already published is left as it is; a file that does not read is logged by path and skipped.
/// </summary>
public sealed class BlueprintFolder(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<BlueprintFolder> logger) : IHostedService
{
    public const string PathKey = "Kund:Blueprints:Path";

    public const string Author = "system";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[PathKey] is not { Length: > 0 } folder || !Directory.Exists(folder))
        {
            return;
        }

        var files = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json")
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<BlueprintStore>();
            var outcome = await store.PublishAsync(Author, await File.ReadAllTextAsync(file, cancellationToken), cancellationToken);
            switch (outcome)
            {
                case BlueprintPublish.Published published:
                    logger.LogInformation("Published blueprint {Name} v{Version} from {File}", published.Version.Name, published.Version.Version, file);
                    break;
                case BlueprintPublish.Invalid invalid:
                    logger.LogWarning("Blueprint file {File} does not read: {Errors}", file, string.Join("; ", invalid.Result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
                    break;
                case BlueprintPublish.NotNext:
                    break;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
