using Kund.Domain.Specs;
using static Kund.Tests.Domain.Specs.ValidationAssert;

namespace Kund.Tests.Domain.Specs;

public class ClusterRoleRulesTests
{
    private static ValidationResult WithRole(ClusterRoleSpec role) => SpecFixtures.Validate(SpecFixtures.Seed with { ClusterRole = role });

    [Theory]
    [InlineData("payments-dev-eks-cluster")]
    [InlineData("Role+=,.@_-1")]
    public void Name_IamCharacters_NoError(string name) =>
        NoErrorAt(WithRole(new ClusterRoleSpec { Create = true, Name = name }), SpecPaths.ClusterRoleName);

    [Fact]
    public void Name_Exactly64Characters_NoError() =>
        NoErrorAt(WithRole(new ClusterRoleSpec { Create = true, Name = new string('r', 64) }), SpecPaths.ClusterRoleName);

    [Fact]
    public void Name_Over64Characters_Error() =>
        HasError(WithRole(new ClusterRoleSpec { Create = true, Name = new string('r', 65) }), SpecPaths.ClusterRoleName, "is 65 characters long; IAM allows 1 to 64");

    [Fact]
    public void Name_ForbiddenCharacter_Error() =>
        HasError(WithRole(new ClusterRoleSpec { Create = true, Name = "eks/cluster" }), SpecPaths.ClusterRoleName, "the role name eks/cluster may contain only letters, digits and + = , . @ _ -");

    [Fact]
    public void CreateWithExistingArn_ErrorBoth() =>
        HasError(
            WithRole(new ClusterRoleSpec { Create = true, Name = "r", ExistingArn = "arn:aws:iam::123456789012:role/eks" }),
            SpecPaths.ClusterRoleExistingArn,
            "cannot be combined with create: true");

    [Fact]
    public void NeitherCreateNorArn_Error() =>
        HasError(WithRole(new ClusterRoleSpec { Create = false }), SpecPaths.ClusterRoleExistingArn, "existingArn is required");

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/eks-cluster")]
    [InlineData("arn:aws:iam::123456789012:role/service-role/eks-cluster")]
    public void ExistingArn_RoleArn_Valid(string arn)
    {
        var result = WithRole(new ClusterRoleSpec { Create = false, ExistingArn = arn });

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("arn:aws:iam::12345:role/eks")]
    [InlineData("arn:aws:iam::123456789012:user/eks")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("eks-cluster")]
    public void ExistingArn_NotARoleArn_Error(string arn) =>
        HasError(WithRole(new ClusterRoleSpec { Create = false, ExistingArn = arn }), SpecPaths.ClusterRoleExistingArn, $"{arn} is not an IAM role ARN");

    [Fact]
    public void ExistingArnWithName_WarningNameIgnored() =>
        HasWarning(
            WithRole(new ClusterRoleSpec { Create = false, Name = "mine", ExistingArn = "arn:aws:iam::123456789012:role/eks" }),
            SpecPaths.ClusterRoleName,
            "the name mine is ignored");
}
