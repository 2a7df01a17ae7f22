// The official AWS SDK v3 clients pointed at Kund's sandbox endpoint (KUND_SANDBOX_ENDPOINT).
import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient } from "@aws-sdk/client-iam";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { STSClient } from "@aws-sdk/client-sts";
import assert from "node:assert/strict";

export const endpoint = process.env.KUND_SANDBOX_ENDPOINT;
if (!endpoint) {
  throw new Error("KUND_SANDBOX_ENDPOINT is not set: the URL of a running Kund's /sandbox/aws (Sandbox mode).");
}

export const region = "ap-northeast-2";
export const account = "111111111111";
export const credentials = { accessKeyId: "AKIASANDBOX111111111", secretAccessKey: "sandbox-secret" };

/** Operations sent, by command name without "Command": what the suite covers. */
export const covered = new Set();

function make(Client, config = {}) {
  const client = new Client({ endpoint, region, credentials, maxAttempts: 5, ...config });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      covered.add(context.commandName.replace(/Command$/, ""));
      return next(args);
    },
    { step: "initialize", name: "kundCoverage" },
  );
  return client;
}

export const ec2 = (config) => make(EC2Client, config);
export const eks = (config) => make(EKSClient, config);
export const elbv2 = (config) => make(ElasticLoadBalancingV2Client, config);
export const iam = (config) => make(IAMClient, { region: "us-east-1", ...config });
export const sts = (config) => make(STSClient, { region: "us-east-1", ...config });
export const tagging = (config) => make(ResourceGroupsTaggingAPIClient, config);

/** Fast waiters: the sandbox runs on scaled time, so AWS's durations pass in moments. */
export const fast = (client) => ({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 });

/** Awaits a call that must fail, and checks the error the official client parsed. */
export async function rejects(promise, name, status) {
  try {
    await promise;
  } catch (error) {
    assert.equal(error.name, name, `error name: ${error.name}: ${error.message}`);
    if (status !== undefined) {
      assert.equal(error.$metadata?.httpStatusCode, status, `HTTP status of ${error.name}`);
    }
    assert.ok(error.$metadata?.requestId, `${error.name} carries a request id`);
    return error;
  }
  assert.fail(`expected ${name}, the call succeeded`);
}

/** A timestamp the client parsed; `recent` for those the sandbox stamps when it makes something (not a release date). */
export function isTime(value, what, { recent = true } = {}) {
  assert.ok(value instanceof Date && !Number.isNaN(value.getTime()), `${what} is a timestamp: ${value}`);
  const window = (recent ? 1 : 10) * 366 * 24 * 3600 * 1000;
  assert.ok(Math.abs(value.getTime() - Date.now()) < window, `${what} is near now: ${value.toISOString()}`);
}

export const collect = async (pages, key) => {
  const items = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    items.push(...(page[key] ?? []));
  }
  return { items, pages: count };
};

export const unique = (prefix) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
