// EC2 as Kund uses it: the catalog (regions, zones, instance types offered), VPC, subnets, internet gateway, Elastic IP, NAT gateway, routing, tags.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as E from "@aws-sdk/client-ec2";
import { collect, ec2, fast, isTime, region, rejects } from "../lib/sandbox.mjs";

const client = ec2();
const send = (command) => client.send(command);
const state = {};

test("regions and zones", async () => {
  const regions = await send(new E.DescribeRegionsCommand({}));
  assert.ok(regions.Regions.some((r) => r.RegionName === region && r.Endpoint), "the region with its endpoint");
  const zones = await send(new E.DescribeAvailabilityZonesCommand({ Filters: [{ Name: "state", Values: ["available"] }] }));
  assert.ok(zones.AvailabilityZones.length >= 2);
  for (const zone of zones.AvailabilityZones) {
    assert.equal(zone.RegionName, region);
    assert.match(zone.ZoneId, /^[a-z0-9]+-az\d$/);
    assert.equal(zone.State, "available");
  }
  state.zones = zones.AvailabilityZones.map((z) => z.ZoneName);
});

test("instance types offered in the region, paged", async () => {
  const one = await send(new E.DescribeInstanceTypeOfferingsCommand({
    LocationType: "region", Filters: [{ Name: "instance-type", Values: ["m6i.large"] }],
  }));
  assert.deepEqual(one.InstanceTypeOfferings, [{ InstanceType: "m6i.large", LocationType: "region", Location: region }]);

  const { items, pages } = await collect(
    E.paginateDescribeInstanceTypeOfferings({ client, pageSize: 5 }, { LocationType: "region" }), "InstanceTypeOfferings");
  assert.ok(pages >= 2, `a NextToken was followed (${pages} pages)`);
  const types = items.map((o) => o.InstanceType);
  assert.equal(new Set(types).size, types.length, "each type once");
  for (const type of ["m6i.large", "t3.medium", "t3.large", "m7g.16xlarge"]) {
    assert.ok(types.includes(type), `${type} is offered in ${region}`);
  }
  assert.ok(!types.includes("m7a.large"), `m7a.large is not offered in ${region}`);
  for (const offering of items) {
    assert.match(offering.InstanceType, /^[a-z0-9-]+\.[a-z0-9-]+$/);
    assert.equal(offering.LocationType, "region");
    assert.equal(offering.Location, region);
  }

  const zones = await send(new E.DescribeInstanceTypeOfferingsCommand({
    LocationType: "availability-zone", Filters: [{ Name: "instance-type", Values: ["t3.medium"] }],
  }));
  assert.ok(zones.InstanceTypeOfferings.length >= 2);
  assert.ok(zones.InstanceTypeOfferings.every((o) => o.LocationType === "availability-zone" && o.Location.startsWith(region)));
  await rejects(send(new E.DescribeInstanceTypeOfferingsCommand({ MaxResults: 5, NextToken: "bm90LWEtdG9rZW4=" })), "InvalidPaginationToken", 400);
});

test("a VPC with DNS hostnames, tagged on creation", async () => {
  const created = await send(new E.CreateVpcCommand({
    CidrBlock: "10.70.0.0/16",
    TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "conformance" }, { Key: "kund:environment", Value: "conf" }] }],
  }));
  assert.match(created.Vpc.VpcId, /^vpc-[0-9a-f]{17}$/);
  assert.equal(created.Vpc.CidrBlock, "10.70.0.0/16");
  assert.deepEqual(created.Vpc.Tags.find((t) => t.Key === "Name"), { Key: "Name", Value: "conformance" });
  state.vpc = created.Vpc.VpcId;

  await send(new E.ModifyVpcAttributeCommand({ VpcId: state.vpc, EnableDnsHostnames: { Value: true } }));
  const attribute = await send(new E.DescribeVpcAttributeCommand({ VpcId: state.vpc, Attribute: "enableDnsHostnames" }));
  assert.equal(attribute.VpcId, state.vpc);
  assert.equal(attribute.EnableDnsHostnames.Value, true);

  const described = await send(new E.DescribeVpcsCommand({ Filters: [{ Name: "tag:kund:environment", Values: ["conf"] }] }));
  assert.deepEqual(described.Vpcs.map((v) => v.VpcId), [state.vpc]);
  assert.equal(described.Vpcs[0].State, "available");
  assert.equal(described.Vpcs[0].CidrBlockAssociationSet[0].CidrBlock, "10.70.0.0/16");
});

test("six subnets, paged five at a time", async () => {
  state.subnets = [];
  for (let i = 0; i < 6; i++) {
    const subnet = await send(new E.CreateSubnetCommand({
      VpcId: state.vpc, CidrBlock: `10.70.${i}.0/24`, AvailabilityZone: state.zones[i % 2],
      TagSpecifications: [{ ResourceType: "subnet", Tags: [{ Key: "kund:tier", Value: i < 2 ? "public" : "private" }] }],
    }));
    assert.match(subnet.Subnet.SubnetId, /^subnet-[0-9a-f]{17}$/);
    assert.equal(subnet.Subnet.VpcId, state.vpc);
    assert.equal(typeof subnet.Subnet.AvailableIpAddressCount, "number");
    state.subnets.push(subnet.Subnet.SubnetId);
  }

  await send(new E.ModifySubnetAttributeCommand({ SubnetId: state.subnets[0], MapPublicIpOnLaunch: { Value: true } }));
  const { items, pages } = await collect(
    E.paginateDescribeSubnets({ client, pageSize: 5 }, { Filters: [{ Name: "vpc-id", Values: [state.vpc] }] }), "Subnets");
  assert.equal(items.length, 6);
  assert.ok(pages >= 2, `a NextToken was followed (${pages} pages)`);
  assert.equal(items.find((s) => s.SubnetId === state.subnets[0]).MapPublicIpOnLaunch, true);
  assert.equal(items.find((s) => s.SubnetId === state.subnets[0]).AvailabilityZone, state.zones[0]);
});

test("an internet gateway attached to the VPC", async () => {
  const gateway = await send(new E.CreateInternetGatewayCommand({}));
  state.igw = gateway.InternetGateway.InternetGatewayId;
  assert.match(state.igw, /^igw-[0-9a-f]{17}$/);
  await send(new E.AttachInternetGatewayCommand({ InternetGatewayId: state.igw, VpcId: state.vpc }));
  const described = await send(new E.DescribeInternetGatewaysCommand({ InternetGatewayIds: [state.igw] }));
  assert.deepEqual(described.InternetGateways[0].Attachments, [{ VpcId: state.vpc, State: "available" }]);
});

test("an Elastic IP and a NAT gateway, waited for with AWS's waiter", async () => {
  const address = await send(new E.AllocateAddressCommand({ Domain: "vpc" }));
  assert.match(address.AllocationId, /^eipalloc-[0-9a-f]{17}$/);
  assert.match(address.PublicIp, /^\d+\.\d+\.\d+\.\d+$/);
  state.eip = address.AllocationId;
  const addresses = await send(new E.DescribeAddressesCommand({ AllocationIds: [state.eip] }));
  assert.equal(addresses.Addresses[0].PublicIp, address.PublicIp);

  const nat = await send(new E.CreateNatGatewayCommand({ SubnetId: state.subnets[0], AllocationId: state.eip }));
  state.nat = nat.NatGateway.NatGatewayId;
  assert.match(state.nat, /^nat-[0-9a-f]{17}$/);
  isTime(nat.NatGateway.CreateTime, "NatGateway.CreateTime");

  const waited = await E.waitUntilNatGatewayAvailable(fast(client), { NatGatewayIds: [state.nat] });
  assert.equal(waited.state, "SUCCESS");
  const described = await send(new E.DescribeNatGatewaysCommand({ NatGatewayIds: [state.nat] }));
  const gateway = described.NatGateways[0];
  assert.equal(gateway.State, "available");
  assert.equal(gateway.NatGatewayAddresses[0].AllocationId, state.eip);
  assert.equal(gateway.NatGatewayAddresses[0].PublicIp, address.PublicIp);
  assert.equal(gateway.SubnetId, state.subnets[0]);
  assert.equal(gateway.VpcId, state.vpc);
});

test("route tables: routes, associations, paging", async () => {
  const publicTable = await send(new E.CreateRouteTableCommand({ VpcId: state.vpc }));
  const privateTable = await send(new E.CreateRouteTableCommand({ VpcId: state.vpc }));
  state.publicTable = publicTable.RouteTable.RouteTableId;
  state.privateTable = privateTable.RouteTable.RouteTableId;
  assert.match(state.publicTable, /^rtb-[0-9a-f]{17}$/);
  assert.ok(publicTable.RouteTable.Routes.some((r) => r.DestinationCidrBlock === "10.70.0.0/16" && r.GatewayId === "local"));

  await send(new E.CreateRouteCommand({ RouteTableId: state.publicTable, DestinationCidrBlock: "0.0.0.0/0", GatewayId: state.igw }));
  await send(new E.CreateRouteCommand({ RouteTableId: state.privateTable, DestinationCidrBlock: "0.0.0.0/0", GatewayId: state.igw }));
  await send(new E.ReplaceRouteCommand({ RouteTableId: state.privateTable, DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: state.nat }));
  await send(new E.CreateRouteCommand({ RouteTableId: state.privateTable, DestinationCidrBlock: "192.168.0.0/16", NatGatewayId: state.nat }));
  await send(new E.DeleteRouteCommand({ RouteTableId: state.privateTable, DestinationCidrBlock: "192.168.0.0/16" }));

  const associated = await send(new E.AssociateRouteTableCommand({ RouteTableId: state.publicTable, SubnetId: state.subnets[2] }));
  assert.match(associated.AssociationId, /^rtbassoc-[0-9a-f]{17}$/);
  assert.equal(associated.AssociationState.State, "associated");
  const replaced = await send(new E.ReplaceRouteTableAssociationCommand({ AssociationId: associated.AssociationId, RouteTableId: state.privateTable }));
  assert.match(replaced.NewAssociationId, /^rtbassoc-/);
  await send(new E.DisassociateRouteTableCommand({ AssociationId: replaced.NewAssociationId }));
  const kept = await send(new E.AssociateRouteTableCommand({ RouteTableId: state.publicTable, SubnetId: state.subnets[0] }));
  state.association = kept.AssociationId;

  const { items } = await collect(E.paginateDescribeRouteTables({ client, pageSize: 5 }, { Filters: [{ Name: "vpc-id", Values: [state.vpc] }] }), "RouteTables");
  assert.equal(items.filter((t) => t.Associations?.some((a) => a.Main)).length, 1, "one main route table");
  const publicRoutes = items.find((t) => t.RouteTableId === state.publicTable);
  assert.ok(publicRoutes.Routes.some((r) => r.DestinationCidrBlock === "0.0.0.0/0" && r.GatewayId === state.igw && r.State === "active"));
  assert.ok(publicRoutes.Associations.some((a) => a.SubnetId === state.subnets[0] && a.AssociationState.State === "associated"));
  const privateRoutes = items.find((t) => t.RouteTableId === state.privateTable);
  assert.ok(privateRoutes.Routes.some((r) => r.DestinationCidrBlock === "0.0.0.0/0" && r.NatGatewayId === state.nat));
  assert.ok(!privateRoutes.Routes.some((r) => r.DestinationCidrBlock === "192.168.0.0/16"));
});

test("tags added and removed", async () => {
  await send(new E.CreateTagsCommand({ Resources: [state.vpc, state.igw], Tags: [{ Key: "team", Value: "payments" }] }));
  await send(new E.DeleteTagsCommand({ Resources: [state.igw], Tags: [{ Key: "team" }] }));
  const vpcs = await send(new E.DescribeVpcsCommand({ VpcIds: [state.vpc] }));
  assert.ok(vpcs.Vpcs[0].Tags.some((t) => t.Key === "team" && t.Value === "payments"));
  const gateways = await send(new E.DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [state.vpc] }] }));
  assert.ok(!(gateways.InternetGateways[0].Tags ?? []).some((t) => t.Key === "team"));
});

test("errors as EC2 words them", async () => {
  await rejects(send(new E.DescribeVpcsCommand({ VpcIds: ["vpc-0123456789abcdef0"] })), "InvalidVpcID.NotFound", 400);
  await rejects(send(new E.CreateSubnetCommand({ VpcId: state.vpc, CidrBlock: "10.70.0.0/24" })), "InvalidSubnet.Conflict", 400);
  await rejects(send(new E.DeleteVpcCommand({ VpcId: state.vpc })), "DependencyViolation", 400);
  await rejects(send(new E.DeleteSecurityGroupCommand({ GroupId: "sg-0123456789abcdef0" })), "InvalidGroup.NotFound", 400);
});

test("teardown in the order AWS requires", async () => {
  await send(new E.DisassociateRouteTableCommand({ AssociationId: state.association }));
  await send(new E.DeleteRouteTableCommand({ RouteTableId: state.publicTable }));
  await send(new E.DeleteRouteTableCommand({ RouteTableId: state.privateTable }));
  const deleting = await send(new E.DeleteNatGatewayCommand({ NatGatewayId: state.nat }));
  assert.equal(deleting.NatGatewayId, state.nat);
  const deleted = await E.waitUntilNatGatewayDeleted(fast(client), { NatGatewayIds: [state.nat] });
  assert.equal(deleted.state, "SUCCESS");
  // The address is freed once its NAT gateway is gone.
  for (let i = 0; ; i++) {
    try {
      await send(new E.ReleaseAddressCommand({ AllocationId: state.eip }));
      break;
    } catch (error) {
      if (error.name !== "InvalidIPAddress.InUse" || i > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await send(new E.DetachInternetGatewayCommand({ InternetGatewayId: state.igw, VpcId: state.vpc }));
  await send(new E.DeleteInternetGatewayCommand({ InternetGatewayId: state.igw }));
  for (const subnet of state.subnets) {
    await send(new E.DeleteSubnetCommand({ SubnetId: subnet }));
  }
  await send(new E.DeleteVpcCommand({ VpcId: state.vpc }));
  await rejects(send(new E.DescribeVpcsCommand({ VpcIds: [state.vpc] })), "InvalidVpcID.NotFound", 400);
});
