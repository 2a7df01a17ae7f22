// The Resource Groups Tagging API as Kund uses it: GetResources by the environment's tag (the destroy's
// teardown check, drift, leftovers) and by the tags Kubernetes' controllers leave, every page followed.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import * as E from "@aws-sdk/client-ec2";
import * as T from "@aws-sdk/client-resource-groups-tagging-api";
import { account, collect, credentials, ec2, region, rejects, tagging } from "../lib/sandbox.mjs";

const client = tagging();
const ec2Client = ec2();
// Kund tags everything it makes with kund:environment=<the environment's id>.
const environmentTag = "kund:environment";
const state = { first: randomUUID(), second: randomUUID(), cluster: `conf-${randomUUID().slice(0, 8)}` };
const arn = (type, id) => `arn:aws:ec2:${region}:${account}:${type}/${id}`;
const tag = (environment, extra = []) => [{ Key: environmentTag, Value: environment }, ...extra];
const listed = (pages) => collect(pages, "ResourceTagMappingList");

test("GetResources by the environment's tag, one resource a page", async () => {
  const vpc = await ec2Client.send(new E.CreateVpcCommand({
    CidrBlock: "10.74.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: tag(state.first, [{ Key: "Name", Value: "tagging" }]) }],
  }));
  state.vpc = vpc.Vpc.VpcId;
  state.subnets = [];
  for (let i = 0; i < 3; i++) {
    const subnet = await ec2Client.send(new E.CreateSubnetCommand({
      VpcId: state.vpc, CidrBlock: `10.74.${i}.0/24`, TagSpecifications: [{ ResourceType: "subnet", Tags: tag(state.first) }],
    }));
    state.subnets.push(subnet.Subnet.SubnetId);
  }
  // Untagged, and tagged for another environment: neither is the first environment's.
  const untagged = await ec2Client.send(new E.CreateSubnetCommand({ VpcId: state.vpc, CidrBlock: "10.74.9.0/24" }));
  state.untagged = untagged.Subnet.SubnetId;
  const other = await ec2Client.send(new E.CreateVpcCommand({
    CidrBlock: "10.75.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: tag(state.second) }],
  }));
  state.otherVpc = other.Vpc.VpcId;

  const { items, pages } = await listed(T.paginateGetResources(
    { client, pageSize: 1 }, { TagFilters: [{ Key: environmentTag, Values: [state.first] }] }));
  assert.equal(pages, 4, "PaginationToken was followed, one resource a page, and the last page's empty token ended it");
  assert.deepEqual(items.map((r) => r.ResourceARN).sort(), [arn("vpc", state.vpc), ...state.subnets.map((s) => arn("subnet", s))].sort());
  for (const resource of items) {
    assert.ok(Array.isArray(resource.Tags), `Tags of ${resource.ResourceARN} is a list`);
    assert.deepEqual(resource.Tags.find((t) => t.Key === environmentTag), { Key: environmentTag, Value: state.first });
  }
  assert.deepEqual(items.find((r) => r.ResourceARN === arn("vpc", state.vpc)).Tags.map((t) => `${t.Key}=${t.Value}`).sort(),
    [`${environmentTag}=${state.first}`, "Name=tagging"].sort());

  // One call with the default page size, as the page the official client parses.
  const page = await client.send(new T.GetResourcesCommand({ TagFilters: [{ Key: environmentTag, Values: [state.first] }], ResourcesPerPage: 100 }));
  assert.equal(page.$metadata.httpStatusCode, 200);
  assert.ok(page.$metadata.requestId, "a request id");
  assert.equal(page.ResourceTagMappingList.length, 4);
  assert.ok(!page.PaginationToken, `no token on the last page: ${JSON.stringify(page.PaginationToken)}`);
});

test("GetResources with several environments' ids, and with the key alone", async () => {
  // Drift asks for many environments at once: one filter, several values.
  const both = await listed(T.paginateGetResources(
    { client, pageSize: 2 }, { TagFilters: [{ Key: environmentTag, Values: [state.first, state.second] }] }));
  assert.equal(both.items.length, 5);
  assert.ok(both.items.some((r) => r.ResourceARN === arn("vpc", state.otherVpc)));
  assert.ok(both.pages >= 3, `${both.pages} pages`);

  // Leftovers ask for the key with any value: without Values, and with an empty list as Kund's client sends it.
  for (const filter of [{ Key: environmentTag }, { Key: environmentTag, Values: [] }]) {
    const any = await listed(T.paginateGetResources({ client }, { TagFilters: [filter] }));
    const arns = any.items.map((r) => r.ResourceARN);
    for (const expected of [arn("vpc", state.vpc), arn("vpc", state.otherVpc), ...state.subnets.map((s) => arn("subnet", s))]) {
      assert.ok(arns.includes(expected), `${expected} is listed for ${JSON.stringify(filter)}`);
    }
    assert.ok(!arns.includes(arn("subnet", state.untagged)), "a resource without the tag is not listed");
    assert.ok(any.items.every((r) => r.Tags.some((t) => t.Key === environmentTag)), "every one listed carries the key");
  }

  // Two filters: both must hold.
  const none = await client.send(new T.GetResourcesCommand({
    TagFilters: [{ Key: environmentTag, Values: [state.first] }, { Key: "Name", Values: ["not-this-one"] }],
  }));
  assert.deepEqual(none.ResourceTagMappingList, []);

  const subnets = await listed(T.paginateGetResources(
    { client }, { TagFilters: [{ Key: environmentTag, Values: [state.first] }], ResourceTypeFilters: ["ec2:subnet"] }));
  assert.deepEqual(subnets.items.map((r) => r.ResourceARN).sort(), state.subnets.map((s) => arn("subnet", s)).sort());
});

test("GetResources by the tags Kubernetes leaves, and not what was deleted", async () => {
  // What the teardown check looks for besides the environment's tag: the controller's and the cluster's own.
  await ec2Client.send(new E.CreateTagsCommand({
    Resources: [state.subnets[0]], Tags: [{ Key: "elbv2.k8s.aws/cluster", Value: state.cluster }, { Key: `kubernetes.io/cluster/${state.cluster}`, Value: "owned" }],
  }));
  await ec2Client.send(new E.CreateTagsCommand({ Resources: [state.subnets[1]], Tags: [{ Key: `kubernetes.io/cluster/${state.cluster}`, Value: "shared" }] }));
  const controller = await client.send(new T.GetResourcesCommand({ TagFilters: [{ Key: "elbv2.k8s.aws/cluster", Values: [state.cluster] }] }));
  assert.deepEqual(controller.ResourceTagMappingList.map((r) => r.ResourceARN), [arn("subnet", state.subnets[0])]);
  const owned = await client.send(new T.GetResourcesCommand({ TagFilters: [{ Key: `kubernetes.io/cluster/${state.cluster}`, Values: ["owned"] }] }));
  assert.deepEqual(owned.ResourceTagMappingList.map((r) => r.ResourceARN), [arn("subnet", state.subnets[0])]);

  for (const subnet of [...state.subnets, state.untagged]) {
    await ec2Client.send(new E.DeleteSubnetCommand({ SubnetId: subnet }));
  }
  await ec2Client.send(new E.DeleteVpcCommand({ VpcId: state.vpc }));
  const left = await listed(T.paginateGetResources({ client }, { TagFilters: [{ Key: environmentTag, Values: [state.first] }] }));
  assert.deepEqual(left.items, [], "nothing of the first environment is left");
  const gone = await client.send(new T.GetResourcesCommand({ TagFilters: [{ Key: "elbv2.k8s.aws/cluster", Values: [state.cluster] }] }));
  assert.deepEqual(gone.ResourceTagMappingList, []);
  await ec2Client.send(new E.DeleteVpcCommand({ VpcId: state.otherVpc }));
});

test("GetResources refusals: the page size, the token, the signature", async () => {
  const once = tagging({ maxAttempts: 1 });
  await rejects(once.send(new T.GetResourcesCommand({ ResourcesPerPage: 101 })), "InvalidParameterException", 400);
  await rejects(once.send(new T.GetResourcesCommand({ ResourcesPerPage: 0 })), "InvalidParameterException", 400);
  await rejects(once.send(new T.GetResourcesCommand({ PaginationToken: "not-a-token" })), "PaginationTokenExpiredException", 400);
  await rejects(once.send(new T.GetResourcesCommand({ TagFilters: [{ Values: ["x"] }] })), "InvalidParameterException", 400);
  await rejects(tagging({ maxAttempts: 1, credentials: { ...credentials, secretAccessKey: "not-the-secret" } })
    .send(new T.GetResourcesCommand({})), "InvalidSignatureException", 403);
  await rejects(tagging({ maxAttempts: 1, credentials: { ...credentials, accessKeyId: "AKIAUNKNOWNKEY000000" } })
    .send(new T.GetResourcesCommand({})), "UnrecognizedClientException", 403);
  const unknown = await rejects(once.send(new T.GetTagKeysCommand({})), "UnknownOperationException", 400);
  assert.ok(unknown.message.length > 0);
});
