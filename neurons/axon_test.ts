import assert from "node:assert/strict";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { type AxonOptions, createAxon, type PeerInfo } from "./axon.ts";
import { parseJson } from "../protocol/json.ts";
import {
  signedSpecRequest,
  SPEC_NONCE,
  SPEC_NOW_MS,
  SPEC_SIGNATURE,
  type SpecDummy,
  specDummy,
  specRequest,
} from "../tests/_spec_synapse.ts";

await cryptoReady();
const bob = keypairFromUri("//Bob");
const alice = keypairFromUri("//Alice");
const PEER: PeerInfo = { remoteAddr: { hostname: "1.2.3.4", port: 40000 } };

function specAxon(extra: Partial<AxonOptions> = {}, forwarded: SpecDummy[] = []) {
  return createAxon({ keypair: bob, now: () => SPEC_NOW_MS, ...extra }).attach(specDummy, (s) => {
    forwarded.push(s);
    return { ...s, completion: `${s.text} done` };
  });
}

async function message(res: Response): Promise<string> {
  return (await res.json()).message;
}

Deno.test("axon.fetch() accepts the exact request of wire-protocol.md §6 and answers like Python", async () => {
  const forwarded: SpecDummy[] = [];
  const axon = specAxon({}, forwarded);
  const res = await axon.fetch(specRequest(), PEER);
  assert.equal(res.status, 200);
  assert.equal(forwarded.length, 1);
  const body = parseJson(await res.text());
  assert.equal(body.completion, "hello 'world' done");
  assert.equal(body.dendrite.nonce, 1712345678901234567n, "the ns nonce survives as an exact integer");
  assert.equal(body.axon.status_code, 200);
  assert.equal(body.axon.status_message, "Success");
  assert.equal(typeof body.axon.process_time, "number");
  assert.equal(res.headers.get("bt_header_axon_status_code"), "200");
  assert.equal(res.headers.get("bt_header_axon_status_message"), "Success");
  assert.equal(res.headers.get("name"), "Dummy");
  assert.equal(res.headers.get("timeout"), "12.0");
  assert.equal(
    res.headers.get("computed_body_hash"),
    "46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205",
  );
  assert.equal(res.headers.get("content-type"), "application/json");
});

Deno.test("axon.fetch() rejects the §6 request with one changed byte, with the right code", async (t) => {
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "0" ? "1" : "0") + s.slice(i + 1);
  const cases: [string, Parameters<typeof specRequest>[0], number, RegExp][] = [
    ["body text", { body: undefined }, 401, /Hash mismatch/],
    ["header nonce", { headers: { bt_header_dendrite_nonce: "1712345678901234568" } }, 401, /Signature mismatch/],
    [
      "header uuid",
      { headers: { bt_header_dendrite_uuid: "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1b" } },
      401,
      /Signature mismatch/,
    ],
    [
      "header body hash",
      {
        headers: { computed_body_hash: "56d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205" },
      },
      401,
      /Signature mismatch/,
    ],
    [
      "header hotkey",
      { headers: { bt_header_dendrite_hotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty" } },
      401,
      /Signature mismatch/,
    ],
    ["signature", { headers: { bt_header_dendrite_signature: flip(SPEC_SIGNATURE, 40) } }, 401, /Signature mismatch/],
    ["empty signature", { headers: { bt_header_dendrite_signature: "" } }, 401, /Signature mismatch/],
    ["missing signature", { headers: { bt_header_dendrite_signature: null } }, 401, /Signature mismatch/],
    ["non-hex signature", { headers: { bt_header_dendrite_signature: "zz" } }, 401, /Invalid signature format/],
    ["missing hotkey", { headers: { bt_header_dendrite_hotkey: null } }, 401, /No SS58 formatted address/],
    ["missing nonce", { headers: { bt_header_dendrite_nonce: null } }, 401, /Missing Nonce/],
    ["malformed nonce", { headers: { bt_header_dendrite_nonce: "12x" } }, 400, /not an integer/],
    ["malformed timeout", { headers: { timeout: "soon" } }, 400, /not a number/],
  ];
  cases[0][1] = { body: (await specRequest().text()).replace("hello 'world'", "hello 'World'") };
  for (const [name, change, status, pattern] of cases) {
    await t.step(`${name} → ${status}`, async () => {
      const forwarded: SpecDummy[] = [];
      const res = await specAxon({}, forwarded).fetch(specRequest(change), PEER);
      assert.equal(res.status, status);
      assert.match(await message(res), pattern);
      assert.equal(forwarded.length, 0, "nothing forged reaches forward");
      assert.equal(res.headers.get("bt_header_axon_status_code"), String(status));
    });
  }
});

Deno.test("axon.fetch() rejects a replay and a stale nonce", async () => {
  const forwarded: SpecDummy[] = [];
  const axon = specAxon({}, forwarded);
  assert.equal((await axon.fetch(specRequest(), PEER)).status, 200);
  const replay = await axon.fetch(specRequest(), PEER);
  assert.equal(replay.status, 401);
  assert.equal(await message(replay), "Not Verified with error: Nonce is too old, a newer one was last processed");
  assert.equal(forwarded.length, 1);
  const late = await specAxon({ now: () => SPEC_NOW_MS + 20_000 }).fetch(specRequest(), PEER);
  assert.equal(late.status, 401);
  assert.match(await message(late), /^Not Verified with error: Nonce is too old: acceptable delta is 16\.00 seconds/);
});

Deno.test("axon.fetch() blacklists before any signature work, on the claimed hotkey", async () => {
  const seen: string[] = [];
  const axon = createAxon({ keypair: bob, now: () => SPEC_NOW_MS }).attach(specDummy, (s) => s, {
    blacklist: (head) => {
      seen.push(head.dendrite.hotkey ?? "");
      return [true, "Unrecognized hotkey"];
    },
  });
  const res = await axon.fetch(specRequest({ headers: { bt_header_dendrite_signature: "0x00" } }), PEER);
  assert.equal(res.status, 403);
  assert.equal(await message(res), "Forbidden. Key is blacklisted: Unrecognized hotkey.");
  assert.deepEqual(seen, ["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"]);
  const throwing = createAxon({ keypair: bob, now: () => SPEC_NOW_MS }).attach(specDummy, (s) => s, {
    blacklist: () => {
      throw new Error("hotkey not in metagraph");
    },
  });
  assert.equal((await throwing.fetch(specRequest(), PEER)).status, 403, "a throwing blacklist fails closed");
});

Deno.test("axon.fetch() answers 404, 413, 429, 408, 500 and serves /Synapse and /metrics", async (t) => {
  await t.step("unknown synapse → 404 with Python's message", async () => {
    const res = await specAxon().fetch(new Request("http://x/no_such_path"), PEER);
    assert.equal(res.status, 404);
    assert.equal(await message(res), "Synapse name 'no_such_path' not found. Available synapses ['Synapse', 'Dummy']");
  });
  await t.step("too large → 413", async () => {
    const res = await specAxon({ bodyBytesMax: 100 }).fetch(specRequest(), PEER);
    assert.equal(res.status, 413);
    const chunked = new Request("http://x/Dummy", {
      method: "POST",
      body: new Blob([await specRequest().text()]).stream(),
      headers: Object.fromEntries([...specRequest().headers].filter(([k]) => k !== "content-length")),
    });
    assert.equal((await specAxon({ bodyBytesMax: 100 }).fetch(chunked, PEER)).status, 413);
  });
  await t.step("rate limited per IP → 429", async () => {
    const axon = specAxon({ rate: { perIp: { ratePerS: 1, burst: 1 } } });
    assert.equal((await axon.fetch(specRequest(), PEER)).status, 200);
    assert.equal((await axon.fetch(specRequest(), PEER)).status, 429);
  });
  await t.step("rate limited per hotkey → 429, spent only by verified requests", async () => {
    const axon = specAxon({ rate: { perHotkey: { ratePerS: 1, burst: 1 } } });
    const forged = specRequest({ headers: { bt_header_dendrite_signature: `0x${"00".repeat(64)}` } });
    assert.equal((await axon.fetch(forged, PEER)).status, 401);
    assert.equal((await axon.fetch(specRequest(), PEER)).status, 200, "forgeries did not spend the victim's tokens");
    const next = specRequest({ headers: { bt_header_dendrite_nonce: "1712345678901234568" } });
    assert.equal((await axon.fetch(next, PEER)).status, 429);
  });
  await t.step("priority queue timeout → 408", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => release = r);
    const order: string[] = [];
    const axon = createAxon({ keypair: bob, now: () => SPEC_NOW_MS, maxConcurrency: 1 }).attach(
      specDummy,
      async (s) => {
        order.push(String(s.dendrite.nonce));
        if (order.length === 1) await held;
        return s;
      },
      { priority: (s) => Number(s.dendrite.nonce) },
    );
    const first = axon.fetch(specRequest(), PEER);
    const low = axon.fetch(signedSpecRequest(alice, { uuid: "u-low", nonce: SPEC_NONCE + 1n }), PEER);
    const high = axon.fetch(signedSpecRequest(alice, { uuid: "u-high", nonce: SPEC_NONCE + 5_000_000n }), PEER);
    const late = await axon.fetch(signedSpecRequest(alice, { uuid: "u-late", timeout: "0.05" }), PEER);
    assert.equal(late.status, 408);
    assert.equal(await message(late), "Response timeout after: 0.05s");
    release();
    assert.deepEqual([(await first).status, (await low).status, (await high).status], [200, 200, 200]);
    const [high5m, low1] = [SPEC_NONCE + 5_000_000n, SPEC_NONCE + 1n].map(String);
    assert.deepEqual(order.slice(1), [high5m, low1], "the waiting requests are served highest priority first");
  });
  await t.step("forward throws → 500 with an id; forward too slow → 408", async () => {
    const failing = createAxon({ keypair: bob, now: () => SPEC_NOW_MS }).attach(specDummy, () => {
      throw new Error("boom");
    });
    const res = await failing.fetch(specRequest(), PEER);
    assert.equal(res.status, 500);
    assert.match(await message(res), /^Internal Server Error #[0-9a-f-]{36}$/);
    const slow = createAxon({ keypair: bob, now: () => SPEC_NOW_MS }).attach(
      specDummy,
      (s, { signal }) =>
        new Promise<SpecDummy>((resolve) => {
          signal.addEventListener("abort", () => resolve(s));
        }),
    );
    const late = await slow.fetch(specRequest({ headers: { timeout: "0.05" } }), { remoteAddr: PEER.remoteAddr });
    assert.equal(late.status, 408);
    assert.equal(await message(late), "Response timeout after: 0.05s");
  });
  await t.step("/metrics counts requests by synapse and status", async () => {
    const axon = specAxon();
    await axon.fetch(specRequest(), PEER);
    await axon.fetch(specRequest(), PEER);
    const text = await (await axon.fetch(new Request("http://x/metrics"), PEER)).text();
    assert.match(text, /axon_requests_total\{synapse="Dummy",status="200"\} 1/);
    assert.match(text, /axon_requests_total\{synapse="Dummy",status="401"\} 1/);
    assert.match(text, /^axon_queue_depth 0$/m);
    assert.match(text, /^axon_nonce_entries 1$/m);
  });
  await t.step("info() reports the external address", () => {
    const info = specAxon({ externalIp: "10.0.0.2", externalPort: 9000 }).info();
    assert.deepEqual(info, {
      version: 10002000,
      ip: "10.0.0.2",
      port: 9000,
      ip_type: 4,
      hotkey: bob.address,
      coldkey: bob.address,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    });
  });
});

Deno.test("axon.route() serves plain JSON to callers of the synapse dialect and of plugged-in dialects", async () => {
  const { sha3Hex } = await import("../protocol/synapse.ts");
  const seen: string[] = [];
  const custom = {
    dialect: "test",
    detect: (h: Headers) => h.has("x-test-caller"),
    authenticate: ({ request }: { request: Request }) =>
      request.headers.get("x-test-caller") === "good"
        ? { ok: true as const, hotkey: "test-hotkey" }
        : { ok: false as const, status: 401, body: { detail: "bad caller" } },
  };
  const axon = createAxon({ keypair: bob, now: () => SPEC_NOW_MS, authenticators: [custom] }).route(
    "/echo",
    (body, ctx) => {
      seen.push(`${ctx.dialect}:${ctx.hotkey}`);
      return { echo: body };
    },
  );
  const body = '{"x": 1712345678901234567}';
  const nonce = SPEC_NONCE;
  const uuid = "plain-uuid";
  const hash = sha3Hex(body);
  const message = `${nonce}.${alice.address}.${bob.address}.${uuid}.${hash}`;
  const signature = "0x" +
    [...alice.sign(new TextEncoder().encode(message))].map((b) => b.toString(16).padStart(2, "0"))
      .join("");
  const signed = (headers: Record<string, string>) =>
    new Request("http://x/echo", {
      method: "POST",
      body,
      headers: {
        bt_header_dendrite_nonce: String(nonce),
        bt_header_dendrite_uuid: uuid,
        bt_header_dendrite_hotkey: alice.address,
        bt_header_dendrite_signature: signature,
        computed_body_hash: hash,
        ...headers,
      },
    });
  const ok = await axon.fetch(signed({}), PEER);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), '{"echo":{"x":1712345678901234567}}');
  assert.equal((await axon.fetch(signed({}), PEER)).status, 401, "a replay is refused");
  const tampered = await axon.fetch(signed({ computed_body_hash: sha3Hex("{}") }), PEER);
  assert.equal(tampered.status, 401);
  const unsigned = await axon.fetch(new Request("http://x/echo", { method: "POST", body }), PEER);
  assert.equal(unsigned.status, 401);
  const viaCustom = await axon.fetch(
    new Request("http://x/echo", { method: "POST", body: "[1]", headers: { "x-test-caller": "good" } }),
    PEER,
  );
  assert.equal(viaCustom.status, 200);
  const refused = await axon.fetch(
    new Request("http://x/echo", { method: "POST", body: "[1]", headers: { "x-test-caller": "bad" } }),
    PEER,
  );
  assert.equal(refused.status, 401);
  assert.deepEqual(await refused.json(), { detail: "bad caller" });
  assert.deepEqual(seen, [`synapse:${alice.address}`, "test:test-hotkey"]);
});

Deno.test("axon.fetch() gives up on a body that does not arrive in time (408)", async () => {
  const stalled = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("{"));
    },
  });
  const headers = Object.fromEntries([...specRequest().headers].filter(([k]) => k !== "content-length"));
  const res = await specAxon({ bodyTimeoutMs: 20 }).fetch(
    new Request("http://x/Dummy", { method: "POST", headers, body: stalled }),
    PEER,
  );
  assert.equal(res.status, 408);
  assert.match(await message(res), /not received within 20 ms/);
});

Deno.test("axon.attachStream() streams until the synapse deadline, then closes and frees the slot", async () => {
  const axon = createAxon({ keypair: bob, now: () => SPEC_NOW_MS }).attachStream(specDummy, async function* (_s, ctx) {
    yield "first\n";
    await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
    yield "never sent\n";
  });
  const res = await axon.fetch(signedSpecRequest(alice, { timeout: "0.1" }), PEER);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  assert.equal(res.headers.get("bt_header_axon_status_code"), "200");
  assert.equal(await res.text(), "first\n");
  assert.match(axon.metrics(), /^axon_in_flight 0$/m);
});

Deno.test("axon.close() aborts in-flight forwards and refuses new requests with 503", async () => {
  const started = Promise.withResolvers<void>();
  const axon = createAxon({ keypair: bob, now: () => SPEC_NOW_MS }).attach(specDummy, (s, { signal }) => {
    started.resolve();
    return new Promise<SpecDummy>((resolve) => signal.addEventListener("abort", () => resolve(s)));
  });
  const inFlight = axon.fetch(specRequest(), PEER);
  await started.promise;
  axon.close();
  const res = await inFlight;
  assert.equal(res.status, 503);
  assert.match(await message(res), /shutting down/);
  const later = await axon.fetch(signedSpecRequest(alice, { uuid: "after-close" }), PEER);
  assert.equal(later.status, 503);
  await later.body?.cancel();
});

Deno.test("axon.fetch() gives verify, priority and forward the verified caller, not the body's unsigned claim", async () => {
  // The §6 body claims Alice as its dendrite; Charlie signs the headers. Only the headers are signed.
  const charlie = keypairFromUri("//Charlie");
  const seen: (string | null)[] = [];
  const axon = createAxon({ keypair: bob, now: () => SPEC_NOW_MS }).attach(specDummy, (s, ctx) => {
    seen.push(s.dendrite.hotkey, String(s.dendrite.nonce), s.dendrite.ip, ctx.hotkey);
    return s;
  }, {
    priority: (s) => (seen.push(`priority ${s.dendrite.hotkey}`), 0),
    verify: (s) => void seen.push(`verify ${s.dendrite.hotkey}`),
  });
  const res = await axon.fetch(signedSpecRequest(charlie, { nonce: SPEC_NONCE + 7n }), PEER);
  assert.equal(res.status, 200);
  assert.deepEqual(seen, [
    `verify ${charlie.address}`,
    `priority ${charlie.address}`,
    charlie.address,
    String(SPEC_NONCE + 7n),
    PEER.remoteAddr.hostname,
    charlie.address,
  ]);
});
