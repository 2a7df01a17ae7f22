using System.Text.Json.Nodes;
using Kund.Domain.Blueprints;
using Kund.Infrastructure.Blueprints;

namespace Kund.Tests.Infrastructure.Blueprints;

/// <summary>The spec of an environment started from a blueprint, and the spec a move to a newer version proposes.</summary>
public class BlueprintSpecTests
{
    private static Blueprint Small(int version, string instanceType) => BlueprintDocument.Parse(BlueprintYaml.ToJson($"""
        name: small
        version: {version}
        spec:
          region: ap-northeast-2
          vpc:
            cidr: 10.20.0.0/16
          routing:
            natGateways: single
          cluster:
            kubernetesVersion: "1.34"
            compute:
              nodeGroups:
                - name: workers
                  instanceTypes: [{instanceType}]
        parameters:
          nodes:
            type: int
            path: cluster.compute.nodeGroups[0].desiredSize
            default: 2
            range: 1..5
        locked:
          - path: routing.natGateways
            reason: one NAT gateway in dev
        """)).Blueprint!;

    [Fact]
    public void Apply_RequestFieldsAndParameter_MergedOverTheBlueprint()
    {
        var request = JsonNode.Parse("""{ "name": "a", "vpc": { "cidr": "10.9.0.0/16" }, "routing": { "natGateways": "single", "internetGateway": true } }""")!.AsObject();

        var result = BlueprintSpec.Apply(Small(1, "t3.medium"), request, new JsonObject { ["nodes"] = 4 });

        Assert.True(result.IsValid);
        Assert.Equal("10.9.0.0/16", (string)result.Spec["vpc"]!["cidr"]!);
        Assert.True((bool)result.Spec["routing"]!["internetGateway"]!);
        Assert.Equal("1.34", (string)result.Spec["cluster"]!["kubernetesVersion"]!);
        Assert.Equal(4, (int)result.Spec["cluster"]!["compute"]!["nodeGroups"]![0]!["desiredSize"]!);
        Assert.Equal("workers", (string)result.Spec["cluster"]!["compute"]!["nodeGroups"]![0]!["name"]!);
        Assert.Equal(4, (int)result.Parameters["nodes"]!);
    }

    [Fact]
    public void Apply_NoParameterGiven_Default()
    {
        var result = BlueprintSpec.Apply(Small(1, "t3.medium"), [], null);

        Assert.Equal(2, (int)result.Spec["cluster"]!["compute"]!["nodeGroups"]![0]!["desiredSize"]!);
    }

    [Fact]
    public void Apply_LockedFieldChangedAndValueWrittenIntoTheSpecOutOfRange_ErrorsAtTheSpecPaths()
    {
        var request = JsonNode.Parse("""{ "routing": { "natGateways": "perAz" }, "cluster": { "compute": { "nodeGroups": [ { "desiredSize": 8 } ] } } }""")!.AsObject();

        var result = BlueprintSpec.Apply(Small(1, "t3.medium"), request, null);

        Assert.Contains("one NAT gateway in dev", result.Errors["routing.natGateways"][0], StringComparison.Ordinal);
        Assert.Contains("1..5", result.Errors["cluster.compute.nodeGroups[0].desiredSize"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ClusterRemovedUnderALockedFieldOfIt_ErrorAtTheLockedPath()
    {
        var blueprint = BlueprintDocument.Parse(BlueprintYaml.ToJson("""
            name: logged
            version: 1
            spec:
              cluster:
                logging: [api, audit]
            locked:
              - path: cluster.logging
                reason: audit logs are kept
            """)).Blueprint!;

        var result = BlueprintSpec.Apply(blueprint, JsonNode.Parse("""{ "cluster": null }""")!.AsObject(), null);

        Assert.True(result.Errors.ContainsKey("cluster.logging"));
    }

    [Fact]
    public void Upgrade_BlueprintChangedAField_NewValueTheTeamsOwnChoicesAndParametersKept()
    {
        var current = BlueprintSpec.Apply(Small(1, "t3.medium"), JsonNode.Parse("""{ "name": "a", "vpc": { "cidr": "10.9.0.0/16" } }""")!.AsObject(), new JsonObject { ["nodes"] = 3 });

        var moved = BlueprintSpec.Upgrade(Small(1, "t3.medium"), Small(2, "t3.large"), current.Spec, current.Parameters);

        Assert.True(moved.IsValid);
        Assert.Equal("t3.large", (string)moved.Spec["cluster"]!["compute"]!["nodeGroups"]![0]!["instanceTypes"]![0]!);
        Assert.Equal(3, (int)moved.Spec["cluster"]!["compute"]!["nodeGroups"]![0]!["desiredSize"]!);
        Assert.Equal("10.9.0.0/16", (string)moved.Spec["vpc"]!["cidr"]!);
        Assert.Equal("a", (string)moved.Spec["name"]!);
    }
}
