using System.Globalization;
using Kund.Domain.Planning;
using Kund.Domain.Resources;

namespace Kund.Domain.Execution;

/// <summary>
/// What a change run does to each node of its graph (<see cref="ChangeGraph"/>): the diff plan's action, and
/// the shape every node that exists was applied with (what a driver's in-place update starts from).
/// </summary>
/// <remarks>
/// A node is done for the change once its resource carries the revision's mark (<see cref="AppliedRevisionAttribute"/>),
/// written with its last transition; a resumed run therefore never updates or replaces a node twice, while a
/// node interrupted mid-update (unmarked) is updated again, which the drivers make safe by comparing with the cloud.
/// </remarks>
/// <param name="Revision">The number of the revision being applied.</param>
public sealed record ChangeSet(int Revision, IReadOnlyDictionary<string, PlanAction> Actions, IReadOnlyDictionary<string, ResourceDesired> Applied)
{
    /// <summary>The resource attribute naming the revision whose change last finished on it.</summary>
    public const string AppliedRevisionAttribute = "kund:revision";

    public PlanAction ActionOf(string key) => Actions.GetValueOrDefault(key, PlanAction.Noop);

    /// <summary>The resource as this change left it: marked with the revision.</summary>
    public CloudResource Mark(CloudResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource with { Attributes = new Dictionary<string, string>(resource.Attributes, StringComparer.Ordinal) { [AppliedRevisionAttribute] = Number } };
    }

    /// <summary>Whether this change already finished on the resource.</summary>
    public bool IsMarked(CloudResource? resource) => resource?.Attribute(AppliedRevisionAttribute) == Number;

    private string Number => Revision.ToString(CultureInfo.InvariantCulture);
}
