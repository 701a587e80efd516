/**
 * Every live auth dialect on one axon (issue 10): the same `axon.route("/echo")` serves callers
 * signing with the v10 synapse signature, btauth/1 and Epistula v2, and refuses each dialect's changed
 * byte, stale nonce or timestamp, wrong receiver and replay with 401 (clarifications.md, "Status codes"
 * and "btauth/1 and Epistula as live code does them"). Then `examples/auth_echo.ts` and
 * `examples/signed_fetch.ts` as real processes.
 */
import assert from "node:assert/strict";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { type AxonOptions, createAxon, type PeerInfo } from "../neurons/axon.ts";
import { createDendrite } from "../neurons/dendrite.ts";
import {
  AUTH_DIALECTS,
  type AuthDialect,
  jsonSynapse,
  signedFetch,
  signRequest,
  type SignRequestOptions,
} from "../neurons/signed_fetch.ts";
import { createNonceSource } from "../protocol/nonce.ts";

await cryptoReady();
const alice = keypairFromUri("//Alice");
const bob = keypairFromUri("//Bob");
const charlie = keypairFromUri("//Charlie");
const PEER: PeerInfo = { remoteAddr: { hostname: "10.0.0.7", port: 40000 } };
/** btauth/1 golden-vector time (landscape.md §1.6): nonce 1752076800000000000 ns. */
const NOW_MS = 1_752_076_800_000;
const URL_ECHO = "http://127.0.0.1:8091/echo";
const BODY = '{"prompt": "hello", "n": 12345678901234567890}';
const ECHOED = '{"prompt":"hello","n":12345678901234567890}';

/** Where each dialect's refusal puts its reason (btauth/1 and Epistula servers are FastAPI apps). */
const REASON_KEY: Record<AuthDialect, string> = { synapse: "message", btauth: "detail", epistula: "detail" };

function echoAxon(extra: Partial<AxonOptions> = {}, seen: string[] = []) {
  const Echo = jsonSynapse("Echo");
  return createAxon({ keypair: bob, now: () => NOW_MS, ...extra })
    .route("/echo", (body, ctx) => {
      seen.push(`${ctx.dialect}:${ctx.hotkey}`);
      return body;
    })
    .attach(Echo, (s) => s);
}

/** A fresh nonce/uuid per request, as a client sends them. */
function signer(dialect: AuthDialect, overrides: Partial<SignRequestOptions> = {}): Request {
  return signRequest(URL_ECHO, {
    dialect,
    signer: alice,
    receiver: bob.address,
    body: BODY,
    now: () => NOW_MS,
    nonce: nextNonce(),
    uuid: crypto.randomUUID(),
    ...overrides,
  });
}
const nextNonce = createNonceSource({ clockMs: () => NOW_MS });

function withBody(request: Request, body: string): Request {
  return new Request(request.url, { method: request.method, headers: request.headers, body });
}

async function reason(res: Response, dialect: AuthDialect): Promise<string> {
  const json = await res.json();
  assert.equal(typeof json[REASON_KEY[dialect]], "string", `a ${dialect} refusal says why: ${JSON.stringify(json)}`);
  return json[REASON_KEY[dialect]];
}

Deno.test("axon.route() accepts a valid request in every dialect and refuses each tampering with 401", async (t) => {
  const seen: string[] = [];
  const axon = echoAxon({}, seen);
  for (const dialect of AUTH_DIALECTS) {
    await t.step(`${dialect}: valid → 200 with the body echoed`, async () => {
      const res = await axon.fetch(signer(dialect), PEER);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), ECHOED);
    });
    await t.step(`${dialect}: one changed body byte → 401`, async () => {
      const res = await axon.fetch(withBody(signer(dialect), BODY.replace("hello", "hellp")), PEER);
      assert.equal(res.status, 401);
      await reason(res, dialect);
    });
    await t.step(`${dialect}: one changed signature byte → 401`, async () => {
      const request = signer(dialect);
      const name = {
        synapse: "bt_header_dendrite_signature",
        btauth: "x-bittensor-signature",
        epistula: "epistula-request-signature",
      }[dialect];
      const sig = request.headers.get(name)!;
      const headers = new Headers(request.headers);
      headers.set(name, sig.slice(0, 10) + (sig[10] === "0" ? "1" : "0") + sig.slice(11));
      const res = await axon.fetch(new Request(request.url, { method: "POST", headers, body: BODY }), PEER);
      assert.equal(res.status, 401);
      await reason(res, dialect);
    });
    await t.step(`${dialect}: a stale nonce / timestamp (60 s old) → 401`, async () => {
      const old = () => NOW_MS - 60_000;
      const res = await axon.fetch(signer(dialect, { now: old, nonce: BigInt(old()) * 1_000_000n }), PEER);
      assert.equal(res.status, 401);
      assert.match(await reason(res, dialect), /stale|older|Nonce is too old/i);
    });
    await t.step(`${dialect}: signed for another receiver → 401`, async () => {
      const res = await axon.fetch(signer(dialect, { receiver: charlie.address }), PEER);
      assert.equal(res.status, 401);
      await reason(res, dialect);
    });
    await t.step(`${dialect}: the same request twice → 200 then 401`, async () => {
      const request = signer(dialect);
      const again = request.clone();
      assert.equal((await axon.fetch(request, PEER)).status, 200);
      const res = await axon.fetch(again, PEER);
      assert.equal(res.status, 401);
      await reason(res, dialect);
    });
  }
  await t.step("btauth and epistula: a timestamp too far ahead → 401", async () => {
    const ahead = (ms: number) => () => NOW_MS + ms;
    const b = await axon.fetch(signer("btauth", { nonce: BigInt(NOW_MS + 3_000) * 1_000_000n }), PEER);
    assert.equal(b.status, 401);
    assert.match(await reason(b, "btauth"), /future/);
    const e = await axon.fetch(signer("epistula", { now: ahead(16_000) }), PEER);
    assert.equal(e.status, 401);
    assert.match(await reason(e, "epistula"), /future/);
  });
  await t.step("unsigned → 401; /metrics counts every dialect with a dialect label", async () => {
    const res = await axon.fetch(new Request(URL_ECHO, { method: "POST", body: BODY }), PEER);
    assert.equal(res.status, 401);
    await res.body?.cancel();
    const metrics = await (await axon.fetch(new Request("http://x/metrics"), PEER)).text();
    for (const dialect of AUTH_DIALECTS) {
      assert.match(metrics, new RegExp(`^axon_dialect_requests_total\\{dialect="${dialect}",status="200"\\} 2$`, "m"));
      // Five refusals each, plus the "too far ahead" one for btauth and epistula.
      const refused = dialect === "synapse" ? 5 : 6;
      assert.match(
        metrics,
        new RegExp(`^axon_dialect_requests_total\\{dialect="${dialect}",status="401"\\} ${refused}$`, "m"),
      );
    }
  });
  assert.deepEqual(seen, AUTH_DIALECTS.flatMap((d) => [`${d}:${alice.address}`, `${d}:${alice.address}`]));
});

Deno.test("axon.route() runs blacklist, rate limit and priority alike for every dialect", async (t) => {
  await t.step("blacklist sees the claimed hotkey before verification (403 even with a bad signature)", async () => {
    const axon = echoAxon().route("/guarded", (b) => b, {
      blacklist: (hk) => [hk === charlie.address, "not a validator"],
    });
    for (const dialect of AUTH_DIALECTS) {
      const forged = signRequest("http://x/guarded", {
        dialect,
        signer: { address: charlie.address, sign: () => new Uint8Array(64) },
        receiver: bob.address,
        body: BODY,
        now: () => NOW_MS,
      });
      const res = await axon.fetch(forged, PEER);
      assert.equal(res.status, 403, dialect);
      assert.match(await reason(res, dialect), /not a validator/);
      const ok = await axon.fetch(
        signRequest("http://x/guarded", {
          dialect,
          signer: alice,
          receiver: bob.address,
          body: BODY,
          now: () => NOW_MS,
        }),
        PEER,
      );
      assert.equal(ok.status, 200, dialect);
      await ok.body?.cancel();
    }
  });
  await t.step("one per-hotkey budget is spent by all dialects together (429)", async () => {
    const axon = echoAxon({ rate: { perHotkey: { ratePerS: 0.001, burst: 3 } } });
    for (const dialect of AUTH_DIALECTS) {
      const res = await axon.fetch(signer(dialect), PEER);
      assert.equal(res.status, 200, dialect);
      await res.body?.cancel();
    }
    for (const dialect of AUTH_DIALECTS) {
      const res = await axon.fetch(signer(dialect), PEER);
      assert.equal(res.status, 429, dialect);
      assert.match(await reason(res, dialect), /Too many requests/);
    }
  });
  await t.step("waiting requests of every dialect share one priority queue", async () => {
    const order: string[] = [];
    const gate = Promise.withResolvers<void>();
    const rank: Record<string, number> = { [alice.address]: 1, [charlie.address]: 3, [bob.address]: 2 };
    const axon = createAxon({ keypair: bob, now: () => NOW_MS, maxConcurrency: 1 }).route(
      "/slow",
      async (_body, ctx) => {
        order.push(ctx.dialect);
        if (order.length === 1) await gate.promise;
        return null;
      },
      { priority: (hk) => rank[hk] ?? 0 },
    );
    const send = (dialect: AuthDialect, key = alice) =>
      axon.fetch(
        signRequest("http://x/slow", {
          dialect,
          signer: key,
          receiver: bob.address,
          body: "{}",
          now: () => NOW_MS,
          nonce: nextNonce(),
        }),
        PEER,
      );
    const first = send("synapse");
    await new Promise((r) => setTimeout(r, 10));
    const queued = [send("btauth", alice), send("epistula", charlie), send("synapse", keypairFromUri("//Dave"))];
    await new Promise((r) => setTimeout(r, 10));
    gate.resolve();
    const statuses = await Promise.all([first, ...queued].map(async (p) => {
      const res = await p;
      await res.body?.cancel();
      return res.status;
    }));
    assert.deepEqual(statuses, [200, 200, 200, 200]);
    assert.deepEqual(
      order,
      ["synapse", "epistula", "btauth", "synapse"],
      "charlie (3) before alice (1) before dave (0)",
    );
  });
});

Deno.test("signedFetch() speaks every dialect, and the dendrite calls the Echo synapse on the same axon", async () => {
  const axon = echoAxon();
  const viaAxon: typeof fetch = (input, init) => axon.fetch(new Request(input, init), PEER);
  for (const dialect of AUTH_DIALECTS) {
    const reply = await signedFetch(URL_ECHO, {
      dialect,
      keypair: alice,
      receiver: bob.address,
      body: BODY,
      now: () => NOW_MS,
      nonce: nextNonce(),
      fetch: viaAxon,
    });
    assert.deepEqual(reply, { status: 200, body: { prompt: "hello", n: 12345678901234567890n } }, dialect);
  }
  const viaDendrite = await signedFetch("http://127.0.0.1:8091/Echo", {
    dialect: "synapse",
    keypair: alice,
    receiver: bob.address,
    body: BODY,
    now: () => NOW_MS,
    fetch: viaAxon,
  });
  assert.deepEqual(viaDendrite, { status: 200, body: { prompt: "hello", n: 12345678901234567890n } });
  const wrongReceiver = await signedFetch("http://127.0.0.1:8091/Echo", {
    dialect: "synapse",
    keypair: alice,
    receiver: charlie.address,
    body: BODY,
    now: () => NOW_MS,
    fetch: viaAxon,
  });
  assert.equal(wrongReceiver.status, 401);
  // A tampered synapse body: the hashed `body` field no longer matches the signed computed_body_hash.
  const Echo = jsonSynapse("Echo");
  const tampering: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = (await request.text()).replace("hello", "hellp");
    return axon.fetch(new Request(request.url, { method: "POST", headers: request.headers, body: text }), PEER);
  };
  const tampered = await createDendrite({ keypair: alice, fetch: tampering, now: () => NOW_MS }).call(
    { ip: "127.0.0.1", port: 8091, hotkey: bob.address },
    Echo.create({ body: BODY }),
    { type: Echo },
  );
  assert.equal(tampered.dendrite.status_code, 401);
  assert.match(tampered.dendrite.status_message ?? "", /Hash mismatch/);
});

const root = new URL("..", import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; lines: unknown[] }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/signed_fetch.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  return { code: out.code, lines: text ? text.split("\n").map((l) => JSON.parse(l)) : [] };
}

Deno.test("examples/auth_echo.ts answers examples/signed_fetch.ts in every dialect", async () => {
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/auth_echo.ts", "--port", "0", "--host", "127.0.0.1", "--dev", "//Bob"],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    while (!/listening on \d+\n/.test(out)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`auth_echo.ts exited before listening: ${out}`);
      out += value;
    }
    const port = Number(/listening on (\d+)/.exec(out)![1]);
    const common = ["--dev", "//Alice", "--body", '{"x": [1, 2.5, "é"]}'];
    const echo = `http://127.0.0.1:${port}/echo`;
    const runs = await Promise.all([
      ...AUTH_DIALECTS.map((d) => run(["--dialect", d, "--receiver", bob.address, "--url", echo, ...common])),
      run(["--dialect", "synapse", "--receiver", bob.address, "--url", `http://127.0.0.1:${port}/Echo`, ...common]),
      run(["--dialect", "btauth", "--receiver", charlie.address, "--url", echo, ...common]),
    ]);
    for (const [i, r] of runs.slice(0, 4).entries()) {
      assert.equal(r.code, 0);
      assert.deepEqual(r.lines, [{ status: 200, body: { x: [1, 2.5, "é"] } }], `run ${i}`);
    }
    assert.deepEqual(runs[4].lines, [{
      status: 401,
      body: { detail: "request was signed for a different receiving hotkey" },
    }]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /^axon_dialect_requests_total\{dialect="btauth",status="200"\} 1$/m);
    assert.match(metrics, /^axon_dialect_requests_total\{dialect="btauth",status="401"\} 1$/m);
    assert.match(metrics, /^axon_dialect_requests_total\{dialect="epistula",status="200"\} 1$/m);
    assert.match(metrics, /^axon_dialect_requests_total\{dialect="synapse",status="200"\} 2$/m);
  } finally {
    server.kill("SIGTERM");
    await reader.cancel().catch(() => {});
    await server.status;
  }
});
