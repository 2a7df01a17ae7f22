using Kund.Domain.Planning;
using Kund.Domain.Specs;

namespace Kund.Infrastructure.Revisions;

/// <summary>
/// What a proposed change would meet, nothing written: the spec it starts from (<paramref name="Applied"/>),
/// the proposal with the defaults applied, its check by path (keyed under <see cref="RevisionService.SpecPath"/>,
/// as a proposal is refused) and, when it passes, the diff plan from what exists to it.
/// </summary>
public sealed record ChangePreview(EnvironmentSpec Applied, EnvironmentSpec EffectiveSpec, ValidationResult Result, Plan? Plan);
