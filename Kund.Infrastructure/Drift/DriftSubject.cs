using Kund.Domain.Execution;
using Kund.Domain.Resources;

namespace Kund.Infrastructure.Drift;

/// <summary>
/// One environment as a check sees it: the graph of its applied spec, and the recorded cloud resource of
/// every node that was created (keyed by node key).
/// </summary>
public sealed record DriftSubject(EnvironmentRef Environment, IReadOnlyList<ResourceNode> Nodes, IReadOnlyDictionary<string, CloudResource> Created)
{
    /// <summary>The node with its recorded resource, for each created node of <paramref name="kind"/>.</summary>
    public IEnumerable<(ResourceNode Node, CloudResource Resource)> Of(ResourceKind kind) =>
        Nodes.Where(n => n.Kind == kind && Created.ContainsKey(n.Key)).Select(n => (n, Created[n.Key]));

    /// <summary>The cloud id recorded for node <paramref name="key"/>, or null.</summary>
    public string? CloudIdOf(string key) => Created.TryGetValue(key, out var resource) ? resource.CloudId : null;

    /// <summary>The context a driver would get for <paramref name="node"/>: tags and names derive from it.</summary>
    public ResourceContext ContextOf(ResourceNode node) => new(Environment, node, Created);

    public string? VpcId => CloudIdOf(ResourceKeys.Vpc);
}
