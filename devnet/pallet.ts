/**
 * The contract every devnet pallet implements: call handlers, block hooks, genesis and runtime-API
 * handlers, all keyed by the names in the devnet metadata (`devnet/metadata.ts`).
 *
 * A pallet is a plain object:
 *
 * ```ts ignore
 * const myPallet: Pallet = {
 *   name: "SubtensorModule",                       // the metadata's pallet name
 *   calls: {
 *     set_weights: {                               // the metadata's call name (snake_case)
 *       paysFee: false,                            // Pays::No (spec/chain.md §1.1 "Fees")
 *       dispatch(ctx, args) {
 *         const hotkey = ctx.ensureSigned();       // throws DispatchError BadOrigin
 *         const netuid = (args.netuid as u16).toNumber();
 *         if (!ctx.storage.has("SubtensorModule", "NetworksAdded", netuid)) {
 *           throw new DispatchError("SubtensorModule", "SubnetNotExists");
 *         }
 *         ctx.storage.set("SubtensorModule", "Weights", [netuid, uid], pairs);
 *         ctx.emit("SubtensorModule", "WeightsSet", [netuid, uid]);
 *       },
 *     },
 *   },
 *   onInitialize(ctx) { … },                       // every block, before extrinsics
 *   genesis(ctx) { … },                            // once, when the chain is created
 *   runtimeApis: {
 *     NeuronInfoRuntimeApi_get_neurons_lite(ctx, [netuid]) { return ctx.encodeOutput(neurons); },
 *   },
 * };
 * ```
 *
 * Rules the runtime enforces (`devnet/runtime.ts`):
 * - A call runs inside a storage transaction: when the handler throws a {@link DispatchError}, its
 *   writes and events are discarded and the extrinsic ends with `System.ExtrinsicFailed` carrying
 *   that error (a module error the client decodes by name). Its fee and nonce stay paid.
 * - Any error object with `kind: "Module"`, `pallet` and `error` strings counts as a module error
 *   (so a pallet may keep its own error class); `kind: "BadOrigin"` / `"Other"` likewise.
 * - Anything else a handler throws is a devnet bug: the extrinsic fails with
 *   `DispatchError::Other` and the error is logged.
 * - Calls that exist in the metadata but that no pallet implements fail with
 *   `DispatchError::Other` (`System.ExtrinsicFailed`), so clients see a clear dispatch error.
 * - `validate` (optional) runs at submission and again before inclusion; throwing
 *   {@link InvalidTransaction} rejects the extrinsic with RPC error 1010, as a subtensor
 *   transaction extension does.
 * - Handlers are synchronous and deterministic: time comes from `ctx.timestampMs`/`ctx.blockNumber`.
 *
 * The framework ships `System`, `Timestamp`, `Balances`, `TransactionPayment`, `Sudo` and
 * `Utility`. Other pallets (`SubtensorModule`, `AdminUtils`) are passed to `startDevnet({ pallets })`.
 *
 * @module
 */
import type { Codec } from "@polkadot/types/types";
import type { Logger } from "../protocol/logger.ts";
import type { RuntimeMetadata } from "./metadata.ts";
import type { ChainStorage, StorageReader } from "./storage.ts";

/** Who dispatches a call. */
export type Origin =
  | { readonly kind: "signed"; readonly who: Uint8Array }
  | { readonly kind: "root" }
  | { readonly kind: "none" };

/** The non-module variants of `sp_runtime::DispatchError`, by their metadata names. */
export type DispatchErrorKind =
  | "Other"
  | "CannotLookup"
  | "BadOrigin"
  | "Module"
  | "ConsumerRemaining"
  | "NoProviders"
  | "TooManyConsumers"
  | "Token"
  | "Arithmetic"
  | "Transactional"
  | "Exhausted"
  | "Corruption"
  | "Unavailable"
  | "RootNotAllowed";

/** `sp_runtime::TokenError` variants. */
export type TokenErrorKind =
  | "FundsUnavailable"
  | "OnlyProvider"
  | "BelowMinimum"
  | "CannotCreate"
  | "UnknownAsset"
  | "Frozen"
  | "Unsupported"
  | "CannotCreateHold"
  | "NotExpendable"
  | "Blocked";

/** `sp_arithmetic::ArithmeticError` variants. */
export type ArithmeticErrorKind = "Underflow" | "Overflow" | "DivisionByZero";

/**
 * A call failed: the extrinsic is included and ends with `System.ExtrinsicFailed` carrying this
 * error. Module errors name the pallet and the error variant exactly as the metadata does, so
 * `api.registry.findMetaError` decodes them (`SubtensorModule.NotRegistered`).
 *
 * @example
 * ```ts
 * import { DispatchError } from "./pallet.ts";
 * const err = new DispatchError("Balances", "InsufficientBalance");
 * console.assert(err.kind === "Module" && err.error === "InsufficientBalance");
 * ```
 */
export class DispatchError extends Error {
  /** The `DispatchError` variant. */
  readonly kind: DispatchErrorKind;
  /** For `Module`: the pallet name (`SubtensorModule`). */
  readonly pallet: string | undefined;
  /** For `Module`: the error variant name; for `Token`/`Arithmetic`: the inner variant. */
  readonly error: string | undefined;

  /**
   * A module error of `pallet`, named as in the metadata. (The static helpers build the other
   * variants; for those `kind` is given and `pallet` is ignored.)
   *
   * @param pallet the pallet name (`SubtensorModule`)
   * @param error the error variant (`NotRegistered`), or the inner variant for `Token`/`Arithmetic`
   * @param detail extra context for logs (never shown on chain)
   * @param kind the `DispatchError` variant, `Module` unless a static helper builds another
   */
  constructor(pallet: string, error: string | undefined, detail?: string, kind: DispatchErrorKind = "Module") {
    const name = kind === "Module" ? `${pallet}.${error}` : `${kind}${error ? `.${error}` : ""}`;
    super(`${name}${detail ? ` (${detail})` : ""}`);
    this.name = "DispatchError";
    this.kind = kind;
    this.pallet = kind === "Module" ? pallet : undefined;
    this.error = error;
  }

  /** A non-module error such as `BadOrigin`, or `Token`/`Arithmetic` with their inner variant. */
  static of(kind: Exclude<DispatchErrorKind, "Module">, inner?: string, detail?: string): DispatchError {
    return new DispatchError("", inner, detail, kind);
  }

  /** `DispatchError::BadOrigin`: wrong or missing origin. */
  static badOrigin(detail?: string): DispatchError {
    return DispatchError.of("BadOrigin", undefined, detail);
  }

  /** `DispatchError::Token(kind)`, such as `FundsUnavailable` for a transfer larger than the balance. */
  static token(kind: TokenErrorKind, detail?: string): DispatchError {
    return DispatchError.of("Token", kind, detail);
  }

  /** `DispatchError::Arithmetic(kind)`. */
  static arithmetic(kind: ArithmeticErrorKind, detail?: string): DispatchError {
    return DispatchError.of("Arithmetic", kind, detail);
  }

  /** `DispatchError::Other`: the devnet does not implement the call, or a bug. */
  static other(detail?: string): DispatchError {
    return DispatchError.of("Other", undefined, detail);
  }

  /** The value `registry.createType("SpRuntimeDispatchError"-shaped type, …)` accepts. */
  toValue(runtime: RuntimeMetadata): unknown {
    switch (this.kind) {
      case "Module": {
        const index = runtime.pallet(this.pallet!).index;
        const error = runtime.error(this.pallet!, this.error!).index;
        return { Module: { index, error: [error, 0, 0, 0] } };
      }
      case "Token":
      case "Arithmetic":
        return { [this.kind]: this.error };
      default:
        return { [this.kind]: null };
    }
  }
}

/** `sp_runtime::InvalidTransaction` variants (how a real node names why it rejects a transaction). */
export type InvalidTransactionKind =
  | "Call"
  | "Payment"
  | "Future"
  | "Stale"
  | "BadProof"
  | "AncientBirthBlock"
  | "ExhaustsResources"
  | "Custom"
  | "BadMandatory"
  | "MandatoryValidation"
  | "BadSigner";

/** The messages a Substrate node puts in RPC error 1010's `data`, by variant. */
export const INVALID_TRANSACTION_MESSAGES: Readonly<Record<InvalidTransactionKind, string>> = Object.freeze({
  Call: "Transaction call is not expected",
  Payment: "Inability to pay some fees (e.g. account balance too low)",
  Future: "Transaction will be valid in the future",
  Stale: "Transaction is outdated",
  BadProof: "Transaction has a bad signature",
  AncientBirthBlock: "Transaction has an ancient birth block",
  ExhaustsResources: "Transaction would exhaust the block limits",
  Custom: "Custom error",
  BadMandatory: "A call was labelled as mandatory, but resulted in an Error.",
  MandatoryValidation: "Transaction dispatch is mandatory; transactions must not be validated.",
  BadSigner: "Invalid signing address",
});

/**
 * A transaction is invalid and never enters a block: submission answers JSON-RPC error 1010
 * (`Invalid Transaction`), as a Substrate node does. `Custom` carries subtensor's custom code.
 *
 * @example
 * ```ts
 * import { InvalidTransaction } from "./pallet.ts";
 * const err = new InvalidTransaction("Stale");
 * console.assert(err.rpcData === "Transaction is outdated");
 * ```
 */
export class InvalidTransaction extends Error {
  /** The `InvalidTransaction` variant. */
  readonly kind: InvalidTransactionKind;
  /** For `Custom`: the code (`u8`). */
  readonly code: number | undefined;

  /**
   * Creates the error.
   *
   * @param kind the variant
   * @param code for `Custom`, the code
   * @param detail extra context for logs
   */
  constructor(kind: InvalidTransactionKind, code?: number, detail?: string, note?: string) {
    super(`Invalid transaction: ${kind}${code !== undefined ? ` ${code}` : ""}${detail ? ` (${detail})` : ""}`);
    this.name = "InvalidTransaction";
    this.kind = kind;
    this.code = code;
    this.note = note;
  }

  /** A devnet-only explanation appended to the RPC error's `data` (a node sends none). */
  readonly note: string | undefined;

  /** The text a node puts in the RPC error's `data` (plus the devnet's {@link note}, if any). */
  get rpcData(): string {
    const text = INVALID_TRANSACTION_MESSAGES[this.kind];
    const base = this.kind === "Custom" ? `${text}: ${this.code ?? 0}` : text;
    return this.note ? `${base}: ${this.note}` : base;
  }
}

/** A weight (`sp_weights::Weight`). */
export interface Weight {
  /** Picoseconds of execution. */
  readonly refTime: bigint;
  /** Bytes of proof. */
  readonly proofSize: bigint;
}

/** The decoded arguments of a call, keyed by the metadata's field names (snake_case). */
export type CallArgs = Readonly<Record<string, Codec>>;

/** A decoded call: which pallet and call, its arguments, and its SCALE bytes. */
export interface DecodedCall {
  /** The pallet name (`Balances`). */
  readonly pallet: string;
  /** The call name (`transfer_keep_alive`). */
  readonly name: string;
  /** The arguments by field name. */
  readonly args: CallArgs;
  /** The encoded call (`pallet index ++ call index ++ args`). */
  readonly encoded: Uint8Array;
}

/** What a nested dispatch returned. */
export type DispatchOutcome = { readonly ok: true } | { readonly ok: false; readonly error: DispatchError };

/**
 * Moving balance (`Balances` free balance, `u64` RAO). Every method checks before it writes and
 * throws {@link DispatchError} on failure; it emits the same `Balances` events as pallet_balances.
 */
export interface Currency {
  /** The existential deposit (`Balances.ExistentialDeposit`, 500 RAO on subtensor). */
  readonly existentialDeposit: bigint;
  /** The free balance of `who`. */
  free(who: Uint8Array): bigint;
  /**
   * Moves `amount` from `from` to `to`. `keepAlive` refuses to take `from` below the existential
   * deposit (`Token(FundsUnavailable)`/`Token(NotExpendable)`), as `transfer_keep_alive` does.
   */
  transfer(from: Uint8Array, to: Uint8Array, amount: bigint, keepAlive: boolean): void;
  /** Takes `amount` out of `who` and out of total issuance (a burn; emits `Balances.Withdraw`). */
  withdraw(who: Uint8Array, amount: bigint, keepAlive: boolean): void;
  /** Adds `amount` to `who` and to total issuance (a mint; emits `Balances.Deposit`). */
  deposit(who: Uint8Array, amount: bigint): void;
}

/** The context of a call, a block hook or genesis: state, time, origin and event emission. */
export interface DispatchContext {
  /** The metadata and registry (`ctx.runtime.registry.createType(…)`). */
  readonly runtime: RuntimeMetadata;
  /** The live state. Inside a call, writes roll back if the call throws. */
  readonly storage: ChainStorage;
  /** The number of the block being built. */
  readonly blockNumber: number;
  /** The timestamp of the block being built (ms since the epoch, `Timestamp.Now`). */
  readonly timestampMs: number;
  /** Who dispatched: a signed account, root (via `Sudo`), or none (hooks, genesis). */
  readonly origin: Origin;
  /** Balance moves with pallet_balances' checks and events. */
  readonly currency: Currency;
  /** Where the devnet logs. */
  readonly logger: Logger;
  /** The signer's 32-byte account id; throws `DispatchError` `BadOrigin` for other origins. */
  ensureSigned(): Uint8Array;
  /** Throws `DispatchError` `BadOrigin` unless the origin is root. */
  ensureRoot(): void;
  /**
   * Deposits event `pallet.event` with its fields, by name (`{ netuid: 1, uid: 3 }`) or in order
   * (`[1, 3]`); values are anything `registry.createType(fieldType, …)` accepts. Events of a call
   * that fails are discarded.
   */
  emit(pallet: string, event: string, fields?: Readonly<Record<string, unknown>> | readonly unknown[]): void;
  /** Deposits event `pallet.event` whose fields are already SCALE-encoded, concatenated in order. */
  emitEncoded(pallet: string, event: string, data: Uint8Array): void;
  /**
   * Dispatches an encoded call (a `Call` codec or its bytes) with `origin`, in its own storage
   * transaction (what `Sudo.sudo` and `Utility.batch` do).
   */
  dispatch(call: Codec | Uint8Array, origin: Origin): DispatchOutcome;
}

/** What genesis builders receive: the dispatch context plus the chain's configuration. */
export interface GenesisContext extends DispatchContext {
  /** The devnet's genesis configuration. */
  readonly config: GenesisConfig;
}

/** One account funded at genesis. */
export interface GenesisAccount {
  /** The 32-byte account id. */
  readonly publicKey: Uint8Array;
  /** Its free balance in RAO. */
  readonly free: bigint;
  /** A name for logs (`//Alice`). */
  readonly name?: string;
}

/** The devnet's genesis configuration (from `startDevnet` options and the CLI). */
export interface GenesisConfig {
  /** Accounts funded at genesis (`//Alice` … `//Ferdie` by default). */
  readonly accounts: readonly GenesisAccount[];
  /** The sudo key (`//Alice` by default). */
  readonly sudo: Uint8Array;
  /** Tempo of the genesis subnet (`--tempo`, default 10). */
  readonly tempo: number;
  /** The seed of any randomness (`--seed`, default 0). */
  readonly seed: number;
  /** Extra settings for pallets, by name (free-form; each pallet documents what it reads). */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** A call handler: checks, then writes; throws {@link DispatchError} to fail the call. */
export type CallHandler = (ctx: DispatchContext, args: CallArgs) => void;

/** A call with its dispatch information. */
export interface CallSpec {
  /** Runs the call. */
  readonly dispatch: CallHandler;
  /** Whether the signer pays the fee (default `true`; weight, serving and commit calls are `Pays::No`). */
  readonly paysFee?: boolean;
  /** Its weight (default: `DEFAULT_CALL_WEIGHT`). */
  readonly weight?: Weight;
  /** Dispatch class (default `Normal`). */
  readonly class?: "Normal" | "Operational" | "Mandatory";
  /**
   * Optional pool-level check (subtensor's transaction extension): throw {@link InvalidTransaction}
   * to reject the transaction before inclusion. Must not write.
   */
  readonly validate?: (ctx: DispatchContext, args: CallArgs) => void;
}

/** What a runtime-API handler gets: state at the queried block, read-only. */
export interface RuntimeApiContext {
  /** The metadata and registry. */
  readonly runtime: RuntimeMetadata;
  /** State at the block the call is made at. */
  readonly storage: StorageReader;
  /** That block's number. */
  readonly blockNumber: number;
  /** Encodes `value` as this method's output type (from the metadata). */
  encodeOutput(value: unknown): Uint8Array;
}

/**
 * A runtime-API method: takes the decoded parameters (types from the metadata) and returns the
 * SCALE-encoded output (use `ctx.encodeOutput`).
 */
export type RuntimeApiHandler = (ctx: RuntimeApiContext, args: readonly Codec[]) => Uint8Array;

/** A devnet pallet. See the module documentation for the rules. */
export interface Pallet {
  /** The pallet name, as in the metadata (`SubtensorModule`). */
  readonly name: string;
  /** Call handlers by the metadata's call name (`set_weights`). */
  readonly calls?: Readonly<Record<string, CallHandler | CallSpec>>;
  /** Runtime-API handlers by `state_call` name (`NeuronInfoRuntimeApi_get_neurons_lite`). */
  readonly runtimeApis?: Readonly<Record<string, RuntimeApiHandler>>;
  /** Runs at the start of every block, before extrinsics (events get phase `Initialization`). */
  readonly onInitialize?: (ctx: DispatchContext) => void;
  /** Runs at the end of every block, after extrinsics (events get phase `Finalization`). */
  readonly onFinalize?: (ctx: DispatchContext) => void;
  /** Writes the pallet's genesis state. Pallets run in the order given. */
  readonly genesis?: (ctx: GenesisContext) => void;
  /**
   * Pays a signed call's fee (RAO) that its signer's free balance cannot (subtensor takes an unstake's fee
   * from the stake it moves, in alpha); returns whether it did. With `dryRun` it only answers whether it
   * could, writing nothing (the pool's check).
   */
  readonly payFee?: (ctx: DispatchContext, call: DecodedCall, fee: bigint, dryRun: boolean) => boolean;
}

/** The weight a call gets when its spec names none. */
export const DEFAULT_CALL_WEIGHT: Weight = Object.freeze({ refTime: 200_000_000n, proofSize: 4_000n });
