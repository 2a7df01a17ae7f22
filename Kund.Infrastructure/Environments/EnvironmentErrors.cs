using Kund.Domain.Specs;

namespace Kund.Infrastructure.Environments;

/// <summary>The environment does not exist, or the caller may not know that it does (another team's): 404.</summary>
public sealed class EnvironmentNotFoundException(Guid id) : Exception($"No environment {id}.")
{
    public Guid Id { get; } = id;
}

/// <summary>The caller may see the environment but not do this to it: 403.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>The spec has errors, every one keyed by its JSON path: 400.</summary>
public sealed class SpecValidationException(ValidationResult result, EnvironmentSpec effectiveSpec)
    : Exception($"The spec has {result.Errors.Sum(e => e.Value.Count)} error(s).")
{
    public ValidationResult Result { get; } = result;

    public EnvironmentSpec EffectiveSpec { get; } = effectiveSpec;
}

/// <summary>Someone changed the environment between our read and our write: 409, reload and try again.</summary>
public sealed class ConcurrentChangeException(Guid id) : Exception($"Environment {id} was changed by someone else meanwhile; reload it and try again.");
