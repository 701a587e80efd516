/**
 * A pallet context over an in-memory state for this folder's unit tests: balances in a map, events
 * in a list, the block number settable.
 *
 * @module
 */
import { DEFAULT_SUBTENSOR_CONFIG, type PalletContext, type SubtensorConfig } from "./context.ts";
import { blockStep } from "./coinbase.ts";
import { writeSubtensorGenesis } from "./genesis.ts";
import type { DispatchError } from "../pallet.ts";
import { MapStorage, TypedStore } from "./store.ts";

/** A test account: 32 bytes filled with `n`. */
export function account(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

/** A test chain: state, balances, events and a block number. */
export class TestContext implements PalletContext {
  readonly store: TypedStore = new TypedStore(new MapStorage());
  block = 1;
  readonly events: [string, string, readonly unknown[]][] = [];
  readonly free: Map<string, bigint> = new Map();
  config: SubtensorConfig = { ...DEFAULT_SUBTENSOR_CONFIG };
  readonly balances: PalletContext["balances"] = {
    free: (who) => this.free.get(who.join()) ?? 0n,
    withdraw: (who, amount) => {
      const have = this.free.get(who.join()) ?? 0n;
      if (have < amount) throw new Error("test balance underflow");
      this.free.set(who.join(), have - amount);
    },
    deposit: (who, amount) => this.free.set(who.join(), (this.free.get(who.join()) ?? 0n) + amount),
  };

  /** Genesis with //Alice-like owner `account(1)` funded, plus `funded` accounts. */
  constructor(options: { funded?: number[]; tempo?: number; netuid?: number } = {}) {
    writeSubtensorGenesis(this.store, account(1), { tempo: options.tempo ?? 10, netuid: options.netuid });
    for (const n of [1, ...(options.funded ?? [])]) this.free.set(account(n).join(), 1_000_000_000_000_000n);
  }

  /** Starts the next block: its number, then the per-block step (emission, due epochs). Returns epochs run. */
  next(): number[] {
    this.block++;
    return blockStep(this);
  }

  /** Advances until `block` is the current block. */
  advanceTo(block: number): void {
    while (this.block < block) this.next();
  }

  emit(pallet: string, name: string, fields: readonly unknown[]): void {
    this.events.push([pallet, name, fields]);
  }
}

/** Runs `fn` and returns the name of the dispatch error it throws (`"ok"` when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    const err = e as DispatchError;
    if (err.name !== "DispatchError") throw e;
    return err.kind === "Module" ? err.error! : err.kind;
  }
}
