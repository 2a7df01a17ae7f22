using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kund.Infrastructure.Environments;

/// <summary>Where an extension request stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExtensionStatus>))]
public enum ExtensionStatus
{
    PendingApproval,
    Approved,
    Rejected,
}

/// <summary>
/// A member's extension of an environment beyond its team's TTL maximum, waiting for an approver who did not
/// ask for it. <see cref="Until"/> is the expiry it asks for, fixed when it was asked; approving moves
/// <c>expiresAt</c> there, rejecting leaves it. At most one waits per environment (a partial unique index).
/// </summary>
public sealed class ExtensionRequest : Kund.Domain.Environments.ITeamOwned
{
    public Guid Id { get; set; }

    public Guid EnvironmentId { get; set; }

    public string Team { get; set; } = "";

    public int Days { get; set; }

    public DateTimeOffset Until { get; set; }

    /// <summary>The expiry when it was asked for (null: none).</summary>
    public DateTimeOffset? ExpiresAtBefore { get; set; }

    public ExtensionStatus Status { get; set; }

    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The approver's or rejecter's comment.</summary>
    public string? Comment { get; set; }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> builder)
    {
        builder.ToTable("extension_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Team).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.RequestedBy).HasMaxLength(320);
        builder.Property(r => r.DecidedBy).HasMaxLength(320);
        builder.Property(r => r.Comment).HasMaxLength(2000);
        builder.Property<uint>("xmin").HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
        builder.HasOne<Kund.Domain.Environments.TeamEnvironment>().WithMany().HasForeignKey(r => r.EnvironmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.EnvironmentId).IsUnique().HasFilter("\"Status\" = 'PendingApproval'").HasDatabaseName("ix_extension_requests_one_pending");
        builder.HasIndex(r => new { r.Status, r.RequestedAt });
    }
}

/// <summary>api.md's extension view: a waiting, approved or rejected extension of one environment.</summary>
public sealed record ExtensionView(
    Guid Id,
    Guid EnvironmentId,
    string EnvironmentName,
    string Team,
    int Days,
    DateTimeOffset Until,
    DateTimeOffset? ExpiresAtBefore,
    ExtensionStatus Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Comment,
    bool AskedByCaller);

/// <summary>No such extension request of the environment (or the caller may not know it): 404.</summary>
public sealed class ExtensionNotFoundException(Guid environmentId, Guid extensionId)
    : Exception($"Environment {environmentId} has no extension request {extensionId}.");

/// <summary>An extension request already waits for the environment: 409 naming it.</summary>
public sealed class ExtensionPendingException(ExtensionRequest pending)
    : Exception($"An extension to {pending.Until.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} asked for by {pending.RequestedBy} (request {pending.Id}) already waits for an approver; one extension request waits at a time — wait for its answer.")
{
    public ExtensionRequest Pending { get; } = pending;
}

/// <summary>The extension request was answered already: 409 with its status.</summary>
public sealed class ExtensionDecidedException(ExtensionRequest request)
    : Exception($"The extension request {request.Id} is {request.Status} already (by {request.DecidedBy}); only one that waits (PendingApproval) is approved or rejected.")
{
    public ExtensionRequest Request { get; } = request;
}
