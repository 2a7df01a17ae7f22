// ELBv2 as Kund's teardown uses it (load balancers Kubernetes left behind), STS, and SigV4 refusals.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as E from "@aws-sdk/client-ec2";
import * as K from "@aws-sdk/client-eks";
import * as L from "@aws-sdk/client-elastic-load-balancing-v2";
import * as I from "@aws-sdk/client-iam";
import * as S from "@aws-sdk/client-sts";
import { account, collect, credentials, ec2, eks, elbv2, iam, isTime, region, rejects, sts } from "../lib/sandbox.mjs";

// Seeded by the test host: load balancers a Kubernetes Service would have made, in one VPC.
const seededVpc = process.env.KUND_CONFORMANCE_LB_VPC;
const seededArns = (process.env.KUND_CONFORMANCE_LB_ARNS ?? "").split(",").filter(Boolean);

test("STS GetCallerIdentity: the sandbox account", async () => {
  const identity = await sts().send(new S.GetCallerIdentityCommand({}));
  assert.equal(identity.Account, account);
  assert.equal(identity.Arn, `arn:aws:iam::${account}:root`);
  assert.equal(identity.UserId, account);
});

test("Kubernetes' load balancers: found by tag, deleted, their security groups after them", { skip: seededArns.length < 2 && "no seeded load balancers" }, async () => {
  const client = elbv2();
  // ELBv2's paginator has no page-size key of its own: PageSize goes in the input.
  const { items, pages } = await collect(L.paginateDescribeLoadBalancers({ client }, { PageSize: 1 }), "LoadBalancers");
  assert.ok(pages >= 2, `NextMarker was followed (${pages} pages)`);
  const ours = items.filter((b) => seededArns.includes(b.LoadBalancerArn));
  assert.equal(ours.length, seededArns.length);
  for (const balancer of ours) {
    assert.equal(balancer.VpcId, seededVpc);
    assert.equal(balancer.Type, "network");
    assert.equal(balancer.Scheme, "internet-facing");
    assert.match(balancer.DNSName, /\.elb\.[a-z0-9-]+\.amazonaws\.com$/);
    assert.ok(balancer.AvailabilityZones.length >= 1 && balancer.AvailabilityZones[0].SubnetId);
    isTime(balancer.CreatedTime, "LoadBalancer.CreatedTime");
  }
  const tags = await client.send(new L.DescribeTagsCommand({ ResourceArns: seededArns }));
  assert.equal(tags.TagDescriptions.length, seededArns.length);
  for (const description of tags.TagDescriptions) {
    assert.ok(description.Tags.some((t) => t.Key.startsWith("kubernetes.io/cluster/") || t.Key === "service.k8s.aws/stack"), JSON.stringify(description.Tags));
  }
  await rejects(client.send(new L.DescribeLoadBalancersCommand({ Names: ["no-such-balancer"] })), "LoadBalancerNotFoundException", 400);

  const ec2Client = ec2();
  const before = await ec2Client.send(new E.DescribeNetworkInterfacesCommand({ Filters: [{ Name: "vpc-id", Values: [seededVpc] }] }));
  assert.ok(before.NetworkInterfaces.length >= seededArns.length);
  assert.match(before.NetworkInterfaces[0].NetworkInterfaceId, /^eni-[0-9a-f]+$/);
  const groups = await ec2Client.send(new E.DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [seededVpc] }] }));
  const k8sGroups = groups.SecurityGroups.filter((g) => g.GroupName.startsWith("k8s-"));
  assert.ok(k8sGroups.length >= 1);

  for (const arn of seededArns) {
    await client.send(new L.DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
  }
  for (const group of k8sGroups) {
    for (let i = 0; ; i++) {
      try {
        await ec2Client.send(new E.DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
        break;
      } catch (error) {
        // The load balancer's interfaces still hold the group for a while after it is gone.
        if (error.name !== "DependencyViolation" || i > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
  const after = await ec2Client.send(new E.DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [seededVpc] }] }));
  assert.ok(!after.SecurityGroups.some((g) => g.GroupName.startsWith("k8s-")));
});

test("a wrong secret: each service's signature error", async () => {
  const wrong = { credentials: { ...credentials, secretAccessKey: "not-the-secret" }, maxAttempts: 1 };
  await rejects(sts(wrong).send(new S.GetCallerIdentityCommand({})), "SignatureDoesNotMatch", 403);
  await rejects(iam(wrong).send(new I.GetRoleCommand({ RoleName: "x" })), "SignatureDoesNotMatch", 403);
  await rejects(eks(wrong).send(new K.ListClustersCommand({})), "InvalidSignatureException", 403);
  await rejects(elbv2(wrong).send(new L.DescribeLoadBalancersCommand({})), "SignatureDoesNotMatch", 403);
  await rejects(ec2(wrong).send(new E.DescribeVpcsCommand({})), "AuthFailure", 401);
});

test("an unknown key: each service's unknown-credential error", async () => {
  const unknown = { credentials: { ...credentials, accessKeyId: "AKIAUNKNOWNKEY000000" }, maxAttempts: 1 };
  await rejects(sts(unknown).send(new S.GetCallerIdentityCommand({})), "InvalidClientTokenId", 403);
  await rejects(iam(unknown).send(new I.GetRoleCommand({ RoleName: "x" })), "InvalidClientTokenId", 403);
  await rejects(eks(unknown).send(new K.ListClustersCommand({})), "UnrecognizedClientException", 403);
  await rejects(ec2(unknown).send(new E.DescribeVpcsCommand({})), "AuthFailure", 401);
});

test("an operation the sandbox does not serve: the service's own error, not a 500", async () => {
  await rejects(ec2({ maxAttempts: 1 }).send(new E.DescribeInstancesCommand({})), "InvalidAction", 400);
  await rejects(iam({ maxAttempts: 1 }).send(new I.ListUsersCommand({})), "InvalidAction", 400);
  await rejects(sts({ maxAttempts: 1 }).send(new S.GetSessionTokenCommand({})), "InvalidAction", 400);
  const fargate = await rejects(eks({ maxAttempts: 1 }).send(new K.ListFargateProfilesCommand({ clusterName: "x" })), "UnknownOperationException", 404);
  assert.ok(fargate.message.length > 0);
  assert.equal(region, "ap-northeast-2");
});
