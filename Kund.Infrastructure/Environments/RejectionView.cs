namespace Kund.Infrastructure.Environments;

/// <summary>The last rejection of the request: kept beside a revised spec so the requester sees what to fix.</summary>
public sealed record RejectionView(string By, string? Comment, DateTimeOffset At);
