using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kund.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting Kund (it never connects).</summary>
internal sealed class KundDbContextDesignFactory : IDesignTimeDbContextFactory<KundDbContext>
{
    public KundDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<KundDbContext>().UseNpgsql("Host=localhost;Database=kund_design").Options);
}
