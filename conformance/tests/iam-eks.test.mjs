// IAM roles and EKS (cluster, node group, add-ons, access entries, in-place updates) as Kund's drivers use them,
// with AWS's waiters for the cluster and the node group.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as E from "@aws-sdk/client-ec2";
import * as K from "@aws-sdk/client-eks";
import * as I from "@aws-sdk/client-iam";
import { account, collect, ec2, eks, fast, iam, isTime, region, rejects, unique } from "../lib/sandbox.mjs";

const iamClient = iam();
const eksClient = eks();
const ec2Client = ec2();
const state = { suffix: unique("conf") };
const trust = (service) => JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
});
const nodePolicies = [
  "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
];

test("IAM roles: create, read, tag, trust, policies paged", async () => {
  const created = await iamClient.send(new I.CreateRoleCommand({
    RoleName: `${state.suffix}-cluster`, Path: "/kund/", AssumeRolePolicyDocument: trust("eks.amazonaws.com"),
    Description: "conformance cluster role", MaxSessionDuration: 3600, Tags: [{ Key: "kund:environment", Value: "conf" }],
  }));
  assert.equal(created.Role.Arn, `arn:aws:iam::${account}:role/kund/${state.suffix}-cluster`);
  assert.match(created.Role.RoleId, /^AROA[A-Z0-9]{17}$/);
  isTime(created.Role.CreateDate, "Role.CreateDate");
  state.clusterRole = created.Role.Arn;

  const node = await iamClient.send(new I.CreateRoleCommand({ RoleName: `${state.suffix}-node`, AssumeRolePolicyDocument: trust("ec2.amazonaws.com") }));
  state.nodeRole = node.Role.Arn;
  state.nodeRoleName = node.Role.RoleName;
  for (const policy of nodePolicies) {
    await iamClient.send(new I.AttachRolePolicyCommand({ RoleName: state.nodeRoleName, PolicyArn: policy }));
  }
  await iamClient.send(new I.AttachRolePolicyCommand({ RoleName: state.nodeRoleName, PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
  const { items, pages } = await collect(
    I.paginateListAttachedRolePolicies({ client: iamClient, pageSize: 2 }, { RoleName: state.nodeRoleName }), "AttachedPolicies");
  assert.deepEqual(items.map((p) => p.PolicyArn).sort(), [...nodePolicies, "arn:aws:iam::aws:policy/ReadOnlyAccess"].sort());
  assert.equal(items.find((p) => p.PolicyArn.endsWith("/ReadOnlyAccess")).PolicyName, "ReadOnlyAccess");
  assert.ok(pages >= 2, `IsTruncated and Marker were followed (${pages} pages)`);
  await iamClient.send(new I.DetachRolePolicyCommand({ RoleName: state.nodeRoleName, PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));

  await iamClient.send(new I.TagRoleCommand({ RoleName: `${state.suffix}-cluster`, Tags: [{ Key: "team", Value: "payments" }, { Key: "gone", Value: "soon" }] }));
  await iamClient.send(new I.UntagRoleCommand({ RoleName: `${state.suffix}-cluster`, TagKeys: ["gone"] }));
  const tags = await iamClient.send(new I.ListRoleTagsCommand({ RoleName: `${state.suffix}-cluster` }));
  assert.deepEqual(tags.Tags.map((t) => `${t.Key}=${t.Value}`).sort(), ["kund:environment=conf", "team=payments"]);
  assert.equal(tags.IsTruncated, false);

  const updatedTrust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  });
  await iamClient.send(new I.UpdateAssumeRolePolicyCommand({ RoleName: `${state.suffix}-cluster`, PolicyDocument: updatedTrust }));
  const read = await iamClient.send(new I.GetRoleCommand({ RoleName: `${state.suffix}-cluster` }));
  assert.equal(read.Role.Path, "/kund/");
  assert.equal(read.Role.Description, "conformance cluster role");
  assert.equal(read.Role.MaxSessionDuration, 3600);
  assert.deepEqual(JSON.parse(decodeURIComponent(read.Role.AssumeRolePolicyDocument)), JSON.parse(updatedTrust));

  await rejects(iamClient.send(new I.GetRoleCommand({ RoleName: "nobody-here" })), "NoSuchEntityException", 404);
  await rejects(iamClient.send(new I.CreateRoleCommand({ RoleName: `${state.suffix}-node`, AssumeRolePolicyDocument: trust("ec2.amazonaws.com") })), "EntityAlreadyExistsException", 409);
});

test("a network for the cluster", async () => {
  const vpc = await ec2Client.send(new E.CreateVpcCommand({ CidrBlock: "10.71.0.0/16" }));
  state.vpc = vpc.Vpc.VpcId;
  const gateway = await ec2Client.send(new E.CreateInternetGatewayCommand({}));
  state.igw = gateway.InternetGateway.InternetGatewayId;
  await ec2Client.send(new E.AttachInternetGatewayCommand({ InternetGatewayId: state.igw, VpcId: state.vpc }));
  const table = await ec2Client.send(new E.CreateRouteTableCommand({ VpcId: state.vpc }));
  state.table = table.RouteTable.RouteTableId;
  await ec2Client.send(new E.CreateRouteCommand({ RouteTableId: state.table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: state.igw }));
  state.subnets = [];
  state.associations = [];
  for (const [i, zone] of [`${region}a`, `${region}b`].entries()) {
    const subnet = await ec2Client.send(new E.CreateSubnetCommand({ VpcId: state.vpc, CidrBlock: `10.71.${i}.0/24`, AvailabilityZone: zone }));
    await ec2Client.send(new E.ModifySubnetAttributeCommand({ SubnetId: subnet.Subnet.SubnetId, MapPublicIpOnLaunch: { Value: true } }));
    const association = await ec2Client.send(new E.AssociateRouteTableCommand({ RouteTableId: state.table, SubnetId: subnet.Subnet.SubnetId }));
    state.subnets.push(subnet.Subnet.SubnetId);
    state.associations.push(association.AssociationId);
  }
});

test("a cluster, waited for with waitUntilClusterActive", async () => {
  state.cluster = `${state.suffix}-eks`;
  const versions = await collect(K.paginateDescribeClusterVersions({ client: eksClient, pageSize: 1 }, {}), "clusterVersions");
  assert.ok(versions.pages >= 2, `nextToken was followed (${versions.pages} pages)`);
  const byDefault = versions.items.find((v) => v.defaultVersion);
  assert.ok(byDefault, "a default version");
  isTime(byDefault.releaseDate, "releaseDate", { recent: false });
  state.version = byDefault.clusterVersion;
  state.newer = versions.items.map((v) => v.clusterVersion).filter((v) => Number(v.split(".")[1]) === Number(state.version.split(".")[1]) + 1)[0];

  let created;
  // IAM is eventually consistent: EKS may not yet be able to assume a role created a moment ago.
  for (let i = 0; ; i++) {
    try {
      created = await eksClient.send(new K.CreateClusterCommand({
        name: state.cluster, version: state.version, roleArn: state.clusterRole,
        resourcesVpcConfig: { subnetIds: state.subnets, endpointPublicAccess: true, endpointPrivateAccess: false },
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        logging: { clusterLogging: [{ types: ["api", "audit"], enabled: true }] },
        tags: { "kund:environment": "conf" },
      }));
      break;
    } catch (error) {
      if (error.name !== "InvalidParameterException" || i > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  assert.equal(created.cluster.status, "CREATING");
  assert.equal(created.cluster.arn, `arn:aws:eks:${region}:${account}:cluster/${state.cluster}`);
  isTime(created.cluster.createdAt, "cluster.createdAt");

  const waited = await K.waitUntilClusterActive(fast(eksClient), { name: state.cluster });
  assert.equal(waited.state, "SUCCESS");
  const { cluster } = await eksClient.send(new K.DescribeClusterCommand({ name: state.cluster }));
  assert.equal(cluster.status, "ACTIVE");
  assert.match(cluster.endpoint, /^https:\/\/[A-F0-9]+\.[a-z0-9]+\.[a-z0-9-]+\.eks\.amazonaws\.com$/);
  assert.ok(Buffer.from(cluster.certificateAuthority.data, "base64").toString().includes("BEGIN CERTIFICATE"), "a PEM certificate in base64");
  assert.match(cluster.identity.oidc.issuer, /^https:\/\/oidc\.eks\./);
  assert.equal(cluster.resourcesVpcConfig.vpcId, state.vpc);
  assert.deepEqual([...cluster.resourcesVpcConfig.subnetIds].sort(), [...state.subnets].sort());
  assert.match(cluster.resourcesVpcConfig.clusterSecurityGroupId, /^sg-[0-9a-f]+$/);
  assert.equal(cluster.accessConfig.authenticationMode, "API");
  assert.deepEqual(cluster.logging.clusterLogging.find((l) => l.enabled).types, ["api", "audit"]);
  assert.equal(cluster.tags["kund:environment"], "conf");
  const listed = await collect(K.paginateListClusters({ client: eksClient, pageSize: 1 }, {}), "clusters");
  assert.ok(listed.items.includes(state.cluster));
  assert.equal(listed.pages, listed.items.length, "one cluster a page, nextToken followed to the last");

  await rejects(eksClient.send(new K.DescribeClusterCommand({ name: "no-such-cluster" })), "ResourceNotFoundException", 404);
  await rejects(eksClient.send(new K.CreateClusterCommand({
    name: state.cluster, roleArn: state.clusterRole, resourcesVpcConfig: { subnetIds: state.subnets },
  })), "ResourceInUseException", 409);
});

test("a node group, waited for with waitUntilNodegroupActive", async () => {
  const created = await eksClient.send(new K.CreateNodegroupCommand({
    clusterName: state.cluster, nodegroupName: "general", nodeRole: state.nodeRole, subnets: state.subnets,
    scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 3 }, instanceTypes: ["t3.medium"], amiType: "AL2023_x86_64_STANDARD",
    capacityType: "ON_DEMAND", diskSize: 20, labels: { team: "payments" }, tags: { "kund:environment": "conf" },
  }));
  assert.equal(created.nodegroup.status, "CREATING");
  isTime(created.nodegroup.createdAt, "nodegroup.createdAt");
  const waited = await K.waitUntilNodegroupActive(fast(eksClient), { clusterName: state.cluster, nodegroupName: "general" });
  assert.equal(waited.state, "SUCCESS");
  const { nodegroup } = await eksClient.send(new K.DescribeNodegroupCommand({ clusterName: state.cluster, nodegroupName: "general" }));
  assert.equal(nodegroup.status, "ACTIVE");
  assert.deepEqual(nodegroup.scalingConfig, { minSize: 1, desiredSize: 2, maxSize: 3 });
  assert.deepEqual(nodegroup.instanceTypes, ["t3.medium"]);
  assert.equal(nodegroup.labels.team, "payments");
  assert.equal(nodegroup.nodeRole, state.nodeRole);
  assert.match(nodegroup.nodegroupArn, new RegExp(`^arn:aws:eks:${region}:${account}:nodegroup/${state.cluster}/general/`));
  const listed = await eksClient.send(new K.ListNodegroupsCommand({ clusterName: state.cluster }));
  assert.deepEqual(listed.nodegroups, ["general"]);

  const scaled = await eksClient.send(new K.UpdateNodegroupConfigCommand({
    clusterName: state.cluster, nodegroupName: "general", scalingConfig: { minSize: 1, desiredSize: 3, maxSize: 4 },
    labels: { addOrUpdateLabels: { tier: "app" }, removeLabels: ["team"] },
  }));
  assert.match(scaled.update.id, /^[0-9a-f-]{36}$/);
  assert.equal(scaled.update.type, "ConfigUpdate");
  await K.waitUntilNodegroupActive(fast(eksClient), { clusterName: state.cluster, nodegroupName: "general" });
  const update = await eksClient.send(new K.DescribeUpdateCommand({ name: state.cluster, updateId: scaled.update.id, nodegroupName: "general" }));
  assert.equal(update.update.id, scaled.update.id);
  isTime(update.update.createdAt, "update.createdAt");
});

test("add-ons: versions offered, created, updated", async () => {
  const offered = await eksClient.send(new K.DescribeAddonVersionsCommand({ addonName: "coredns", kubernetesVersion: state.version }));
  const versions = offered.addons[0].addonVersions;
  assert.ok(versions.length >= 1);
  assert.ok(versions[0].compatibilities.some((c) => c.clusterVersion === state.version));
  const created = await eksClient.send(new K.CreateAddonCommand({
    clusterName: state.cluster, addonName: "coredns", addonVersion: versions.at(-1).addonVersion, resolveConflicts: "OVERWRITE",
    tags: { "kund:environment": "conf" },
  }));
  assert.equal(created.addon.addonName, "coredns");
  isTime(created.addon.createdAt, "addon.createdAt");
  await K.waitUntilAddonActive(fast(eksClient), { clusterName: state.cluster, addonName: "coredns" });
  const { addon } = await eksClient.send(new K.DescribeAddonCommand({ clusterName: state.cluster, addonName: "coredns" }));
  assert.equal(addon.status, "ACTIVE");
  if (versions.length > 1) {
    const updated = await eksClient.send(new K.UpdateAddonCommand({
      clusterName: state.cluster, addonName: "coredns", addonVersion: versions[0].addonVersion, resolveConflicts: "OVERWRITE",
    }));
    assert.equal(updated.update.type, "AddonUpdate");
    await K.waitUntilAddonActive(fast(eksClient), { clusterName: state.cluster, addonName: "coredns" });
  }
});

test("access entries and policies", async () => {
  const team = await iamClient.send(new I.CreateRoleCommand({ RoleName: `${state.suffix}-team`, AssumeRolePolicyDocument: trust("ec2.amazonaws.com") }));
  const created = await eksClient.send(new K.CreateAccessEntryCommand({ clusterName: state.cluster, principalArn: team.Role.Arn, type: "STANDARD" }));
  assert.equal(created.accessEntry.principalArn, team.Role.Arn);
  assert.match(created.accessEntry.accessEntryArn, new RegExp(`^arn:aws:eks:${region}:${account}:access-entry/${state.cluster}/role/`));
  isTime(created.accessEntry.createdAt, "accessEntry.createdAt");
  const policy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
  const associated = await eksClient.send(new K.AssociateAccessPolicyCommand({
    clusterName: state.cluster, principalArn: team.Role.Arn, policyArn: policy, accessScope: { type: "namespace", namespaces: ["payments"] },
  }));
  assert.equal(associated.associatedAccessPolicy.policyArn, policy);
  isTime(associated.associatedAccessPolicy.associatedAt, "associatedAt");
  const listed = await eksClient.send(new K.ListAssociatedAccessPoliciesCommand({ clusterName: state.cluster, principalArn: team.Role.Arn }));
  assert.deepEqual(listed.associatedAccessPolicies.map((p) => [p.policyArn, p.accessScope.type, p.accessScope.namespaces]), [[policy, "namespace", ["payments"]]]);
  const described = await eksClient.send(new K.DescribeAccessEntryCommand({ clusterName: state.cluster, principalArn: team.Role.Arn }));
  assert.equal(described.accessEntry.type, "STANDARD");
  await eksClient.send(new K.DisassociateAccessPolicyCommand({ clusterName: state.cluster, principalArn: team.Role.Arn, policyArn: policy }));
  await eksClient.send(new K.DeleteAccessEntryCommand({ clusterName: state.cluster, principalArn: team.Role.Arn }));
  await rejects(eksClient.send(new K.DescribeAccessEntryCommand({ clusterName: state.cluster, principalArn: team.Role.Arn })), "ResourceNotFoundException", 404);
  await iamClient.send(new I.DeleteRoleCommand({ RoleName: team.Role.RoleName }));
});

test("tags on the cluster", async () => {
  const arn = `arn:aws:eks:${region}:${account}:cluster/${state.cluster}`;
  await eksClient.send(new K.TagResourceCommand({ resourceArn: arn, tags: { team: "payments", gone: "soon" } }));
  await eksClient.send(new K.UntagResourceCommand({ resourceArn: arn, tagKeys: ["gone"] }));
  const { tags } = await eksClient.send(new K.ListTagsForResourceCommand({ resourceArn: arn }));
  assert.deepEqual(tags, { "kund:environment": "conf", team: "payments" });
});

test("in-place updates: cluster config, cluster version, node group version", async () => {
  const config = await eksClient.send(new K.UpdateClusterConfigCommand({
    name: state.cluster, logging: { clusterLogging: [{ types: ["api", "audit", "authenticator"], enabled: true }] },
  }));
  assert.equal(config.update.type, "LoggingUpdate");
  await K.waitUntilClusterActive(fast(eksClient), { name: state.cluster });
  if (state.newer) {
    const version = await eksClient.send(new K.UpdateClusterVersionCommand({ name: state.cluster, version: state.newer }));
    assert.equal(version.update.type, "VersionUpdate");
    assert.deepEqual(version.update.params.find((p) => p.type === "Version"), { type: "Version", value: state.newer });
    await K.waitUntilClusterActive(fast(eksClient), { name: state.cluster });
    for (let i = 0; ; i++) {
      const update = await eksClient.send(new K.DescribeUpdateCommand({ name: state.cluster, updateId: version.update.id }));
      if (update.update.status === "Successful") break;
      assert.ok(i < 100 && update.update.status === "InProgress", `update ${update.update.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const nodes = await eksClient.send(new K.UpdateNodegroupVersionCommand({ clusterName: state.cluster, nodegroupName: "general", version: state.newer }));
    assert.equal(nodes.update.type, "VersionUpdate");
    await K.waitUntilNodegroupActive(fast(eksClient), { clusterName: state.cluster, nodegroupName: "general" });
  }
});

test("teardown: add-on, node group, cluster, roles, network", async () => {
  await eksClient.send(new K.DeleteAddonCommand({ clusterName: state.cluster, addonName: "coredns" }));
  await K.waitUntilAddonDeleted(fast(eksClient), { clusterName: state.cluster, addonName: "coredns" });
  const deleting = await eksClient.send(new K.DeleteNodegroupCommand({ clusterName: state.cluster, nodegroupName: "general" }));
  assert.equal(deleting.nodegroup.status, "DELETING");
  await rejects(eksClient.send(new K.DeleteClusterCommand({ name: state.cluster })), "ResourceInUseException", 409);
  await K.waitUntilNodegroupDeleted(fast(eksClient), { clusterName: state.cluster, nodegroupName: "general" });
  const cluster = await eksClient.send(new K.DeleteClusterCommand({ name: state.cluster }));
  assert.equal(cluster.cluster.status, "DELETING");
  await K.waitUntilClusterDeleted(fast(eksClient), { name: state.cluster });

  for (const policy of nodePolicies) {
    await iamClient.send(new I.DetachRolePolicyCommand({ RoleName: state.nodeRoleName, PolicyArn: policy }));
  }
  await iamClient.send(new I.DeleteRoleCommand({ RoleName: state.nodeRoleName }));
  await iamClient.send(new I.DeleteRoleCommand({ RoleName: `${state.suffix}-cluster` }));
  await rejects(iamClient.send(new I.GetRoleCommand({ RoleName: `${state.suffix}-cluster` })), "NoSuchEntityException", 404);

  for (const association of state.associations) {
    await ec2Client.send(new E.DisassociateRouteTableCommand({ AssociationId: association }));
  }
  await ec2Client.send(new E.DeleteRouteTableCommand({ RouteTableId: state.table }));
  await ec2Client.send(new E.DetachInternetGatewayCommand({ InternetGatewayId: state.igw, VpcId: state.vpc }));
  await ec2Client.send(new E.DeleteInternetGatewayCommand({ InternetGatewayId: state.igw }));
  // The cluster's network interfaces and security group go a little after the cluster.
  for (let i = 0; ; i++) {
    const interfaces = await ec2Client.send(new E.DescribeNetworkInterfacesCommand({ Filters: [{ Name: "vpc-id", Values: [state.vpc] }] }));
    const groups = await ec2Client.send(new E.DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [state.vpc] }] }));
    if (interfaces.NetworkInterfaces.length === 0 && groups.SecurityGroups.every((g) => g.GroupName === "default")) break;
    assert.ok(i < 100, `still there: ${interfaces.NetworkInterfaces.map((n) => n.NetworkInterfaceId)} ${groups.SecurityGroups.map((g) => g.GroupId)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const subnet of state.subnets) {
    await ec2Client.send(new E.DeleteSubnetCommand({ SubnetId: subnet }));
  }
  await ec2Client.send(new E.DeleteVpcCommand({ VpcId: state.vpc }));
});
