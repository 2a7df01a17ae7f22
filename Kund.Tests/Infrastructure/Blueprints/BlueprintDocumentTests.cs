using Kund.Domain.Blueprints;
using Kund.Infrastructure.Blueprints;
using Kund.Tests.Support;

namespace Kund.Tests.Infrastructure.Blueprints;

/// <summary>Blueprint documents as YAML: the three the sandbox ships read; every kind of bad document is refused at its path.</summary>
public class BlueprintDocumentTests
{
    private const string Valid = """
        name: small
        version: 1
        spec:
          region: ap-northeast-2
          routing:
            natGateways: single
          cluster:
            kubernetesVersion: "1.34"
        parameters:
          nodes:
            type: int
            path: cluster.compute.nodeGroups[0].desiredSize
            default: 2
            range: 1..5
        locked:
          - path: routing.natGateways
            reason: one NAT gateway in dev
        """;

    [Theory]
    [InlineData("small-dev-cluster.yaml", "small-dev-cluster")]
    [InlineData("stage-per-zone-nat.yaml", "stage-per-zone-nat")]
    [InlineData("network-only.yaml", "network-only")]
    public void Parse_ShippedBlueprint_Reads(string file, string name)
    {
        var (blueprint, result) = Parse(File.ReadAllText(Path.Combine(Screenshots.RepositoryRoot(), "blueprints", file)));

        Assert.Empty(result.Errors);
        Assert.Equal((name, 1), (blueprint!.Name, blueprint.Version));
    }

    [Fact]
    public void Parse_Valid_ParametersLockedAndQuotedVersionKept()
    {
        var (blueprint, result) = Parse(Valid);

        Assert.True(result.IsValid);
        var nodes = Assert.Single(blueprint!.Parameters);
        Assert.Equal((BlueprintParameterType.Int, 1, 5), (nodes.Type, nodes.Min, nodes.Max));
        Assert.Equal("1.34", (string)blueprint.Spec["cluster"]!["kubernetesVersion"]!);
        Assert.Equal("one NAT gateway in dev", Assert.Single(blueprint.Locked).Reason);
        Assert.Equal("6 is outside nodes's range 1..5.", nodes.Refuse(System.Text.Json.Nodes.JsonValue.Create(6)));
    }

    [Theory]
    [InlineData("default: 2", "default: 9", "parameters.nodes.default")]
    [InlineData("range: 1..5", "range: 5..1", "parameters.nodes.range")]
    [InlineData("type: int", "type: float", "parameters.nodes.type")]
    [InlineData("    range: 1..5", "    range: 1..5\n    colour: red", "parameters.nodes.colour")]
    [InlineData("version: 1", "version: 1\nauthor: me", "author")]
    [InlineData("path: cluster.compute.nodeGroups[0].desiredSize", "path: routing.natGateways", "parameters.nodes.path")]
    [InlineData("  - path: routing.natGateways", "  - path: routing.internetGateway", "locked[0].path")]
    [InlineData("    reason: one NAT gateway in dev", "    reason: \"\"", "locked[0].reason")]
    [InlineData("  region: ap-northeast-2", "  region: ap-northeast-2\n  colour: red", "spec.colour")]
    [InlineData("version: 1", "version: first", "version")]
    public void Parse_BadField_RefusedAtItsPath(string find, string replace, string path)
    {
        var (blueprint, result) = Parse(Valid.Replace(find, replace, StringComparison.Ordinal));

        Assert.Null(blueprint);
        Assert.Contains(path, result.Errors.Keys);
    }

    [Theory]
    [InlineData("- a\n- b")]
    [InlineData("just text")]
    public void Parse_NotAMapping_RefusedAtDocument(string text)
    {
        var (_, result) = Parse(text);

        Assert.Equal([BlueprintDocument.DocumentPath], result.Errors.Keys);
    }

    [Fact]
    public void ToJson_NotYaml_FormatExceptionNamingTheLine() =>
        Assert.Contains("line", Assert.Throws<FormatException>(() => BlueprintYaml.ToJson("a: [1, 2\nb: {")).Message, StringComparison.Ordinal);

    private static (Blueprint? Blueprint, Kund.Domain.Specs.ValidationResult Result) Parse(string yaml) => BlueprintDocument.Parse(BlueprintYaml.ToJson(yaml));
}
