/**
 * The devnet runtime: the pallets it was built with, call decoding by metadata names, dispatch
 * inside storage transactions, event records, and runtime-API routing. Block production
 * (`devnet/chain.ts`) drives it; it keeps no state of its own beyond the pallet tables.
 *
 * @module
 */
import type { Codec } from "@polkadot/types/types";
import { u8aConcat } from "@polkadot/util";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import { createCurrency } from "./balances.ts";
import type { RuntimeMetadata } from "./metadata.ts";
import {
  type CallHandler,
  type CallSpec,
  type DecodedCall,
  type DispatchContext,
  DispatchError,
  type DispatchErrorKind,
  type DispatchOutcome,
  type GenesisConfig,
  type GenesisContext,
  InvalidTransaction,
  type Origin,
  type Pallet,
  type RuntimeApiContext,
  type RuntimeApiHandler,
  type Weight,
} from "./pallet.ts";
import type { ChainStorage, StorageReader } from "./storage.ts";
import { dispatchWeight } from "./subtensor/fees.ts";

/** When an event happened within a block (`frame_system::Phase`). */
export type Phase =
  | { readonly kind: "ApplyExtrinsic"; readonly index: number }
  | { readonly kind: "Finalization" }
  | { readonly kind: "Initialization" };

/** The block being built, as calls and hooks see it. */
export interface BlockEnv {
  /** Its number. */
  readonly number: number;
  /** Its timestamp (ms). */
  readonly timestampMs: number;
}

/** Encodes a phase as SCALE. */
export function encodePhase(phase: Phase): Uint8Array {
  if (phase.kind === "ApplyExtrinsic") {
    const out = new Uint8Array(5);
    new DataView(out.buffer).setUint32(1, phase.index, true);
    return out;
  }
  return Uint8Array.of(phase.kind === "Finalization" ? 1 : 2);
}

/** Dispatch information of one call, as `ExtrinsicSuccess` and `query_info` report it. */
export interface DispatchInfo {
  /** Its weight. */
  readonly weight: Weight;
  /** Its class. */
  readonly class: "Normal" | "Operational" | "Mandatory";
  /** Whether its signer pays a fee. */
  readonly paysFee: boolean;
}

const DISPATCH_ERROR_KINDS = new Set<string>([
  "Other",
  "CannotLookup",
  "BadOrigin",
  "Module",
  "ConsumerRemaining",
  "NoProviders",
  "TooManyConsumers",
  "Token",
  "Arithmetic",
  "Transactional",
  "Exhausted",
  "Corruption",
  "Unavailable",
  "RootNotAllowed",
]);

/**
 * Turns what a handler threw into a {@link DispatchError}: our own class, or any object shaped like
 * one (`kind`, `pallet`, `error`); anything else is a bug and becomes `Other`.
 */
export function toDispatchError(err: unknown): DispatchError | null {
  if (err instanceof DispatchError) return err;
  if (typeof err !== "object" || err === null) return null;
  const e = err as { kind?: unknown; pallet?: unknown; error?: unknown; message?: unknown };
  if (typeof e.kind !== "string" || !DISPATCH_ERROR_KINDS.has(e.kind)) return null;
  const detail = typeof e.message === "string" ? e.message : undefined;
  if (e.kind === "Module") {
    if (typeof e.pallet !== "string" || typeof e.error !== "string") return null;
    return new DispatchError(e.pallet, e.error, detail);
  }
  return DispatchError.of(
    e.kind as Exclude<DispatchErrorKind, "Module">,
    typeof e.error === "string" && e.error ? e.error : undefined,
    detail,
  );
}

/** Options of {@link Runtime}. */
export interface RuntimeOptions {
  /** The pallets, framework ones included, in genesis and hook order. */
  readonly pallets: readonly Pallet[];
  /** Where dispatch bugs are logged. */
  readonly logger?: Logger;
}

/** A resolved call: its handler and dispatch info. */
interface CallEntry {
  readonly spec: CallSpec;
  readonly info: DispatchInfo;
}

/**
 * The runtime: dispatch tables built from the pallets, checked against the metadata at start-up.
 *
 * @example
 * ```ts
 * import { loadRuntimeMetadata } from "./metadata.ts";
 * import { Runtime } from "./runtime.ts";
 * const runtime = new Runtime(loadRuntimeMetadata(), { pallets: [] });
 * console.assert(runtime.callInfo("Balances", "transfer_keep_alive") === undefined);
 * ```
 */
export class Runtime {
  /** The metadata. */
  readonly metadata: RuntimeMetadata;
  /** The pallets, in order. */
  readonly pallets: readonly Pallet[];
  /** Where dispatch bugs are logged. */
  readonly logger: Logger;
  readonly #calls = new Map<string, CallEntry>();
  readonly #apis = new Map<string, RuntimeApiHandler>();

  /**
   * Builds the dispatch tables.
   *
   * @throws {RangeError} when a pallet names a pallet, call or runtime API the metadata lacks, or
   *   two pallets share a name
   */
  constructor(metadata: RuntimeMetadata, options: RuntimeOptions) {
    this.metadata = metadata;
    this.pallets = options.pallets;
    this.logger = options.logger ?? silentLogger;
    const seen = new Set<string>();
    for (const p of options.pallets) {
      if (seen.has(p.name)) throw new RangeError(`Cannot build the devnet runtime: pallet "${p.name}" appears twice`);
      seen.add(p.name);
      metadata.pallet(p.name);
      for (const [name, handler] of Object.entries(p.calls ?? {})) {
        metadata.call(p.name, name);
        const spec: CallSpec = typeof handler === "function" ? { dispatch: handler as CallHandler } : handler;
        this.#calls.set(`${p.name}.${name}`, {
          spec,
          info: {
            weight: dispatchWeight(p.name, name, spec.weight),
            class: spec.class ?? "Normal",
            paysFee: spec.paysFee ?? true,
          },
        });
      }
      for (const [name, handler] of Object.entries(p.runtimeApis ?? {})) {
        metadata.runtimeApi(name);
        if (this.#apis.has(name)) throw new RangeError(`Cannot build the devnet runtime: "${name}" is served twice`);
        this.#apis.set(name, handler);
      }
    }
  }

  /** Dispatch info of a call, or `undefined` when no pallet implements it. */
  callInfo(pallet: string, call: string): DispatchInfo | undefined {
    return this.#calls.get(`${pallet}.${call}`)?.info;
  }

  /**
   * Dispatch info for a decoded call (its weight includes the transaction extensions', as subtensor's
   * `total_weight()`); unimplemented calls get the default weight and pay a fee.
   */
  dispatchInfo(call: DecodedCall): DispatchInfo {
    return this.callInfo(call.pallet, call.name) ??
      { weight: dispatchWeight(call.pallet, call.name), class: "Normal", paysFee: true };
  }

  /** The names of every implemented call (`Pallet.call`). */
  get implementedCalls(): string[] {
    return [...this.#calls.keys()];
  }

  /** The names of every served runtime API (framework ones are added by the chain). */
  get implementedApis(): string[] {
    return [...this.#apis.keys()];
  }

  /**
   * Decodes an encoded call (`pallet index ++ call index ++ args`) into metadata names and args.
   *
   * @throws {RangeError} when the bytes are not exactly one call of this metadata
   */
  decodeCall(bytes: Uint8Array | Codec): DecodedCall {
    const encoded = bytes instanceof Uint8Array ? bytes : bytes.toU8a();
    const call = this.metadata.registry.createType("Call", encoded) as unknown as {
      callIndex: Uint8Array;
      args: Codec[];
      encodedLength: number;
    };
    if (call.encodedLength !== encoded.length) {
      throw new RangeError(`Cannot decode the call: ${encoded.length - call.encodedLength} trailing byte(s)`);
    }
    const pallet = this.metadata.palletAt(call.callIndex[0]);
    if (!pallet) throw new RangeError(`Cannot decode the call: no pallet at index ${call.callIndex[0]}`);
    const variant = [...pallet.calls.values()].find((v) => v.index === call.callIndex[1]);
    if (!variant) throw new RangeError(`Cannot decode the call: ${pallet.name} has no call ${call.callIndex[1]}`);
    const args: Record<string, Codec> = {};
    variant.fieldNames.forEach((name, i) => args[name] = call.args[i]);
    return { pallet: pallet.name, name: variant.name, args: Object.freeze(args), encoded };
  }

  /** Encodes a call by names: `encodeCall("Balances", "transfer_keep_alive", { dest, value })`. */
  encodeCall(pallet: string, name: string, args: Readonly<Record<string, unknown>> | readonly unknown[]): Uint8Array {
    const p = this.metadata.pallet(pallet);
    const v = this.metadata.call(pallet, name);
    const parts = v.fieldTypes.map((type, i) => {
      const value = Array.isArray(args) ? args[i] : (args as Record<string, unknown>)[v.fieldNames[i]];
      return this.metadata.encode(type, value);
    });
    return u8aConcat(Uint8Array.of(p.index, v.index), ...parts);
  }

  /**
   * Runs the `validate` hook of a call, if it has one (pool-level checks). Throws
   * `InvalidTransaction` to reject.
   */
  validate(storage: ChainStorage, env: BlockEnv, call: DecodedCall, origin: Origin): void {
    this.#ensureImplemented(call);
    const entry = this.#calls.get(`${call.pallet}.${call.name}`);
    if (!entry?.spec.validate) return;
    const sink: Uint8Array[] = [];
    const ctx = this.context(storage, env, origin, { kind: "ApplyExtrinsic", index: 0 }, sink);
    entry.spec.validate(ctx, call.args);
  }

  /**
   * Refuses at submission (`Call`, naming it) a call no pallet implements, or a `Sudo` call wrapping one,
   * so that it is never included and charged only to fail in the block.
   */
  #ensureImplemented(call: DecodedCall): void {
    const name = `${call.pallet}.${call.name}`;
    if (!this.#calls.has(name)) {
      throw new InvalidTransaction("Call", undefined, name, `${name} is not implemented by the devnet`);
    }
    if (call.pallet === "Sudo" && call.args.call !== undefined) {
      this.#ensureImplemented(this.decodeCall(call.args.call));
    }
  }

  /**
   * Dispatches `call` with `origin` in a storage transaction. Events go to `events` only when the
   * call succeeds.
   */
  dispatch(
    storage: ChainStorage,
    env: BlockEnv,
    call: DecodedCall,
    origin: Origin,
    phase: Phase,
    events: Uint8Array[],
  ): DispatchOutcome {
    const entry = this.#calls.get(`${call.pallet}.${call.name}`);
    if (!entry) {
      this.logger.warn("devnet.call_not_implemented", { call: `${call.pallet}.${call.name}` });
      return {
        ok: false,
        error: DispatchError.other(`${call.pallet}.${call.name} is not implemented by the devnet`),
      };
    }
    const local: Uint8Array[] = [];
    try {
      storage.transactional(() => entry.spec.dispatch(this.context(storage, env, origin, phase, local), call.args));
    } catch (err) {
      const dispatchError = toDispatchError(err);
      if (dispatchError) return { ok: false, error: dispatchError };
      this.logger.error("devnet.dispatch_bug", {
        call: `${call.pallet}.${call.name}`,
        error: err instanceof Error ? err.stack ?? err.message : String(err),
      });
      return { ok: false, error: DispatchError.other(`${call.pallet}.${call.name} failed: ${String(err)}`) };
    }
    events.push(...local);
    return { ok: true };
  }

  /**
   * Asks the pallets to pay `fee` for `who`'s `call` some other way than its free balance (see
   * `Pallet.payFee`); `dryRun` writes nothing. Returns whether one did (or could).
   */
  payFeeOtherwise(
    storage: ChainStorage,
    env: BlockEnv,
    call: DecodedCall,
    payment: { readonly who: Uint8Array; readonly fee: bigint; readonly dryRun: boolean },
  ): boolean {
    const origin: Origin = { kind: "signed", who: payment.who };
    const ctx = this.context(storage, env, origin, { kind: "ApplyExtrinsic", index: 0 }, []);
    return this.pallets.some((p) => p.payFee?.(ctx, call, payment.fee, payment.dryRun) ?? false);
  }

  /** Runs every pallet's `onInitialize` (or `onFinalize`) hook. */
  runHooks(storage: ChainStorage, env: BlockEnv, which: "onInitialize" | "onFinalize", events: Uint8Array[]): void {
    const phase: Phase = which === "onInitialize" ? { kind: "Initialization" } : { kind: "Finalization" };
    for (const p of this.pallets) {
      const hook = p[which];
      if (hook) hook(this.context(storage, env, { kind: "none" }, phase, events));
    }
  }

  /** Runs every pallet's genesis builder. */
  runGenesis(storage: ChainStorage, env: BlockEnv, config: GenesisConfig, events: Uint8Array[]): void {
    for (const p of this.pallets) {
      if (!p.genesis) continue;
      const ctx: GenesisContext = {
        ...this.context(storage, env, { kind: "none" }, { kind: "Initialization" }, events),
        config,
      };
      p.genesis(ctx);
    }
  }

  /** The handler of runtime API `name`, or `undefined`. */
  runtimeApi(name: string): RuntimeApiHandler | undefined {
    return this.#apis.get(name);
  }

  /** Calls runtime API `name` with SCALE `params` against `storage` at block `blockNumber`. */
  callRuntimeApi(name: string, params: Uint8Array, storage: StorageReader, blockNumber: number): Uint8Array {
    const handler = this.#apis.get(name);
    if (!handler) throw new RangeError(`Cannot call runtime API "${name}": the devnet does not serve it`);
    const method = this.metadata.runtimeApi(name);
    const args: Codec[] = [];
    let at = 0;
    for (const type of method.inputTypes) {
      const codec = this.metadata.decode(type, params.subarray(at));
      args.push(codec);
      at += codec.encodedLength;
    }
    if (at !== params.length) {
      throw new RangeError(`Cannot call runtime API "${name}": ${params.length - at} trailing byte(s) in its input`);
    }
    const ctx: RuntimeApiContext = {
      runtime: this.metadata,
      storage,
      blockNumber,
      encodeOutput: (value) => this.metadata.encode(method.outputType, value),
    };
    return handler(ctx, args);
  }

  /** Encodes one `EventRecord` (phase, event, no topics). */
  eventRecord(phase: Phase, pallet: string, event: string, data: Uint8Array): Uint8Array {
    const p = this.metadata.pallet(pallet);
    const v = this.metadata.event(pallet, event);
    return u8aConcat(encodePhase(phase), Uint8Array.of(p.index, v.index), data, Uint8Array.of(0));
  }

  /** Encodes an event's fields, given by name or in order. */
  encodeEventFields(
    pallet: string,
    event: string,
    fields: Readonly<Record<string, unknown>> | readonly unknown[] = [],
  ): Uint8Array {
    const v = this.metadata.event(pallet, event);
    const parts = v.fieldTypes.map((type, i) => {
      const value = Array.isArray(fields) ? fields[i] : (fields as Record<string, unknown>)[v.fieldNames[i]];
      if (value === undefined) {
        throw new RangeError(`Cannot emit ${pallet}.${event}: field "${v.fieldNames[i]}" is missing`);
      }
      return this.metadata.encode(type, value);
    });
    return u8aConcat(...parts);
  }

  /** Builds the context a call or hook receives. */
  context(storage: ChainStorage, env: BlockEnv, origin: Origin, phase: Phase, events: Uint8Array[]): DispatchContext {
    const emitEncoded = (pallet: string, event: string, data: Uint8Array) =>
      events.push(this.eventRecord(phase, pallet, event, data));
    const emit = (pallet: string, event: string, fields?: Readonly<Record<string, unknown>> | readonly unknown[]) =>
      emitEncoded(pallet, event, this.encodeEventFields(pallet, event, fields));
    const ctx: DispatchContext = {
      runtime: this.metadata,
      storage,
      blockNumber: env.number,
      timestampMs: env.timestampMs,
      origin,
      currency: createCurrency(storage, this.metadata, emit),
      logger: this.logger,
      ensureSigned() {
        if (origin.kind !== "signed") throw DispatchError.badOrigin(`expected a signed origin, got ${origin.kind}`);
        return origin.who;
      },
      ensureRoot() {
        if (origin.kind !== "root") throw DispatchError.badOrigin(`expected root, got ${origin.kind}`);
      },
      emit,
      emitEncoded,
      dispatch: (call, nestedOrigin) => {
        let decoded: DecodedCall;
        try {
          decoded = this.decodeCall(call);
        } catch (err) {
          return { ok: false, error: DispatchError.other(String(err)) };
        }
        return this.dispatch(storage, env, decoded, nestedOrigin, phase, events);
      },
    };
    return ctx;
  }
}
