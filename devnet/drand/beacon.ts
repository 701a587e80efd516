/**
 * A development drand beacon for the devnet: a deterministic BLS12-381 key from a seed, and
 * unchained rounds signed as drand quicknet signs them (`bls-unchained-g1-rfc9380`: a G1 signature
 * on `sha256(u64be(round))`, public key in G2; timelock.md §1.3, §3.1). Commits encrypted to this
 * beacon's public key open with its pulses exactly as quicknet commits open with quicknet's.
 *
 * Pure: no clock, no storage. The devnet's Drand pallet decides which rounds are public when.
 * It imports nothing from `chain/`, so the devnet does not share the client's code for the checks.
 *
 * @module
 */
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";

const { G1, G2, fields } = bls12_381;

/** The hash-to-G1 domain separation tag drand quicknet signs with (RFC 9380). */
export const DRAND_G1_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
/** The seed used when none is given. */
export const DEFAULT_BEACON_SEED = "subnet devnet drand beacon";
const KEY_DOMAIN = new TextEncoder().encode("subnet/devnet/drand/v1:");

/** One beacon output as the Drand pallet stores it (`Pulses[round]`). */
export interface DrandPulse {
  /** The round number (u64). */
  round: bigint;
  /** `sha256(signature)`, 32 bytes. */
  randomness: Uint8Array;
  /** The compressed G1 signature, 48 bytes. */
  signature: Uint8Array;
}

/** The beacon's public parameters, shaped like `Drand.BeaconConfig`. */
export interface DevBeaconConfig {
  /** The compressed G2 public key, 96 bytes. */
  publicKey: Uint8Array;
  /** Unix time (seconds) of round 1. */
  genesisTime: number;
  /** Seconds between rounds (u32 on chain, so whole seconds). */
  period: number;
  /** The scheme, as quicknet's. */
  schemeId: "bls-unchained-g1-rfc9380";
}

/** Options of {@link createDevBeacon}. */
export interface DevBeaconOptions {
  /** Seed of the development key (default {@link DEFAULT_BEACON_SEED}); the same seed gives the same key. */
  seed?: string | Uint8Array;
  /** Unix time (seconds) of round 1 (default 0: the devnet passes its own start time). */
  genesisTime?: number;
  /** Seconds between rounds (default 1, fitted to fast devnet blocks; quicknet uses 3). */
  period?: number;
}

/** A development beacon. */
export interface DevBeacon {
  /** Its public parameters, for `Drand.BeaconConfig`. */
  readonly config: DevBeaconConfig;
  /** The pulse of `round` (≥ 1). */
  pulse(round: bigint): DrandPulse;
  /** The latest round published at Unix time `timeSeconds` (0 before genesis). */
  roundAt(timeSeconds: number): bigint;
  /** The Unix time (seconds) `round` is published: `genesis + (round − 1)·period`. */
  timeOfRound(round: bigint): number;
}

function u64be(round: bigint): Uint8Array {
  if (round < 0n || round >= 1n << 64n) throw new RangeError(`Cannot use drand round ${round}: it is not a u64`);
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, round, false);
  return b;
}

function bigBE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/**
 * The development secret scalar for a seed: `sha512(domain ‖ seed) mod (r − 1) + 1` (never zero).
 * Development only: anyone who knows the seed can sign every round.
 *
 * @example
 * ```ts
 * import { devBeaconSecretKey } from "./beacon.ts";
 * console.assert(devBeaconSecretKey("x") === devBeaconSecretKey("x"));
 * ```
 */
export function devBeaconSecretKey(seed: string | Uint8Array): bigint {
  const bytes = typeof seed === "string" ? new TextEncoder().encode(seed) : seed;
  const input = new Uint8Array(KEY_DOMAIN.length + bytes.length);
  input.set(KEY_DOMAIN);
  input.set(bytes, KEY_DOMAIN.length);
  return (bigBE(sha512(input)) % (fields.Fr.ORDER - 1n)) + 1n;
}

/**
 * Signs `round` with `secretKey` as drand quicknet does: `sk · hash_to_G1(sha256(u64be(round)))`.
 *
 * @example
 * ```ts
 * import { devBeaconSecretKey, signRound } from "./beacon.ts";
 * const pulse = signRound(devBeaconSecretKey("x"), 1n);
 * console.assert(pulse.signature.length === 48);
 * ```
 */
export function signRound(secretKey: bigint, round: bigint): DrandPulse {
  if (round < 1n) throw new RangeError(`Cannot sign drand round ${round}: rounds start at 1`);
  const h = G1.hashToCurve(sha256(u64be(round)), { DST: DRAND_G1_DST });
  const signature = h.multiply(secretKey).toBytes(true);
  return { round, randomness: sha256(signature), signature };
}

/**
 * Verifies a pulse as the drand pallet does: the signature is a valid G1 point,
 * `e(sig, G2) == e(H(sha256(u64be(round))), pk)`, and `randomness == sha256(sig)`. False for any
 * malformed input.
 *
 * @example
 * ```ts
 * import { createDevBeacon, verifyDrandPulse } from "./beacon.ts";
 * const beacon = createDevBeacon();
 * console.assert(verifyDrandPulse(beacon.config.publicKey, beacon.pulse(3n)));
 * ```
 */
export function verifyDrandPulse(publicKey: Uint8Array, pulse: DrandPulse): boolean {
  try {
    if (publicKey.length !== 96 || pulse.signature.length !== 48 || pulse.randomness.length !== 32) return false;
    const pk = G2.Point.fromBytes(publicKey);
    const sig = G1.Point.fromBytes(pulse.signature);
    pk.assertValidity();
    sig.assertValidity();
    if (pk.is0() || sig.is0()) return false;
    const expected = sha256(pulse.signature);
    if (expected.some((b, i) => b !== pulse.randomness[i])) return false;
    const h = G1.hashToCurve(sha256(u64be(pulse.round)), { DST: DRAND_G1_DST });
    const product = bls12_381.pairingBatch([{ g1: sig, g2: G2.Point.BASE.negate() }, { g1: h, g2: pk }]);
    return fields.Fp12.eql(product, fields.Fp12.ONE);
  } catch {
    return false;
  }
}

/**
 * Creates a deterministic development beacon.
 *
 * @example
 * ```ts
 * import { createDevBeacon } from "./beacon.ts";
 * const beacon = createDevBeacon({ seed: "devnet", genesisTime: 1_700_000_000, period: 1 });
 * console.assert(beacon.roundAt(1_700_000_005) === 6n);
 * console.assert(beacon.pulse(6n).signature.length === 48);
 * ```
 */
export function createDevBeacon(options: DevBeaconOptions = {}): DevBeacon {
  const period = options.period ?? 1;
  const genesisTime = options.genesisTime ?? 0;
  if (!Number.isSafeInteger(period) || period < 1 || period > 0xffffffff) {
    throw new RangeError(`Cannot create a beacon with period ${period}: it must be whole seconds ≥ 1 (u32)`);
  }
  if (!Number.isSafeInteger(genesisTime) || genesisTime < 0 || genesisTime > 0xffffffff) {
    throw new RangeError(`Cannot create a beacon with genesis time ${genesisTime}: it must be Unix seconds (u32)`);
  }
  const sk = devBeaconSecretKey(options.seed ?? DEFAULT_BEACON_SEED);
  const config: DevBeaconConfig = Object.freeze({
    publicKey: G2.Point.BASE.multiply(sk).toBytes(true),
    genesisTime,
    period,
    schemeId: "bls-unchained-g1-rfc9380" as const,
  });
  return {
    config,
    pulse: (round) => signRound(sk, round),
    roundAt: (t) => (t < genesisTime ? 0n : BigInt(Math.floor((t - genesisTime) / period)) + 1n),
    timeOfRound: (round) => {
      if (round < 1n) throw new RangeError(`Cannot time drand round ${round}: rounds start at 1`);
      return genesisTime + Number(round - 1n) * period;
    },
  };
}
