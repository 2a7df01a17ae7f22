namespace Kund.Tests.Infrastructure.Terraform;

/// <summary>
/// The export's promises checked on the parsed files: formatted as <c>terraform fmt</c> leaves them, one import block
/// per resource block (and none for anything else), every reference naming a block that exists.
/// </summary>
public sealed record TerraformRoundTrip(HclDocument Versions, HclDocument Main, HclDocument Imports)
{
    public static TerraformRoundTrip Parse(string versions, string main, string imports) =>
        new(HclDocument.Parse(versions), HclDocument.Parse(main), HclDocument.Parse(imports));

    /// <summary>The import id of every resource address.</summary>
    public IReadOnlyDictionary<string, string> ImportIds => Imports.Blocks.ToDictionary(b => b.Ref("to"), b => b.String("id"), StringComparer.Ordinal);

    public HclParsedBlock Resource(string address) => Assert.Single(Main.Resources, r => r.Address == address);

    public void AssertHolds()
    {
        Assert.Empty(Versions.Violations);
        Assert.Empty(Main.Violations);
        Assert.Empty(Imports.Violations);

        var terraform = Assert.Single(Versions.Blocks, b => b.Type == "terraform");
        Assert.Equal(">= 1.5.0", terraform.String("required_version"));
        var aws = Assert.IsType<HclValue.Map>(terraform.Nested("required_providers").Attributes["aws"]);
        Assert.Equal(new HclValue.Text("hashicorp/aws"), aws.Entries["source"]);

        Assert.All(Imports.Blocks, b => Assert.Equal("import", b.Type));
        var addresses = Main.Resources.Select(r => r.Address).ToList();
        Assert.Equal(addresses.Count, addresses.Distinct(StringComparer.Ordinal).Count());
        var imported = Imports.Blocks.Select(b => b.Ref("to")).ToList();
        Assert.Equal(addresses.Order(StringComparer.Ordinal), imported.Order(StringComparer.Ordinal));
        Assert.All(Imports.Blocks, b => Assert.False(string.IsNullOrEmpty(b.String("id"))));

        foreach (var resource in Main.Resources)
        {
            Assert.All(resource.References(), r => Assert.Contains(r.Address, addresses));
        }
    }
}
