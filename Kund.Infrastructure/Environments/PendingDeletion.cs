using Kund.Domain.Resources;

namespace Kund.Infrastructure.Environments;

/// <summary>A cloud resource a destroy request would delete.</summary>
public sealed record PendingDeletion(string Key, ResourceKind Kind, string CloudId);
