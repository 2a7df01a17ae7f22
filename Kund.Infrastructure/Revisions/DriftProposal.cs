using Kund.Domain.Drift;

namespace Kund.Infrastructure.Revisions;

/// <summary>
/// A revision proposed to act on drift: <paramref name="Items"/> as the latest check found them;
/// <paramref name="Reconcile"/> true puts them back (the revision carries them, its plan updates their nodes),
/// false accepts them (the spec was changed to the cloud's values). Audited with the revision's proposal.
/// </summary>
public sealed record DriftProposal(IReadOnlyList<DriftItem> Items, bool Reconcile);
