using Microsoft.EntityFrameworkCore;

namespace Kund.Infrastructure.Persistence;

/// <summary>Kund's unit of work. Entity mappings live beside it, one <see cref="IEntityTypeConfiguration{TEntity}"/> per entity.</summary>
public sealed class KundDbContext(DbContextOptions<KundDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KundDbContext).Assembly);
    }
}
