namespace Kund.Infrastructure.Terraform;

/// <summary>
/// One resource block of an export: its address (<c>aws_subnet.subnet_public_a</c>), the Kund node it stands for,
/// the id its <c>import</c> block gives Terraform, and the block itself.
/// </summary>
public sealed record TerraformResource(string Type, string Name, string NodeKey, string ImportId, IReadOnlyList<HclBodyItem> Body)
{
    public string Address => $"{Type}.{Name}";

    public HclReference Ref(string attribute) => new(Address, attribute);

    public HclBlock Block => new("resource", [Type, Name], Body);

    public HclBlock Import => new("import", [], [new HclAttribute("to", new HclReference(Type, Name)), new HclAttribute("id", HclExpr.Of(ImportId))]);
}

/// <summary>The three files of an export, as <c>terraform fmt</c> would leave them.</summary>
public sealed record TerraformFiles(string VersionsTf, string MainTf, string ImportsTf, IReadOnlyList<TerraformResource> Resources)
{
    public const string Versions = "versions.tf";
    public const string Main = "main.tf";
    public const string Imports = "imports.tf";
}
