namespace Kund.Domain.Specs;

/// <summary>
/// Every problem of a spec at once, keyed by the JSON path of the field at fault in api.md's camelCase
/// (<c>subnets[1].cidr</c>, <c>cluster.subnets</c>); see <see cref="SpecPaths"/>. Errors block; warnings
/// inform (a cost, a trap) and never block.
/// </summary>
public sealed class ValidationResult
{
    private static readonly IReadOnlyList<string> None = [];

    public ValidationResult(
        IReadOnlyDictionary<string, IReadOnlyList<string>> errors,
        IReadOnlyDictionary<string, IReadOnlyList<string>> warnings)
    {
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>No errors and no warnings.</summary>
    public static ValidationResult Valid { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, IReadOnlyList<string>>());

    public bool IsValid => Errors.Count == 0;

    /// <summary>A copy with one more error at <paramref name="path"/>, for rules that need storage (a name already taken).</summary>
    public ValidationResult WithError(string path, string message)
    {
        var errors = Errors.ToDictionary(e => e.Key, e => e.Value);
        errors[path] = [.. ErrorsAt(path), message];
        return new ValidationResult(errors, Warnings);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Warnings { get; }

    /// <summary>The errors of one field (empty when it has none), e.g. for the wizard's field helper text.</summary>
    public IReadOnlyList<string> ErrorsAt(string path) => Errors.TryGetValue(path, out var messages) ? messages : None;

    /// <summary>The warnings of one field (empty when it has none).</summary>
    public IReadOnlyList<string> WarningsAt(string path) => Warnings.TryGetValue(path, out var messages) ? messages : None;
}
