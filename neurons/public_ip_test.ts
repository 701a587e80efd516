import assert from "node:assert/strict";
import { discoverPublicIp } from "./public_ip.ts";
import { SubnetError } from "../protocol/errors.ts";

Deno.test("discoverPublicIp() tries the services in turn and takes the first IPv4 answer", async () => {
  const asked: string[] = [];
  const ip = await discoverPublicIp({
    services: ["https://down", "https://junk", "https://slow", "https://good", "https://never"],
    timeoutMs: 50,
    fetch: (url, { signal }) => {
      asked.push(url);
      if (url === "https://down") return Promise.reject(new TypeError("connection refused"));
      if (url === "https://junk") return Promise.resolve(new Response("<html>hello</html>"));
      if (url === "https://slow") {
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      }
      return Promise.resolve(new Response("203.0.113.7\n"));
    },
  });
  assert.equal(ip, "203.0.113.7");
  assert.deepEqual(asked, ["https://down", "https://junk", "https://slow", "https://good"]);
});

Deno.test("discoverPublicIp() names --axon.external_ip when every service fails", async () => {
  await assert.rejects(
    discoverPublicIp({
      services: ["https://a", "https://b"],
      fetch: (url) =>
        Promise.resolve(url === "https://a" ? new Response("999.1.1.1") : new Response("", { status: 502 })),
    }),
    (e: unknown) =>
      e instanceof SubnetError && e.code === "axon/no-public-ip" && /--axon\.external_ip/.test(e.message) &&
      /https:\/\/a: answered "999\.1\.1\.1"; https:\/\/b: status 502/.test(e.message),
  );
});
