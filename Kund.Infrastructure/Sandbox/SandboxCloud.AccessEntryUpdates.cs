using System.Net;

namespace Kund.Infrastructure.Sandbox;

/// <summary>DisassociateAccessPolicy: the other half of changing what an access entry may do.</summary>
public sealed partial class SandboxCloud
{
    public void DisassociateAccessPolicy(string region, string clusterName, string principalArn, string policyArn) => Mutate(now =>
    {
        FindCluster(region, clusterName);
        var entry = FindAccessEntry(region, clusterName, principalArn);
        if (entry.Policies.All(p => p.PolicyArn != policyArn))
        {
            throw EksError("ResourceNotFoundException", $"The access policy {policyArn} is not associated with the access entry of {principalArn}.", HttpStatusCode.NotFound);
        }

        _accessEntries[ChildKey(region, clusterName, principalArn)] = entry with
        {
            Policies = [.. entry.Policies.Where(p => p.PolicyArn != policyArn)],
            ModifiedAt = now,
        };
    });
}
