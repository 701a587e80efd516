// Hostile callers against a real axon process over loopback: a signed key bomb beside a legitimate
// request, idle and slow connections under a file-descriptor limit, SS58 aliases of a blacklisted
// key, and unsigned 8 MiB bodies on a plain route (RSS measured).
import assert from "node:assert/strict";
import { encodeAddress } from "@polkadot/util-crypto";
import { u8aToHex } from "@polkadot/util";
import { createDendrite } from "../../neurons/dendrite.ts";
import { type AuthDialect, signRequest } from "../../neurons/signed_fetch.ts";
import { Dummy } from "../../subnets/template/synapse.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";
import { hasPrlimit, startListening } from "./_process.ts";

const SERVER = new URL("./_axon_server.ts", import.meta.url).pathname;
const SOAK = Deno.env.get("SOAK") === "1";
await cryptoReady();
const alice = keypairFromUri("//Alice");
const bob = keypairFromUri("//Bob");
const charlie = keypairFromUri("//Charlie");
const dave = keypairFromUri("//Dave");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function target(port: number) {
  return { ip: "127.0.0.1", port, hotkey: bob.address };
}

async function legitQuery(port: number): Promise<{ status: number | null; ms: number }> {
  const dendrite = createDendrite({ keypair: dave });
  const t0 = performance.now();
  const out = await dendrite.call(target(port), Dummy.create({ dummy_input: 21 }), { type: Dummy, timeout: 30 });
  assert.equal(out.dummy_output ?? 42, 42);
  return { status: out.dendrite.status_code, ms: performance.now() - t0 };
}

Deno.test("a signed key bomb does not hold up a concurrent legitimate request", async () => {
  await using axon = await startListening(SERVER, []);
  const keys = SOAK ? 80_000 : 60_000;
  const parts: string[] = [];
  for (let i = keys; i > 0; i--) parts.push(`"${i}":${i}`);
  const bomb = `, "x": {${parts.join(",")}}}`;
  // Charlie signs a real Dummy; the bomb rides in a field outside the body hash, so the signature holds.
  const attacker = createDendrite({
    keypair: charlie,
    fetch: (url, init) => fetch(url, { ...init, body: String(init!.body).replace(/}$/, bomb) }),
  });
  const baseline = await legitQuery(axon.port);
  const attack = attacker.call(target(axon.port), Dummy.create({ dummy_input: 1 }), { type: Dummy, timeout: 30 });
  await sleep(20);
  const during = await legitQuery(axon.port);
  const bombed = await attack;
  console.log(`key bomb (${keys} keys): legit ${baseline.ms.toFixed(0)} ms before, ${during.ms.toFixed(0)} ms during`);
  assert.equal(bombed.dendrite.status_code, 200, bombed.dendrite.status_message ?? "");
  assert.equal(during.status, 200);
  assert.ok(during.ms < 2_000, `legitimate request took ${during.ms.toFixed(0)} ms (was 3.1 s)`);
});

Deno.test("a signed key bomb past keysMax is refused with 400", async () => {
  await using axon = await startListening(SERVER, []);
  const parts: string[] = [];
  for (let i = 110_000; i > 0; i--) parts.push(`"${i}":${i}`);
  const bomb = `, "x": {${parts.join(",")}}}`;
  const attacker = createDendrite({
    keypair: charlie,
    fetch: (url, init) => fetch(url, { ...init, body: String(init!.body).replace(/}$/, bomb) }),
  });
  const out = await attacker.call(target(axon.port), Dummy.create({ dummy_input: 1 }), { type: Dummy, timeout: 30 });
  assert.equal(out.dendrite.status_code, 400);
  assert.match(out.dendrite.status_message ?? "", /keysMax/);
});

Deno.test("idle and slow connections are closed at the header timeout", async () => {
  await using axon = await startListening(SERVER, ["--header-timeout-ms", "1500", "--idle-timeout-ms", "1500"]);
  const silent = await Deno.connect({ hostname: "127.0.0.1", port: axon.port });
  const slow = await Deno.connect({ hostname: "127.0.0.1", port: axon.port });
  const enc = new TextEncoder();
  await slow.write(enc.encode("POST /Dummy HTTP/1.1\r\n"));
  const dripping = (async () => {
    for (let i = 0; i < 20; i++) {
      await sleep(300);
      await slow.write(enc.encode(`x-drip-${i}: 1\r\n`)).catch(() => {});
    }
  })();
  const t0 = performance.now();
  const buf = new Uint8Array(256);
  assert.equal(await silent.read(buf).catch(() => null), null, "the silent connection is closed");
  const silentMs = performance.now() - t0;
  let slowEnd: number | null = 0;
  while (slowEnd !== null) slowEnd = await slow.read(buf).catch(() => null);
  const slowMs = performance.now() - t0;
  await dripping;
  silent.close();
  slow.close();
  console.log(`silent closed after ${silentMs.toFixed(0)} ms, header drip after ${slowMs.toFixed(0)} ms`);
  assert.ok(silentMs < 5_000 && slowMs < 5_000, "closed near the 1.5 s header timeout, not after the drip (6 s)");
  assert.equal((await legitQuery(axon.port)).status, 200);
});

Deno.test(
  "an axon under prlimit --nofile=256 holding 400 idle connections stays up and answers a legitimate query",
  { ignore: !hasPrlimit() }, // skipped where util-linux prlimit is absent
  async () => {
    await using axon = await startListening(SERVER, [], { nofile: 256 });
    const idle: Deno.Conn[] = [];
    for (let i = 0; i < 400; i++) {
      try {
        idle.push(await Deno.connect({ hostname: "127.0.0.1", port: axon.port }));
      } catch { /* the backlog may refuse a few */ }
    }
    await sleep(300);
    const first = await legitQuery(axon.port);
    const second = await legitQuery(axon.port);
    const alive = Deno.readTextFileSync(`/proc/${axon.pid}/status`).includes("State:");
    console.log(
      `400 idle connections opened (${idle.length} connected); legit ${first.status} in ${first.ms.toFixed(0)} ms`,
    );
    for (const c of idle) c.close();
    assert.ok(alive, "the axon process is alive");
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
  },
);

Deno.test("a blacklisted hotkey under another SS58 prefix or as hex is refused in every dialect", async (t) => {
  await using axon = await startListening(SERVER, []);
  const aliases: [string, string][] = [
    ...[0, 2, 7, 1000].map((p) => [`prefix ${p}`, encodeAddress(alice.publicKey, p)] as [string, string]),
    ["hex", u8aToHex(alice.publicKey)],
  ];
  const as = (address: string) => ({ type: alice.type, address, sign: (m: Uint8Array) => alice.sign(m) });
  for (const [name, alias] of aliases) {
    for (const dialect of ["synapse", "btauth", "epistula"] as AuthDialect[]) {
      await t.step(`${dialect} /echo, ${name}`, async () => {
        const request = signRequest(`http://127.0.0.1:${axon.port}/echo`, {
          dialect,
          signer: as(alias),
          receiver: bob.address,
          body: "{}",
        });
        const res = await fetch(request);
        const text = await res.text();
        assert.equal(res.status, 401, text);
      });
    }
    await t.step(`synapse /Dummy, ${name}`, async () => {
      const out = await createDendrite({ keypair: as(alias) }).call(
        target(axon.port),
        Dummy.create({ dummy_input: 1 }),
        { type: Dummy },
      );
      assert.equal(out.dendrite.status_code, 401, out.dendrite.status_message ?? "");
    });
  }
  await t.step("the canonical address: 403 from the blacklist", async () => {
    const out = await createDendrite({ keypair: alice }).call(
      target(axon.port),
      Dummy.create({ dummy_input: 1 }),
      { type: Dummy },
    );
    assert.equal(out.dendrite.status_code, 403);
  });
});

Deno.test("40 unsigned 8 MiB bodies on a plain route are refused unread (server RSS growth < 100 MiB)", async () => {
  await using axon = await startListening(SERVER, []);
  await legitQuery(axon.port); // warm up
  const before = axon.rssMiB();
  const body = new Uint8Array(8 * 1024 * 1024 - 1024).fill(0x20);
  const forged = { "x-bittensor-signature": "0x00", "x-bittensor-version": "1", "x-bittensor-hotkey": dave.address };
  let peak = before;
  const watch = setInterval(() => peak = Math.max(peak, axon.rssMiB()), 20);
  const statuses = await Promise.all(Array.from({ length: SOAK ? 200 : 40 }, async (_, i) => {
    try {
      const res = await fetch(`http://127.0.0.1:${axon.port}/echo`, {
        method: "POST",
        body,
        headers: i % 2 ? forged : { "content-type": "application/json" },
      });
      await res.body?.cancel();
      return res.status;
    } catch {
      return 0; // the server may close before the client finishes sending: also a refusal
    }
  }));
  await sleep(200);
  clearInterval(watch);
  peak = Math.max(peak, axon.rssMiB());
  console.log(`RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB; statuses ${[...new Set(statuses)]}`);
  assert.ok(statuses.every((s) => s === 401 || s === 0), `statuses ${statuses}`);
  assert.ok(peak - before < 100, `RSS grew ${(peak - before).toFixed(0)} MiB`);
  assert.equal((await legitQuery(axon.port)).status, 200);
});
