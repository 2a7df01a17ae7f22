using Kund.Domain.Specs;

namespace Kund.Infrastructure.Environments;

/// <summary>The outcome of checking a spec: the effective spec (defaults filled in) and what is wrong with it.</summary>
public sealed record SpecCheck(EnvironmentSpec EffectiveSpec, ValidationResult Result);
