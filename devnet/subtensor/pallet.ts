/**
 * SubtensorModule and AdminUtils as devnet pallets (`devnet/pallet.ts` contract): calls decoded with
 * the finney metadata and dispatched to this folder's logic, the pool-level checks subtensor's
 * transaction extension makes, the per-block step (emission and epochs), genesis, and the runtime APIs.
 *
 * @module
 */
import type { Codec } from "@polkadot/types/types";
import {
  type CallArgs,
  type CallSpec,
  type DispatchContext,
  InvalidTransaction,
  type Pallet,
  type RuntimeApiContext,
  type RuntimeApiHandler,
} from "../pallet.ts";
import type { StorageKeyHex, StorageReader } from "../storage.ts";
import { ADMIN_SETTERS, ensureAdminCall, runAdminSetter } from "./admin.ts";
import { setEmissionSplit, setMechanismCount } from "./mechanism.ts";
import { registrationRateGuard, weightsRateLimitGuard } from "./guards.ts";
import { canPayFeeInAlpha, payFeeInAlpha } from "./alpha_fee.ts";
import { commitmentsPallet } from "./commitments.ts";
import { setIdentity } from "./identity.ts";
import { moveStake, transferStake, unstakeAll } from "./stake_moves.ts";
import { blockStep } from "./coinbase.ts";
import { commitWeights, type RevealArgs, revealPoolCheck, revealWeights } from "./commit_reveal.ts";
import { DEFAULT_SUBTENSOR_CONFIG, type PalletContext, type SubtensorConfig } from "./context.ts";
import { type GenesisSubnetOptions, writeSubtensorGenesis } from "./genesis.ts";
import { S, type SubnetIdentityV3 } from "./items.ts";
import { ownerUid, uidOf } from "./neurons.ts";
import { registerNetwork, startCall } from "./network.ts";
import { burnedRegister } from "./registration.ts";
import {
  encodeAllDynamicInfo,
  encodeDynamicInfo,
  encodeHyperparams,
  encodeNetworkRegistrationCost,
  encodeNeuron,
  encodeNeurons,
  encodeSubnetInfo,
  encodeSubnetsInfo,
  encodeSubnetState,
} from "./runtime_api.ts";
import { serveAxon, type ServeAxonArgs, servePrometheus, validateServeAxon } from "./serving.ts";
import { addStake, removeStake, weightStake } from "./stake.ts";
import { type RawStorage, TypedStore } from "./store.ts";
import { setWeights } from "./weights.ts";
import {
  encodeAllMechagraphs,
  encodeAllMetagraphs,
  encodeMechagraph,
  encodeMetagraph,
  encodeSelectiveMetagraph,
} from "./metagraph_api.ts";
import {
  encodeCurrentAlphaPrice,
  encodeSimSwap,
  encodeStakeFee,
  encodeStakeInfo,
  encodeStakeInfoForColdkey,
  encodeStakeInfoForColdkeys,
} from "./stake_api.ts";
import type { DispatchError } from "../pallet.ts";

/** Options of the SubtensorModule / AdminUtils pallets. */
export interface SubtensorPalletOptions extends Partial<SubtensorConfig> {
  /** The genesis subnet's hyperparameters (its tempo defaults to the devnet's `--tempo`). */
  genesis?: GenesisSubnetOptions;
}

/** subtensor's `CustomTransactionError` codes (`common/src/transaction_error.rs`), by name. */
export const CUSTOM_TRANSACTION_ERRORS: Readonly<Record<string, number>> = Object.freeze({
  StakeAmountTooLow: 1,
  BalanceTooLow: 2,
  SubnetNotExists: 3,
  HotkeyAccountDoesntExist: 4,
  NotEnoughStakeToWithdraw: 5,
  RateLimitExceeded: 6,
  InsufficientLiquidity: 7,
  SlippageTooHigh: 8,
  TransferDisallowed: 9,
  HotKeyNotRegisteredInNetwork: 10,
  InvalidIpAddress: 11,
  ServingRateLimitExceeded: 12,
  InvalidPort: 13,
  CommitNotFound: 16,
  CommitBlockNotInRevealRange: 17,
  InputLengthsUnequal: 18,
  UidNotFound: 19,
  BadRequest: 255,
});

/** Maps a SubtensorModule error met at pool level to the custom code a node answers (`result_to_validity`). */
function poolReject(error: DispatchError): InvalidTransaction {
  const byError: Record<string, string> = {
    AmountTooLow: "StakeAmountTooLow",
    NotEnoughStakeToSetWeights: "StakeAmountTooLow",
    SubnetNotExists: "SubnetNotExists",
    NotEnoughBalanceToStake: "BalanceTooLow",
    HotKeyAccountNotExists: "HotkeyAccountDoesntExist",
    NotEnoughStakeToWithdraw: "NotEnoughStakeToWithdraw",
    HotKeyNotRegisteredInNetwork: "HotKeyNotRegisteredInNetwork",
    InvalidIpAddress: "InvalidIpAddress",
    ServingRateLimitExceeded: "ServingRateLimitExceeded",
    InvalidPort: "InvalidPort",
  };
  const name = byError[error.error ?? ""] ?? "BadRequest";
  return new InvalidTransaction("Custom", CUSTOM_TRANSACTION_ERRORS[name], `${name}: ${error.message}`);
}

class ReaderRaw implements RawStorage {
  readonly #s: StorageReader & {
    setRaw?: (k: StorageKeyHex, v: Uint8Array) => void;
    removeRaw?: (k: StorageKeyHex) => void;
  };
  constructor(s: StorageReader) {
    this.#s = s;
  }
  get(key: string): Uint8Array | undefined {
    return this.#s.getRaw(key as StorageKeyHex) ?? undefined;
  }
  set(key: string, value: Uint8Array): void {
    if (!this.#s.setRaw) throw new Error("Cannot write storage from a runtime API: the state is read-only");
    this.#s.setRaw(key as StorageKeyHex, value);
  }
  delete(key: string): void {
    if (!this.#s.removeRaw) throw new Error("Cannot write storage from a runtime API: the state is read-only");
    this.#s.removeRaw(key as StorageKeyHex);
  }
  keys(prefix: string): string[] {
    return this.#s.entriesRaw(prefix as StorageKeyHex).map(([k]) => k);
  }
}

/** A typed store over the framework's state (live or a snapshot). */
export function storeOf(storage: StorageReader): TypedStore {
  return new TypedStore(new ReaderRaw(storage));
}

function palletContext(ctx: DispatchContext, config: Readonly<SubtensorConfig>): PalletContext {
  return {
    store: storeOf(ctx.storage),
    block: ctx.blockNumber,
    balances: {
      free: (who) => ctx.currency.free(who),
      withdraw: (who, amount) => ctx.currency.withdraw(who, amount, false),
      deposit: (who, amount) => ctx.currency.deposit(who, amount),
      reducible: (who) => {
        const spare = ctx.currency.free(who) - ctx.runtime.existentialDeposit;
        return spare > 0n ? spare : 0n;
      },
    },
    emit: (pallet, name, fields) => ctx.emit(pallet, name, fields),
    config,
  };
}

// Argument decoding (the framework hands over metadata-typed codecs).
const num = (c: Codec): number => {
  const n = c as unknown as { toNumber?: () => number };
  return typeof n.toNumber === "function" ? n.toNumber() : Number(c.toString());
};
const big = (c: Codec): bigint => BigInt(c.toString());
const nums = (c: Codec): number[] => (c as unknown as Codec[]).map(num);
const bytes32 = (c: Codec): Uint8Array => c.toU8a();

/** The `mecid` of a mechanism call (0 for the plain calls, which have none). */
const mecidOf = (args: CallArgs): number => (args.mecid === undefined ? 0 : num(args.mecid));

/** The netuid of an `Option<(AccountId, NetUid)>`, or `undefined` for `None`. */
function optionNetuid(c: Codec | undefined): number | undefined {
  const opt = c as unknown as { isSome?: boolean; unwrap(): Codec[] } | undefined;
  return opt?.isSome ? num(opt.unwrap()[1]) : undefined;
}

/** `Option<Vec<u16>>` as a list, or `undefined` for `None`. */
function optionalU16s(c: Codec): number[] | undefined {
  const opt = c as unknown as { isSome: boolean; unwrap(): Codec };
  return opt.isSome ? nums(opt.unwrap()) : undefined;
}

function revealArgs(args: CallArgs): RevealArgs {
  return {
    netuid: num(args.netuid),
    mecid: mecidOf(args),
    uids: nums(args.uids),
    values: nums(args.values),
    salt: nums(args.salt),
    versionKey: big(args.version_key),
  };
}

function axonArgs(args: CallArgs): ServeAxonArgs {
  return {
    netuid: num(args.netuid),
    version: num(args.version),
    ip: big(args.ip),
    port: num(args.port),
    ipType: num(args.ip_type),
    protocol: num(args.protocol),
    placeholder1: num(args.placeholder1),
    placeholder2: num(args.placeholder2),
  };
}

function identityArg(c: Codec | undefined): SubnetIdentityV3 | undefined {
  if (!c) return undefined;
  const opt = c as unknown as { isSome: boolean; unwrap(): { get(k: string): Codec | undefined } };
  if (!opt.isSome) return undefined;
  const s = opt.unwrap();
  const f = (k: string) => s.get(k)?.toU8a(true) ?? new Uint8Array();
  return {
    subnetName: f("subnetName"),
    githubRepo: f("githubRepo"),
    subnetContact: f("subnetContact"),
    subnetUrl: f("subnetUrl"),
    discord: f("discord"),
    description: f("description"),
    logoUrl: f("logoUrl"),
    additional: f("additional"),
  };
}

/**
 * The SubtensorModule, AdminUtils and Commitments pallets for `startDevnet({ pallets })`.
 *
 * @example
 * ```ts
 * import { subtensorPallets } from "./pallet.ts";
 * const [subtensor, admin] = subtensorPallets({ allowLocalIp: true });
 * console.assert(subtensor.name === "SubtensorModule" && admin.name === "AdminUtils");
 * ```
 */
export function subtensorPallets(options: SubtensorPalletOptions = {}): Pallet[] {
  const config: Readonly<SubtensorConfig> = Object.freeze({
    allowLocalIp: options.allowLocalIp ?? DEFAULT_SUBTENSOR_CONFIG.allowLocalIp,
    legacyEpoch: options.legacyEpoch ?? DEFAULT_SUBTENSOR_CONFIG.legacyEpoch,
  });
  const signed = (
    run: (p: PalletContext, who: Uint8Array, args: CallArgs) => void,
    extra: Partial<CallSpec> = {},
  ): CallSpec => ({
    ...extra,
    dispatch(ctx, args) {
      const who = ctx.ensureSigned();
      run(palletContext(ctx, config), who, args);
    },
  });
  /** subtensor's weights min-stake pool check (Custom 1). */
  const minStakeCheck = (ctx: DispatchContext, args: CallArgs) => {
    if (ctx.origin.kind !== "signed") return;
    const st = storeOf(ctx.storage);
    const netuid = num(args.netuid);
    const who = ctx.origin.who;
    const uid = uidOf(st, netuid, who);
    if (uid !== undefined && uid === ownerUid(st, netuid)) return;
    if (weightStake(st, netuid, who) < st.get(S.StakeThreshold)) {
      throw new InvalidTransaction("Custom", CUSTOM_TRANSACTION_ERRORS.StakeAmountTooLow, "stake below StakeThreshold");
    }
  };
  /** Min stake (Custom 1), then the weights rate limit (Custom 6) for `set` and `commit` calls. */
  const weightsCall = (
    run: (p: PalletContext, who: Uint8Array, args: CallArgs) => void,
    kind: "set" | "commit",
  ): CallSpec =>
    signed(run, {
      paysFee: false,
      validate(ctx, args) {
        minStakeCheck(ctx, args);
        if (ctx.origin.kind !== "signed") return;
        const call = { netuid: num(args.netuid), mecid: mecidOf(args), kind };
        const why = weightsRateLimitGuard(storeOf(ctx.storage), ctx.blockNumber, ctx.origin.who, call);
        if (why) throw new InvalidTransaction("Custom", CUSTOM_TRANSACTION_ERRORS.RateLimitExceeded, why);
      },
    });
  const registerValidate = (ctx: DispatchContext, args: CallArgs) => {
    if (ctx.origin.kind !== "signed") return;
    const why = registrationRateGuard(storeOf(ctx.storage), num(args.netuid));
    if (why) throw new InvalidTransaction("Custom", CUSTOM_TRANSACTION_ERRORS.RateLimitExceeded, why);
  };

  const setW = (p: PalletContext, who: Uint8Array, args: CallArgs) => {
    setWeights(p, who, {
      netuid: num(args.netuid),
      mecid: mecidOf(args),
      dests: nums(args.dests),
      weights: nums(args.weights),
      versionKey: big(args.version_key),
    });
  };
  const commitW = (p: PalletContext, who: Uint8Array, args: CallArgs) => {
    commitWeights(p, who, { netuid: num(args.netuid), mecid: mecidOf(args), commitHash: bytes32(args.commit_hash) });
  };
  const revealW = (p: PalletContext, who: Uint8Array, args: CallArgs) => {
    revealWeights(p, who, revealArgs(args));
  };
  const revealValidate = (ctx: DispatchContext, args: CallArgs) => {
    minStakeCheck(ctx, args);
    if (ctx.origin.kind !== "signed") return;
    const fail = revealPoolCheck(storeOf(ctx.storage), config, ctx.blockNumber, ctx.origin.who, revealArgs(args));
    if (fail) throw new InvalidTransaction("Custom", CUSTOM_TRANSACTION_ERRORS[fail], fail);
  };
  const serveValidate = (ctx: DispatchContext, args: CallArgs) => {
    if (ctx.origin.kind !== "signed") return;
    try {
      validateServeAxon(storeOf(ctx.storage), config, ctx.blockNumber, ctx.origin.who, axonArgs(args));
    } catch (e) {
      if (e instanceof Error && e.name === "DispatchError") throw poolReject(e as DispatchError);
      throw e;
    }
  };
  const register = (p: PalletContext, who: Uint8Array, args: CallArgs) => {
    burnedRegister(p, who, { netuid: num(args.netuid), hotkey: bytes32(args.hotkey) });
  };

  const subtensor: Pallet = {
    name: "SubtensorModule",
    calls: {
      set_weights: weightsCall(setW, "set"),
      set_mechanism_weights: weightsCall(setW, "set"),
      commit_weights: weightsCall(commitW, "commit"),
      commit_mechanism_weights: weightsCall(commitW, "commit"),
      reveal_weights: signed(revealW, { paysFee: false, validate: revealValidate }),
      reveal_mechanism_weights: signed(revealW, { paysFee: false, validate: revealValidate }),
      serve_axon: signed((p, who, args) => serveAxon(p, who, axonArgs(args)), {
        paysFee: false,
        validate: serveValidate,
      }),
      serve_axon_tls: signed((p, who, args) => serveAxon(p, who, axonArgs(args)), {
        paysFee: false,
        validate: serveValidate,
      }),
      serve_prometheus: signed((p, who, args) =>
        servePrometheus(p, who, {
          netuid: num(args.netuid),
          version: num(args.version),
          ip: big(args.ip),
          port: num(args.port),
          ipType: num(args.ip_type),
        }), { paysFee: false }),
      burned_register: signed(register, { validate: registerValidate }),
      register: signed(register, { validate: registerValidate }),
      register_network: signed((p, who, args) => {
        registerNetwork(p, who, { hotkey: bytes32(args.hotkey), tempo: options.genesis?.tempo ?? 10 });
      }),
      register_network_with_identity: signed((p, who, args) => {
        registerNetwork(p, who, {
          hotkey: bytes32(args.hotkey),
          identity: identityArg(args.identity),
          tempo: options.genesis?.tempo ?? 10,
        });
      }),
      start_call: signed((p, who, args) => startCall(p, who, { netuid: num(args.netuid) })),
      add_stake: signed((p, who, args) => {
        addStake(p, who, { hotkey: bytes32(args.hotkey), netuid: num(args.netuid), amount: big(args.amount_staked) });
      }),
      add_stake_limit: signed((p, who, args) => {
        addStake(p, who, {
          hotkey: bytes32(args.hotkey),
          netuid: num(args.netuid),
          amount: big(args.amount_staked),
          limitPrice: big(args.limit_price),
          allowPartial: args.allow_partial.toJSON() === true,
        });
      }),
      remove_stake: signed((p, who, args) => {
        removeStake(p, who, {
          hotkey: bytes32(args.hotkey),
          netuid: num(args.netuid),
          amount: big(args.amount_unstaked),
        });
      }),
      unstake_all: signed((p, who, args) => unstakeAll(p, who, bytes32(args.hotkey))),
      move_stake: signed((p, who, args) => {
        moveStake(p, who, {
          originHotkey: bytes32(args.origin_hotkey),
          destinationHotkey: bytes32(args.destination_hotkey),
          originNetuid: num(args.origin_netuid),
          destinationNetuid: num(args.destination_netuid),
          alpha: big(args.alpha_amount),
        });
      }),
      transfer_stake: signed((p, who, args) => {
        transferStake(p, who, {
          destinationColdkey: bytes32(args.destination_coldkey),
          hotkey: bytes32(args.hotkey),
          originNetuid: num(args.origin_netuid),
          destinationNetuid: num(args.destination_netuid),
          alpha: big(args.alpha_amount),
        });
      }),
      set_identity: {
        dispatch(ctx, args) {
          const who = ctx.ensureSigned();
          const f = (k: string) => args[k].toU8a(true);
          setIdentity(storeOf(ctx.storage), ctx.storage, who, {
            name: f("name"),
            url: f("url"),
            githubRepo: f("github_repo"),
            image: f("image"),
            discord: f("discord"),
            description: f("description"),
            additional: f("additional"),
          });
          ctx.emit("SubtensorModule", "ChainIdentitySet", [who]);
        },
      },
      remove_stake_limit: signed((p, who, args) => {
        removeStake(p, who, {
          hotkey: bytes32(args.hotkey),
          netuid: num(args.netuid),
          amount: big(args.amount_unstaked),
          limitPrice: big(args.limit_price),
          allowPartial: args.allow_partial.toJSON() === true,
        });
      }),
    },
    onInitialize(ctx) {
      blockStep(palletContext(ctx, config));
    },
    payFee(ctx, call, fee, dryRun) {
      const st = storeOf(ctx.storage);
      const who = ctx.ensureSigned();
      return dryRun ? canPayFeeInAlpha(st, who, call, fee) : payFeeInAlpha(st, who, call, fee).length > 0;
    },
    genesis(ctx) {
      writeSubtensorGenesis(storeOf(ctx.storage), ctx.config.sudo, {
        tempo: ctx.config.tempo,
        ...options.genesis,
      });
    },
    runtimeApis: runtimeApis(),
  };

  const adminCalls: Record<string, CallSpec> = {};
  for (const [name, setter] of Object.entries(ADMIN_SETTERS)) {
    adminCalls[name] = {
      dispatch(ctx, args) {
        const value = args[setter.arg];
        const raw = value.toJSON();
        runAdminSetter(
          palletContext(ctx, config),
          ctx.origin,
          name,
          setter.perSubnet ? num(args.netuid) : 0,
          typeof raw === "boolean" ? raw : big(value),
        );
      },
    };
  }
  const mechanismAdmin = (
    name: string,
    run: (p: PalletContext, netuid: number, args: CallArgs) => void,
  ): CallSpec => ({
    dispatch(ctx, args) {
      const p = palletContext(ctx, config);
      const netuid = num(args.netuid);
      ensureAdminCall(p, ctx.origin, name, netuid, { owner: true, freeze: true });
      run(p, netuid, args);
    },
  });
  adminCalls.sudo_set_mechanism_count = mechanismAdmin("sudo_set_mechanism_count", (p, netuid, args) => {
    setMechanismCount(p, netuid, num(args.mechanism_count));
  });
  adminCalls.sudo_set_mechanism_emission_split = mechanismAdmin(
    "sudo_set_mechanism_emission_split",
    (p, netuid, args) => {
      setEmissionSplit(p, netuid, optionalU16s(args.maybe_split));
    },
  );
  const admin: Pallet = { name: "AdminUtils", calls: adminCalls };
  return [subtensor, admin, commitmentsPallet()];
}

function runtimeApis(): Record<string, RuntimeApiHandler> {
  const st = (ctx: RuntimeApiContext) => storeOf(ctx.storage);
  return {
    NeuronInfoRuntimeApi_get_neurons_lite: (ctx, [netuid]) => encodeNeurons(st(ctx), num(netuid), false),
    NeuronInfoRuntimeApi_get_neurons: (ctx, [netuid]) => encodeNeurons(st(ctx), num(netuid), true),
    NeuronInfoRuntimeApi_get_neuron_lite: (ctx, [netuid, uid]) => encodeNeuron(st(ctx), num(netuid), num(uid), false),
    NeuronInfoRuntimeApi_get_neuron: (ctx, [netuid, uid]) => encodeNeuron(st(ctx), num(netuid), num(uid), true),
    SubnetInfoRuntimeApi_get_subnet_hyperparams: (ctx, [netuid]) => encodeHyperparams(st(ctx), num(netuid), false),
    SubnetInfoRuntimeApi_get_subnet_hyperparams_v2: (ctx, [netuid]) => encodeHyperparams(st(ctx), num(netuid), true),
    SubnetInfoRuntimeApi_get_subnet_info: (ctx, [netuid]) => encodeSubnetInfo(st(ctx), num(netuid), false),
    SubnetInfoRuntimeApi_get_subnet_info_v2: (ctx, [netuid]) => encodeSubnetInfo(st(ctx), num(netuid), true),
    SubnetInfoRuntimeApi_get_subnets_info: (ctx) => encodeSubnetsInfo(st(ctx), false),
    SubnetInfoRuntimeApi_get_subnets_info_v2: (ctx) => encodeSubnetsInfo(st(ctx), true),
    SubnetInfoRuntimeApi_get_subnet_state: (ctx, [netuid]) => encodeSubnetState(st(ctx), num(netuid)),
    SubnetInfoRuntimeApi_get_dynamic_info: (ctx, [netuid]) => encodeDynamicInfo(st(ctx), num(netuid), ctx.blockNumber),
    SubnetInfoRuntimeApi_get_all_dynamic_info: (ctx) => encodeAllDynamicInfo(st(ctx), ctx.blockNumber),
    SubnetInfoRuntimeApi_get_metagraph: (ctx, [netuid]) => encodeMetagraph(st(ctx), num(netuid), ctx.blockNumber),
    SubnetInfoRuntimeApi_get_all_metagraphs: (ctx) => encodeAllMetagraphs(st(ctx), ctx.blockNumber),
    SubnetInfoRuntimeApi_get_mechagraph: (ctx, [netuid, mecid]) =>
      encodeMechagraph(st(ctx), num(netuid), ctx.blockNumber, num(mecid)),
    SubnetInfoRuntimeApi_get_all_mechagraphs: (ctx) => encodeAllMechagraphs(st(ctx), ctx.blockNumber),
    SubnetInfoRuntimeApi_get_selective_metagraph: (ctx, [netuid, indexes]) =>
      encodeSelectiveMetagraph(st(ctx), num(netuid), ctx.blockNumber, nums(indexes)),
    SubnetInfoRuntimeApi_get_selective_mechagraph: (ctx, [netuid, mecid, indexes]) =>
      encodeSelectiveMetagraph(st(ctx), num(netuid), ctx.blockNumber, nums(indexes), num(mecid)),
    StakeInfoRuntimeApi_get_stake_info_for_coldkey: (ctx, [coldkey]) =>
      encodeStakeInfoForColdkey(st(ctx), bytes32(coldkey)),
    StakeInfoRuntimeApi_get_stake_info_for_coldkeys: (ctx, [coldkeys]) =>
      encodeStakeInfoForColdkeys(st(ctx), (coldkeys as unknown as Codec[]).map(bytes32)),
    StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid: (ctx, [hotkey, coldkey, netuid]) =>
      encodeStakeInfo(st(ctx), bytes32(hotkey), bytes32(coldkey), num(netuid)),
    StakeInfoRuntimeApi_get_stake_fee: (ctx, [origin, _originColdkey, destination, _destColdkey, amount]) =>
      encodeStakeFee(st(ctx), optionNetuid(destination) ?? optionNetuid(origin), big(amount)),
    SwapRuntimeApi_current_alpha_price: (ctx, [netuid]) => encodeCurrentAlphaPrice(st(ctx), num(netuid)),
    SwapRuntimeApi_sim_swap_tao_for_alpha: (ctx, [netuid, tao]) => encodeSimSwap(st(ctx), num(netuid), big(tao), true),
    SwapRuntimeApi_sim_swap_alpha_for_tao: (ctx, [netuid, alpha]) =>
      encodeSimSwap(st(ctx), num(netuid), big(alpha), false),
    SubnetRegistrationRuntimeApi_get_network_registration_cost: (ctx) => encodeNetworkRegistrationCost(st(ctx)),
  };
}
