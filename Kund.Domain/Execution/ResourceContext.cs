using Kund.Domain.Resources;

namespace Kund.Domain.Execution;

/// <summary>Who owns the resources: tags and names derive from it.</summary>
/// <param name="Tags">The spec's own tags; drivers add <c>kund:environment</c>, <c>kund:resource</c> and <c>Name</c>.</param>
public sealed record EnvironmentRef(Guid Id, string Name, string Region, IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// Everything a driver needs for one node: the environment, the node, and the recorded outputs of the
/// nodes it depends on (keyed by node key).
/// </summary>
public sealed record ResourceContext(
    EnvironmentRef Environment,
    ResourceNode Node,
    IReadOnlyDictionary<string, CloudResource> Dependencies)
{
    /// <summary>The output of a dependency; a missing one is a bug in the graph, not a cloud error.</summary>
    public CloudResource Dependency(string key) =>
        Dependencies.TryGetValue(key, out var resource)
            ? resource
            : throw new InvalidOperationException($"Node '{Node.Key}' needs the output of '{key}', which is not among its recorded dependencies.");

    public TDesired Desired<TDesired>()
        where TDesired : ResourceDesired =>
        Node.Desired as TDesired
            ?? throw new InvalidOperationException($"Node '{Node.Key}' of kind {Node.Kind} carries {Node.Desired.GetType().Name}, not {typeof(TDesired).Name}.");
}
