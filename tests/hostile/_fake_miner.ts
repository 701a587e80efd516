/**
 * A hostile miner for `miner_side_test.ts`: answers every request on `127.0.0.1:<port>` with the
 * attack named in the path's query (`?attack=…`) or by `--attack`. Prints `listening on P` when ready.
 *
 * Attacks: `keybomb` (a 200 JSON answer with `--keys` integer-like keys, 80,000 by default),
 * `endless` (a JSON answer that never ends: 1 GiB at most), `drip` (one byte per 500 ms),
 * `wrongtype` (8 MiB of `text/html`), `badutf8` (JSON with bytes that are not UTF-8), `honest`.
 *
 * @module
 */
const arg = (name: string, fallback: string) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
};
const attack = arg("attack", "honest");
const keys = Number(arg("keys", "80000"));
const enc = new TextEncoder();

function dummyAnswer(extra: string): string {
  return `{"name": "Dummy", "timeout": 12.0, "dummy_input": 1, "dummy_output": 2${extra}}`;
}

function keyBomb(): string {
  const parts: string[] = [];
  for (let i = keys; i > 0; i--) parts.push(`"${i}":${i}`);
  return dummyAnswer(`, "x": {${parts.join(",")}}`);
}

const bomb = attack === "keybomb" ? enc.encode(keyBomb()) : new Uint8Array();
const MiB = new Uint8Array(1024 * 1024).fill(0x20);

function answer(kind: string): Response {
  const json = { "content-type": "application/json", "bt_header_axon_status_code": "200" };
  switch (kind) {
    case "keybomb":
      return new Response(bomb, { headers: json });
    case "endless": {
      let sent = 0;
      const head = enc.encode('{"x": "');
      return new Response(
        new ReadableStream({
          pull(c) {
            if (sent === 0) c.enqueue(head);
            if (sent++ >= 1024) c.close();
            else c.enqueue(MiB);
          },
        }),
        { headers: json },
      );
    }
    case "drip": {
      const text = enc.encode(dummyAnswer(""));
      let at = 0;
      return new Response(
        new ReadableStream({
          async pull(c) {
            await new Promise((r) => setTimeout(r, 500));
            if (at >= text.length) c.close();
            else c.enqueue(text.subarray(at, ++at));
          },
        }),
        { headers: json },
      );
    }
    case "wrongtype":
      return new Response(new Uint8Array(8 * 1024 * 1024).fill(0x41), { headers: { "content-type": "text/html" } });
    case "badutf8":
      return new Response(new Uint8Array([...enc.encode('{"dummy_output": "'), 0xff, 0xfe, ...enc.encode('"}')]), {
        headers: json,
      });
    default:
      return new Response(dummyAnswer(""), { headers: json });
  }
}

const server = Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`listening on ${port}`),
}, async (request) => {
  await request.body?.cancel();
  return answer(new URL(request.url).searchParams.get("attack") ?? attack);
});
await server.finished;
