/**
 * The `serve` adapter for Node (`node:http`): turns each `IncomingMessage` into a `Request`, calls
 * the `fetch`-shaped handler, and writes its `Response` back, streaming both bodies. The connection
 * limits map onto node:http's own (`headersTimeout`, `keepAliveTimeout`, `maxConnections`,
 * `maxHeaderSize`); connections beyond `connectionsPerIpMax` from one IP are closed at accept.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import { withShutdown } from "./_shutdown.ts";
import type { RuntimeHandler, ServeOptions, Server } from "./serve_types.ts";
import { CONNECTION_LIMITS_DEFAULT } from "./connection_limits.ts";

/** How often node:http checks the header and request timeouts, in ms (its default, 30 s, is too coarse). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * Serves `handler` with `node:http` until shut down. Resolves once the port is bound.
 *
 * @example
 * ```ts
 * import { serveNode } from "./serve_node.ts";
 * await using server = await serveNode(() => new Response("ok"), { port: 0, hostname: "127.0.0.1" });
 * const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
 * console.assert((await res.text()) === "ok");
 * ```
 */
export async function serveNode(handler: RuntimeHandler, options: ServeOptions = {}): Promise<Server> {
  const logger = options.logger ?? silentLogger;
  const limits = { ...CONNECTION_LIMITS_DEFAULT, ...options.limits };
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer({
    headersTimeout: limits.headerTimeoutMs,
    requestTimeout: 0, // a request in flight is bounded by the handler's own deadlines
    keepAliveTimeout: limits.idleTimeoutMs,
    maxHeaderSize: limits.headerBytesMax,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  }, (req, res) => {
    inFlight++;
    respond(handler, req, res, logger).finally(() => {
      if (--inFlight === 0) drained?.();
    });
  });
  server.maxConnections = limits.connectionsMax;
  const perIp = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const ip = socket.remoteAddress ?? "";
    const open = (perIp.get(ip) ?? 0) + 1;
    if (open > limits.connectionsPerIpMax) return void socket.destroy();
    perIp.set(ip, open);
    socket.once("close", () => {
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left) perIp.set(ip, left);
      else perIp.delete(ip);
    });
  });
  const finished = new Promise<void>((resolve) => server.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({
      port: options.port ?? 8091,
      host: options.hostname ?? "0.0.0.0",
      reusePort: options.reusePort ?? false,
    }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return await withShutdown({ hostname: bound.address, port: bound.port }, {
    drain: () => {
      server.close();
      server.closeIdleConnections();
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained = resolve);
    },
    force: () => server.closeAllConnections(),
    finished,
  }, options);
}

async function respond(handler: RuntimeHandler, req: IncomingMessage, res: ServerResponse, logger: Logger) {
  const aborted = new AbortController();
  res.once("close", () => res.writableFinished || aborted.abort());
  let request: Request;
  try {
    request = toRequest(req, aborted.signal);
  } catch {
    res.writeHead(400, { "content-type": "application/json" }).end('{"message":"Bad Request"}');
    return;
  }
  let response: Response;
  try {
    response = await handler(request, {
      remoteAddr: { hostname: plainIp(req.socket.remoteAddress ?? ""), port: req.socket.remotePort ?? 0 },
    });
  } catch (error) {
    logger.error("axon.handler_error", { error: String(error) });
    response = Response.json({ message: "Internal Server Error" }, { status: 500 });
  }
  try {
    await send(res, response);
  } catch (error) {
    logger.debug("axon.write_failed", { error: String(error) });
    res.destroy();
  }
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? null : bodyStream(req);
  const url = new URL(req.url ?? "/", `http://${headers.get("host") || "localhost"}`);
  return new Request(url, { method, headers, body, signal, duplex: "half" } as RequestInit);
}

/**
 * The request body as a web stream, with backpressure. A handler may stop reading early (a refusal
 * needs no body): the rest is then read and dropped so the connection stays usable. (Node 20's
 * `Readable.toWeb` throws on data that arrives after a cancel.)
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  const settle = (end: () => void) => {
    if (open) end();
    open = false;
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Uint8Array) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => settle(() => controller.close()));
      req.once("error", (error) => settle(() => controller.error(error)));
      req.once(
        "close",
        () => req.complete || settle(() => controller.error(new Error("The client closed the request"))),
      );
    },
    pull() {
      req.resume();
    },
    cancel() {
      open = false;
      req.resume();
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }));
}

/**
 * Writes a response. A body that is whole at once (a string, bytes) goes out with a `content-length`;
 * a streamed one goes out chunk by chunk as it is produced, the first chunk without waiting for the next.
 */
async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => headers[name] = value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  if (!response.body) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const reader = response.body.getReader();
  const first = await reader.read();
  let next = first.done ? Promise.resolve(first) : reader.read();
  // A buffered body ends within this turn of the event loop; a producer that waits on I/O does not.
  const turn = new Promise<"turn">((resolve) => setTimeout(resolve, 0, "turn"));
  const second = await Promise.race([next, turn]);
  if (second !== "turn" && second.done) {
    const bytes = first.value ?? new Uint8Array();
    headers["content-length"] ??= String(bytes.length);
    res.writeHead(response.status, headers).end(bytes);
    return;
  }
  res.writeHead(response.status, headers);
  let chunk = first;
  while (!chunk.done) {
    if (res.destroyed) return void reader.cancel();
    if (!res.write(chunk.value)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
    chunk = await next;
    if (!chunk.done) next = reader.read();
  }
  res.end();
}

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) as `1.2.3.4`. */
function plainIp(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}
