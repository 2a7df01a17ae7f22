// Sends calls with the official clients, one after the other, answers and errors alike ignored: what the
// request-conformance test records at the sandbox and compares with what Kund's own clients send.
// Usage: node send.mjs calls.json   where calls.json is [{ "service": "iam" | "eks" | "tagging", "command": "CreateRole", "input": {…} }, …]
import { readFileSync } from "node:fs";
import * as K from "@aws-sdk/client-eks";
import * as I from "@aws-sdk/client-iam";
import * as T from "@aws-sdk/client-resource-groups-tagging-api";
import { eks, iam, tagging } from "./lib/sandbox.mjs";

const calls = JSON.parse(readFileSync(process.argv[2], "utf8"));
const clients = { iam: [iam({ maxAttempts: 1 }), I], eks: [eks({ maxAttempts: 1 }), K], tagging: [tagging({ maxAttempts: 1 }), T] };
for (const call of calls) {
  const [client, module] = clients[call.service];
  const Command = module[`${call.command}Command`];
  if (!Command) throw new Error(`no ${call.command}Command in the ${call.service} client`);
  try {
    await client.send(new Command(call.input));
  } catch (error) {
    if (!error.$metadata) throw error; // not an answer from the sandbox: the input itself was refused
  }
}
console.log(`sent ${calls.length} calls`);
