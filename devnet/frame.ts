/**
 * The small framework pallets every devnet runs: `Timestamp` (the `set` inherent), `Sudo` (root
 * dispatch for the sudo key, //Alice by default) and `Utility` (`batch`, `batch_all`,
 * `force_batch`), with their upstream errors and events.
 *
 * @module
 */
import type { Codec } from "@polkadot/types/types";
import { lookupAccount } from "./balances.ts";
import { type DispatchContext, DispatchError, type DispatchOutcome, type Origin, type Pallet } from "./pallet.ts";

/**
 * `Timestamp`: block production applies `set(now)` as the first extrinsic of every block.
 *
 * @example
 * ```ts
 * import { timestampPallet } from "./frame.ts";
 * console.assert(timestampPallet().name === "Timestamp");
 * ```
 */
export function timestampPallet(): Pallet {
  return {
    name: "Timestamp",
    calls: {
      set: {
        class: "Mandatory",
        paysFee: false,
        weight: { refTime: 10_000_000n, proofSize: 0n },
        dispatch(ctx, args) {
          if (ctx.origin.kind !== "none") throw DispatchError.badOrigin("Timestamp.set is an inherent");
          ctx.storage.set("Timestamp", "Now", [], BigInt(args.now.toString()));
        },
      },
    },
  };
}

function sudoKey(storage: { get(p: string, i: string): Codec | null }): Uint8Array | null {
  const key = storage.get("Sudo", "Key");
  return key ? key.toU8a() : null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * `Sudo`: `sudo`, `sudo_unchecked_weight`, `sudo_as`, `set_key`, `remove_key`. The key is set at
 * genesis from `GenesisConfig.sudo`. Sudo calls pay no fee (`Pays::No`), as upstream.
 *
 * @example
 * ```ts
 * import { sudoPallet } from "./frame.ts";
 * console.assert(sudoPallet().name === "Sudo");
 * ```
 */
export function sudoPallet(): Pallet {
  const requireSudo = (ctx: { ensureSigned(): Uint8Array; storage: { get(p: string, i: string): Codec | null } }) => {
    const who = ctx.ensureSigned();
    const key = sudoKey(ctx.storage);
    if (!key || !sameBytes(key, who)) throw new DispatchError("Sudo", "RequireSudo");
    return who;
  };
  const resultValue = (ctx: DispatchContext, outcome: DispatchOutcome) =>
    outcome.ok ? { Ok: null } : { Err: outcome.error.toValue(ctx.runtime) };
  return {
    name: "Sudo",
    calls: {
      sudo: {
        paysFee: false,
        dispatch(ctx, args) {
          requireSudo(ctx);
          const outcome = ctx.dispatch(args.call, { kind: "root" });
          ctx.emit("Sudo", "Sudid", { sudo_result: resultValue(ctx, outcome) });
        },
      },
      sudo_unchecked_weight: {
        paysFee: false,
        dispatch(ctx, args) {
          requireSudo(ctx);
          const outcome = ctx.dispatch(args.call, { kind: "root" });
          ctx.emit("Sudo", "Sudid", { sudo_result: resultValue(ctx, outcome) });
        },
      },
      sudo_as: {
        paysFee: false,
        dispatch(ctx, args) {
          requireSudo(ctx);
          const origin: Origin = { kind: "signed", who: lookupAccount(args.who) };
          const outcome = ctx.dispatch(args.call, origin);
          ctx.emit("Sudo", "SudoAsDone", { sudo_result: resultValue(ctx, outcome) });
        },
      },
      set_key: {
        paysFee: false,
        dispatch(ctx, args) {
          const old = requireSudo(ctx);
          const next = lookupAccount(args.new);
          ctx.storage.set("Sudo", "Key", [], next);
          ctx.emit("Sudo", "KeyChanged", { old, new: next });
        },
      },
      remove_key: {
        paysFee: false,
        dispatch(ctx) {
          requireSudo(ctx);
          ctx.storage.remove("Sudo", "Key");
          ctx.emit("Sudo", "KeyRemoved", []);
        },
      },
    },
    genesis(ctx) {
      ctx.storage.set("Sudo", "Key", [], ctx.config.sudo);
    },
  };
}

/**
 * `Utility`: `batch` (stops at the first failure, `BatchInterrupted`), `batch_all` (all or
 * nothing) and `force_batch` (runs every call, `BatchCompletedWithErrors`).
 *
 * @example
 * ```ts
 * import { utilityPallet } from "./frame.ts";
 * console.assert(utilityPallet().name === "Utility");
 * ```
 */
export function utilityPallet(): Pallet {
  const callsOf = (value: Codec): Codec[] => [...(value as unknown as Iterable<Codec>)];
  return {
    name: "Utility",
    calls: {
      batch(ctx, args) {
        const calls = callsOf(args.calls);
        for (let i = 0; i < calls.length; i++) {
          const outcome = ctx.dispatch(calls[i], ctx.origin);
          if (!outcome.ok) {
            ctx.emit("Utility", "BatchInterrupted", { index: i, error: outcome.error.toValue(ctx.runtime) });
            return;
          }
          ctx.emit("Utility", "ItemCompleted", []);
        }
        ctx.emit("Utility", "BatchCompleted", []);
      },
      batch_all(ctx, args) {
        for (const call of callsOf(args.calls)) {
          const outcome = ctx.dispatch(call, ctx.origin);
          if (!outcome.ok) throw outcome.error;
          ctx.emit("Utility", "ItemCompleted", []);
        }
        ctx.emit("Utility", "BatchCompleted", []);
      },
      force_batch(ctx, args) {
        let failed = false;
        for (const call of callsOf(args.calls)) {
          const outcome = ctx.dispatch(call, ctx.origin);
          if (outcome.ok) ctx.emit("Utility", "ItemCompleted", []);
          else {
            failed = true;
            ctx.emit("Utility", "ItemFailed", { error: outcome.error.toValue(ctx.runtime) });
          }
        }
        ctx.emit("Utility", failed ? "BatchCompletedWithErrors" : "BatchCompleted", []);
      },
    },
  };
}
