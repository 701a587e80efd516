/**
 * `Balances` (pallet_balances with subtensor's `u64` balances): the {@link Currency} every pallet
 * moves TAO with, and the `transfer_*`, `burn` and root calls, with pallet_balances' checks and
 * events. Errors follow the fungible traits the current pallet uses: a transfer larger than what
 * may leave the account fails with `Token(FundsUnavailable)`, one that would create an account
 * below the existential deposit with `Token(BelowMinimum)`.
 *
 * @module
 */
import type { Codec } from "@polkadot/types/types";
import type { RuntimeMetadata } from "./metadata.ts";
import { type Currency, type DispatchContext, DispatchError, type GenesisContext, type Pallet } from "./pallet.ts";
import type { ChainStorage } from "./storage.ts";
import { type AccountInfo, NEW_ACCOUNT_FLAGS, readAccount, writeAccount } from "./system.ts";

type Emit = (pallet: string, event: string, fields?: Readonly<Record<string, unknown>> | readonly unknown[]) => void;

function addIssuance(storage: ChainStorage, delta: bigint): void {
  const now = BigInt(storage.get("Balances", "TotalIssuance")!.toString());
  storage.set("Balances", "TotalIssuance", [], now + delta);
}

/**
 * The {@link Currency} over `storage`, emitting through `emit`.
 *
 * @example
 * ```ts
 * import { loadRuntimeMetadata } from "./metadata.ts";
 * import { ChainStorage } from "./storage.ts";
 * import { createCurrency } from "./balances.ts";
 * const runtime = loadRuntimeMetadata();
 * const currency = createCurrency(new ChainStorage(runtime), runtime, () => {});
 * currency.deposit(new Uint8Array(32).fill(1), 1000n);
 * ```
 */
export function createCurrency(storage: ChainStorage, runtime: RuntimeMetadata, emit: Emit): Currency {
  const edOf = () => runtime.existentialDeposit;

  /** Takes `amount` out of `who`; reaps the account below ED unless `keepAlive`. */
  const take = (who: Uint8Array, amount: bigint, keepAlive: boolean): AccountInfo => {
    const acc = readAccount(storage, who);
    const usable = acc.free > acc.frozen ? acc.free - acc.frozen : 0n;
    const reducible = keepAlive ? (usable > edOf() ? usable - edOf() : 0n) : usable;
    if (amount > reducible) {
      throw DispatchError.token("FundsUnavailable", `free ${acc.free} RAO, asked ${amount} RAO`);
    }
    acc.free -= amount;
    return acc;
  };
  const reapIfDust = (who: Uint8Array, acc: AccountInfo): void => {
    if (acc.free < edOf() && acc.reserved === 0n && acc.providers > 0 && acc.consumers === 0) {
      const dust = acc.free;
      if (dust > 0n) {
        emit("Balances", "DustLost", { account: who, amount: dust });
        addIssuance(storage, -dust);
      }
      writeAccount(storage, who, { ...acc, free: 0n, providers: 0, nonce: 0 });
      emit("System", "KilledAccount", { account: who });
      return;
    }
    writeAccount(storage, who, acc);
  };
  const credit = (who: Uint8Array, amount: bigint): void => {
    const acc = readAccount(storage, who);
    const isNew = acc.providers === 0;
    if (isNew && amount < edOf()) {
      throw DispatchError.token("BelowMinimum", `${amount} RAO is below the existential deposit ${edOf()} RAO`);
    }
    acc.free += amount;
    if (isNew) {
      acc.providers = 1;
      acc.flags = NEW_ACCOUNT_FLAGS;
    }
    writeAccount(storage, who, acc);
    if (isNew) {
      emit("System", "NewAccount", { account: who });
      emit("Balances", "Endowed", { account: who, free_balance: amount });
    }
  };

  return {
    get existentialDeposit() {
      return edOf();
    },
    free: (who) => readAccount(storage, who).free,
    transfer(from, to, amount, keepAlive) {
      if (bytesEqual(from, to) || amount === 0n) {
        if (amount > readAccount(storage, from).free) throw DispatchError.token("FundsUnavailable");
        emit("Balances", "Transfer", { from, to, amount });
        return;
      }
      const src = take(from, amount, keepAlive);
      const dest = readAccount(storage, to);
      if (dest.providers === 0 && amount < edOf()) {
        throw DispatchError.token("BelowMinimum", `${amount} RAO is below the existential deposit ${edOf()} RAO`);
      }
      writeAccount(storage, from, src);
      credit(to, amount);
      emit("Balances", "Transfer", { from, to, amount });
      if (!keepAlive) reapIfDust(from, readAccount(storage, from));
    },
    withdraw(who, amount, keepAlive) {
      const acc = take(who, amount, keepAlive);
      writeAccount(storage, who, acc);
      addIssuance(storage, -amount);
      emit("Balances", "Withdraw", { who, amount });
      if (!keepAlive) reapIfDust(who, readAccount(storage, who));
    },
    deposit(who, amount) {
      credit(who, amount);
      addIssuance(storage, amount);
      emit("Balances", "Deposit", { who, amount });
    },
  };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Resolves a `MultiAddress` argument to an account id. Only `Id` is supported (there are no
 * indices on subtensor); other variants fail with `CannotLookup`.
 *
 * @example
 * ```ts
 * import { lookupAccount } from "./balances.ts";
 * // lookupAccount(args.dest) → Uint8Array(32)
 * ```
 */
export function lookupAccount(address: Codec): Uint8Array {
  const a = address as unknown as { type?: string; value?: Codec; toU8a(): Uint8Array };
  if (a.type === "Id" && a.value) return a.value.toU8a();
  if (a.type === undefined && a.toU8a().length === 32) return a.toU8a();
  throw DispatchError.of("CannotLookup", undefined, "only MultiAddress::Id is supported");
}

function amountOf(value: Codec): bigint {
  return BigInt(value.toString());
}

/**
 * The `Balances` pallet: genesis funding and the transfer calls.
 *
 * @example
 * ```ts
 * import { balancesPallet } from "./balances.ts";
 * console.assert(balancesPallet().name === "Balances");
 * ```
 */
export function balancesPallet(): Pallet {
  const transfer = (keepAlive: boolean) => (ctx: DispatchContext, args: Record<string, Codec>) => {
    const from = ctx.ensureSigned();
    ctx.currency.transfer(from, lookupAccount(args.dest), amountOf(args.value), keepAlive);
  };
  return {
    name: "Balances",
    calls: {
      transfer_allow_death: transfer(false),
      transfer_keep_alive: transfer(true),
      transfer_all(ctx, args) {
        const from = ctx.ensureSigned();
        const keepAlive = args.keep_alive.toJSON() === true;
        const free = ctx.currency.free(from);
        const amount = keepAlive
          ? (free > ctx.currency.existentialDeposit ? free - ctx.currency.existentialDeposit : 0n)
          : free;
        ctx.currency.transfer(from, lookupAccount(args.dest), amount, keepAlive);
      },
      force_transfer(ctx, args) {
        ctx.ensureRoot();
        ctx.currency.transfer(lookupAccount(args.source), lookupAccount(args.dest), amountOf(args.value), false);
      },
      force_set_balance(ctx, args) {
        ctx.ensureRoot();
        const who = lookupAccount(args.who);
        const target = amountOf(args.new_free);
        const free = ctx.currency.free(who);
        if (target > free) ctx.currency.deposit(who, target - free);
        else if (target < free) ctx.currency.withdraw(who, free - target, false);
        ctx.emit("Balances", "BalanceSet", { who, free: target });
      },
      burn(ctx, args) {
        const who = ctx.ensureSigned();
        const value = amountOf(args.value);
        ctx.currency.withdraw(who, value, args.keep_alive.toJSON() === true);
        ctx.emit("Balances", "Burned", { who, amount: value });
      },
    },
    genesis(ctx: GenesisContext) {
      let total = 0n;
      for (const a of ctx.config.accounts) {
        const acc = readAccount(ctx.storage, a.publicKey);
        acc.free += a.free;
        if (acc.providers === 0) {
          acc.providers = 1;
          acc.flags = NEW_ACCOUNT_FLAGS;
        }
        writeAccount(ctx.storage, a.publicKey, acc);
        total += a.free;
      }
      const before = BigInt(ctx.storage.get("Balances", "TotalIssuance")!.toString());
      ctx.storage.set("Balances", "TotalIssuance", [], before + total);
    },
  };
}
