/**
 * The axon's request path in-process (no socket): CPU time per request through `axon.fetch`, one
 * request at a time, for (a) a signed synapse answered 200 (every stage, sr25519 verified inline),
 * (b) the same on a plain `/echo` route in the synapse dialect, (c) a blacklisted caller (403 before
 * any signature work) and (d) an unknown route (404).
 *
 * With `AXON_BEFORE=<path to another tree's neurons/axon.ts>` each phase also runs against that
 * `createAxon`, in interleaved rounds (before, after, before, …), so a busy machine slows both alike:
 * the figure to compare is CPU µs per request. Requests are signed before each timed round (signing
 * is the client's cost). Run: `deno run -A bench/axon_path_bench.ts`; `BENCH_QUICK=1` shrinks it.
 *
 * @module
 */
import { cpuUsage } from "node:process";
import { bytesToHex } from "@noble/hashes/utils.js";
import { z } from "zod";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { createAxon } from "../neurons/axon.ts";
import { defineSynapse } from "../protocol/synapse.ts";
import { signRequest } from "../neurons/signed_fetch.ts";

const QUICK = !!Deno.env.get("BENCH_QUICK");
const ROUNDS = QUICK ? 4 : 24;
const ROUND = 200;
const EMPTY_HASH = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";
const PEER = { remoteAddr: { hostname: "127.0.0.1", port: 40000 } };
const enc = new TextEncoder();

await cryptoReady();
const alice = keypairFromUri("//Alice");
const bob = keypairFromUri("//Bob");
const bench = defineSynapse({ name: "Bench", fields: z.object({}), requiredHashFields: [] });

type CreateAxon = typeof createAxon;
const implementations: [string, CreateAxon][] = [["after", createAxon]];
const before = Deno.env.get("AXON_BEFORE");
if (before) implementations.unshift(["before", (await import(before)).createAxon as CreateAxon]);

let last = 0n;
/** A nonce (Unix ns) that is fresh now and grows strictly. */
function freshNonce(): bigint {
  const now = BigInt(Date.now()) * 1_000_000n;
  last = now > last ? now : last + 1n;
  return last;
}
/** A synapse request Alice → Bob with a fresh nonce (body `{}` as a Python dendrite sends it). */
function synapseRequest(): Request {
  const n = freshNonce();
  const uuid = "bench-uuid";
  const message = `${n}.${alice.address}.${bob.address}.${uuid}.${EMPTY_HASH}`;
  const headers: [string, string][] = [
    ["name", "Bench"],
    ["timeout", "12.0"],
    ["bt_header_dendrite_nonce", String(n)],
    ["bt_header_dendrite_uuid", uuid],
    ["bt_header_dendrite_hotkey", alice.address],
    ["bt_header_dendrite_signature", "0x" + bytesToHex(alice.sign(enc.encode(message)))],
    ["bt_header_dendrite_version", "10002000"],
    ["computed_body_hash", EMPTY_HASH],
    ["content-type", "application/json"],
  ];
  return new Request("http://127.0.0.1/Bench", { method: "POST", headers, body: '{"name": "Bench", "timeout": 12.0}' });
}

function echoRequest(): Request {
  const body = '{"prompt": "hello"}';
  const n = freshNonce();
  return signRequest("http://127.0.0.1/echo", {
    dialect: "synapse",
    signer: alice,
    receiver: bob.address,
    body,
    nonce: n,
  });
}

interface Phase {
  name: string;
  status: number;
  make(): Request;
}
const phases: Phase[] = [
  { name: "(a) synapse → 200 (verified)", status: 200, make: synapseRequest },
  { name: "(b) /echo, synapse dialect → 200", status: 200, make: echoRequest },
  { name: "(c) blacklisted → 403", status: 403, make: synapseRequest },
  {
    name: "(d) unknown route → 404",
    status: 404,
    make: () => new Request("http://127.0.0.1/Nope", { method: "POST" }),
  },
];

function axonOf(create: CreateAxon, phase: Phase) {
  const blacklisted = phase.status === 403;
  return create({ keypair: bob })
    .attach(bench, (s) => s, { blacklist: () => [blacklisted, "bench"] })
    .route("/echo", (body) => body);
}

/** CPU µs per request of each round, by phase and implementation. */
const perRound = new Map<string, number[]>();
const wall = new Map<string, number>();
// Round 0 warms the JIT up and is not counted; the implementations take turns going first.
for (let round = 0; round <= ROUNDS; round++) {
  for (const phase of phases) {
    const order = round % 2 ? [...implementations].reverse() : implementations;
    for (const [label, create] of order) {
      const axon = axonOf(create, phase);
      const requests = Array.from({ length: ROUND }, phase.make);
      const cpu0 = cpuUsage();
      const t0 = performance.now();
      for (const request of requests) {
        const res = await axon.fetch(request, PEER);
        const text = await res.text();
        if (res.status !== phase.status) throw new Error(`${phase.name} (${label}) answered ${res.status}: ${text}`);
      }
      const wallS = (performance.now() - t0) / 1000;
      const cpu = cpuUsage(cpu0);
      if (round === 0) continue;
      const key = `${phase.name}|${label}`;
      perRound.set(key, [...perRound.get(key) ?? [], (cpu.user + cpu.system) / ROUND]);
      wall.set(key, (wall.get(key) ?? 0) + wallS);
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`axon request path in-process, ${ROUNDS} rounds of ${ROUND} requests per phase, one at a time`);
for (const phase of phases) {
  const cells = implementations.map(([label]) => {
    const key = `${phase.name}|${label}`;
    const rate = (ROUNDS * ROUND) / wall.get(key)!;
    return `${label}: ${median(perRound.get(key)!).toFixed(0)} CPU µs/req (median), ${rate.toFixed(0)} req/s`;
  });
  let ratio = "";
  if (implementations.length === 2) {
    const [b, a] = implementations.map(([label]) => perRound.get(`${phase.name}|${label}`)!);
    ratio = `  after/before: ${median(a.map((x, i) => x / b[i])).toFixed(3)} (median of rounds)`;
  }
  console.log(`${phase.name.padEnd(34)} ${cells.join("  |  ")}${ratio}`);
}
