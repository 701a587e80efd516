/**
 * `subnet weights`: Inspect weights: decrypt timelocked commits, show commit status.
 *
 * `decrypt` opens one timelocked commit (the raw `TLECiphertext` a validator sent with
 * `commit_timelocked_*weights`) with the drand pulse of its round and prints the weights it holds.
 * `status` lists this hotkey's queued commits and what became of recent ones (`chain/timelock/status.ts`).
 *
 * @module
 */
import type { CommandContext, CommandSpec } from "./command.ts";
import { intOption, UsageError } from "./args.ts";
import { jsonOption, subtensorOptions, walletOptions } from "./options.ts";
import { keysFromOptions, passwordOptions } from "./keys.ts";
import { connectFromOptions, requireSubnet } from "./_chain.ts";
import { STATUS_LOOKBACK_BLOCKS_MAX, type TimelockStatus, timelockStatus } from "../chain/timelock/status.ts";
import { SubnetError } from "../protocol/errors.ts";
import {
  type DecodedWeightsPayload,
  decodeWeightsPayload,
  decrypt,
  parseCiphertext,
  readBeaconConfig,
  verifyPulse,
} from "../chain/timelock/mod.ts";
import { QUICKNET } from "../chain/reveal_round.ts";
import { ss58Address } from "../wallet/keypair.ts";

/** Bytes `@file` may hold: a commit is at most 5000 bytes on chain; hex doubles it, plus slack. */
const COMMIT_FILE_BYTES_MAX = 64 * 1024;

function parseHex(text: string, what: string): Uint8Array {
  const clean = text.trim().replace(/^0x/i, "");
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean)) {
    throw new UsageError(
      `Cannot read ${what}: it is not hex with an even number of digits (got "${text.slice(0, 24)}…")`,
    );
  }
  return Uint8Array.from(clean.match(/../g)!, (h) => parseInt(h, 16));
}

/** Reads the commit argument: hex (with or without `0x`), or `@file` holding raw bytes or hex. */
async function readCommit(arg: string): Promise<Uint8Array> {
  if (!arg.startsWith("@")) return parseHex(arg, "the commit argument");
  const path = arg.slice(1);
  let bytes: Uint8Array;
  try {
    const info = await Deno.stat(path);
    if (info.size > COMMIT_FILE_BYTES_MAX) {
      throw new SubnetError(
        "cli/commit-file",
        `Cannot read the commit from ${path}: it is ${info.size} bytes, over the ${COMMIT_FILE_BYTES_MAX}-byte limit (a commit is at most 5000 bytes)`,
      );
    }
    bytes = await Deno.readFile(path);
  } catch (err) {
    if (err instanceof SubnetError) throw err;
    throw new SubnetError("cli/commit-file", `Cannot read the commit from ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  // A raw commit starts with a compressed G2 point (top bit set), so it is never ASCII hex.
  const text = new TextDecoder().decode(bytes);
  return /^\s*(0x)?[0-9a-fA-F\s]+$/.test(text) ? parseHex(text.replace(/\s+/g, ""), `the hex in ${path}`) : bytes;
}

/** The length of a compact prefix that announces exactly the remaining bytes, or 0. */
function scaleLengthPrefix(bytes: Uint8Array): number {
  const mode = bytes[0] & 3;
  if (bytes.length < 2 || mode > 1) return 0;
  const [size, n] = mode === 0 ? [1, bytes[0] >> 2] : [2, (bytes[0] | (bytes[1] << 8)) >> 2];
  return n === bytes.length - size ? size : 0;
}

function readRound(raw: string | boolean | undefined): bigint {
  if (typeof raw !== "string") throw new UsageError(`Option "--round" is required: the drand round the commit targets`);
  if (!/^\d+$/.test(raw.trim()) || BigInt(raw.trim()) >= 1n << 64n) {
    throw new UsageError(`Option "--round" takes a drand round number (u64), not "${raw}"`);
  }
  return BigInt(raw.trim());
}

/** The payload as the `--json` output promises: `{hotkey, uids, values, version_key}` (exact u64). */
function payloadJson(p: DecodedWeightsPayload): string {
  const hotkey = p.format === "hotkey" ? JSON.stringify(ss58Address(p.hotkey)) : "null";
  return `{"hotkey": ${hotkey}, "uids": ${JSON.stringify(p.uids)}, "values": ${
    JSON.stringify(p.values)
  }, "version_key": ${p.versionKey}}`;
}

function payloadText(p: DecodedWeightsPayload): string[] {
  const lines = [
    p.format === "hotkey"
      ? `hotkey       ${ss58Address(p.hotkey)}`
      : `hotkey       (none: legacy payload; the chain applies it as the committer's)`,
    `uids         ${JSON.stringify(p.uids)}`,
    `values       ${JSON.stringify(p.values)}`,
    `version_key  ${p.versionKey}`,
  ];
  if (p.trailingBytes) {
    lines.push(`note         ${p.trailingBytes} trailing bytes after the payload (the chain ignores them)`);
  }
  return lines;
}

async function runDecrypt({ args, io }: CommandContext): Promise<number> {
  const [arg, ...extra] = args.positionals;
  if (arg === undefined) throw new UsageError(`Missing the commit: give its hex, or @file holding raw bytes or hex`);
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}": give one commit`);
  const round = readRound(args.values.round);
  if (typeof args.values.signature !== "string") {
    throw new UsageError(`Option "--signature" is required: the pulse signature of round ${round} (48-byte hex)`);
  }
  const signature = parseHex(args.values.signature, `"--signature"`);
  const beaconKey = typeof args.values["beacon-key"] === "string"
    ? parseHex(args.values["beacon-key"], `"--beacon-key"`)
    : QUICKNET.publicKey;
  const commit = await readCommit(arg);
  try {
    parseCiphertext(commit);
  } catch (err) {
    const prefix = scaleLengthPrefix(commit);
    if (prefix === 0) throw err;
    throw new SubnetError(
      "cli/commit-prefixed",
      `Cannot decrypt the commit: it starts with a SCALE length prefix (${prefix} bytes announcing ${
        commit.length - prefix
      }), as storage and extrinsics carry it; pass the raw TLECiphertext, the bytes after the prefix`,
      { cause: err },
    );
  }
  if (!verifyPulse(beaconKey, round, signature)) {
    throw new SubnetError(
      "chain/timelock-wrong-pulse",
      `Cannot decrypt the commit: the signature is not the pulse of round ${round} of the ${
        args.values["beacon-key"] ? "given" : "quicknet"
      } beacon (check --round and --signature; pass --beacon-key for another beacon such as the devnet's)`,
    );
  }
  let plaintext: Uint8Array;
  try {
    plaintext = decrypt(commit, signature);
  } catch (err) {
    if (err instanceof SubnetError && err.code === "chain/timelock-wrong-pulse") {
      throw new SubnetError(
        err.code,
        `Cannot decrypt the commit with the pulse of round ${round}: it was encrypted to another round or beacon (the reveal round is the one sent with the commit)`,
        { cause: err },
      );
    }
    throw err;
  }
  const payload = decodeWeightsPayload(plaintext);
  if (args.values.json) io.print(payloadJson(payload));
  else for (const line of payloadText(payload)) io.print(line);
  return 0;
}

/** `subnet weights decrypt`. */
export const weightsDecryptCommand: CommandSpec = {
  name: "decrypt",
  positionals: 1,
  summary: "Decrypt a timelocked weight commit with its round's drand pulse",
  usage: "<commit hex | @file> --round R --signature <pulse hex> [--json]",
  description: "The commit is the raw TLECiphertext (no SCALE length prefix), as hex with or without 0x, or\n" +
    "@file holding raw bytes or hex. The pulse is checked against the beacon key first.",
  options: {
    round: { type: "string", help: "The drand round the commit was encrypted to", valueName: "<round>" },
    signature: {
      type: "string",
      help: "That round's pulse signature (48-byte compressed G1, hex)",
      valueName: "<hex>",
    },
    "beacon-key": {
      type: "string",
      help: "The beacon's public key (96-byte G2, hex); default drand quicknet",
      valueName: "<hex>",
    },
    json: { type: "boolean", help: 'Print {"hotkey", "uids", "values", "version_key"} as JSON' },
  },
  examples: [
    "subnet weights decrypt 0xa1f1… --round 1000 --signature b44679b9…",
    "subnet weights decrypt @commit.bin --round 1000 --signature b44679b9… --json",
  ],
  run: runDecrypt,
};

/**
 * Rounds beyond the chain's last drand round past which a pending commit is "far": a week of quicknet
 * rounds, far more than any reveal period waits (the devnet logs `timelock.far_round` past the same mark).
 * Such a commit usually comes from a client that assumed another beacon's genesis or period.
 */
const FAR_REVEAL_ROUNDS = 216_000n;

/** A pending commit whose reveal round is far beyond `Drand.LastStoredRound`. */
interface FarRound {
  commitBlock: number;
  revealRound: bigint;
  lastStoredRound: bigint;
  /** `revealRound − lastStoredRound`. */
  roundsAhead: bigint;
  /** Seconds until the beacon reaches the round, at its period. */
  secondsAhead: bigint;
  /** The line `weights status` prints. */
  message: string;
}

function duration(seconds: bigint): string {
  const days = seconds / 86_400n;
  if (days >= 365n) return `${(Number(days) / 365).toFixed(1)} years`;
  if (days >= 2n) return `${days} days`;
  return `${seconds / 3_600n} hours`;
}

function farRounds(s: TimelockStatus, periodSeconds: number): FarRound[] {
  return s.pending.flatMap((p) => {
    const roundsAhead = p.revealRound - s.lastStoredRound;
    if (roundsAhead <= FAR_REVEAL_ROUNDS) return [];
    const secondsAhead = roundsAhead * BigInt(periodSeconds);
    return [{
      commitBlock: p.commitBlock,
      revealRound: p.revealRound,
      lastStoredRound: s.lastStoredRound,
      roundsAhead,
      secondsAhead,
      message: `reveal round ${p.revealRound} is ${roundsAhead} rounds beyond the chain's last drand round ` +
        `${s.lastStoredRound}: it will not reveal until the chain stores that round (about ${
          duration(secondsAhead)
        } at the beacon's ${periodSeconds} s period), long after its reveal epoch (from ~block ` +
        `${p.expectedRevealBlock}), so the chain will drop it (pulse missing); the committer likely assumed ` +
        `another beacon's genesis or period`,
    }];
  });
}

function statusJson(s: TimelockStatus, far: readonly FarRound[]): string {
  const round = (r: bigint) => (r <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r) : r.toString());
  return JSON.stringify({
    netuid: s.netuid,
    mechid: s.mechid,
    hotkey: s.hotkey,
    block: s.block,
    last_stored_round: round(s.lastStoredRound),
    reveal_period_epochs: s.revealPeriodEpochs,
    from_block: s.fromBlock,
    pending: s.pending.map((p) => ({
      commit_block: p.commitBlock,
      reveal_round: round(p.revealRound),
      commit_hash: p.commitHash,
      commit_epoch: p.commitEpoch,
      reveal_epoch: p.revealEpoch,
      expected_reveal_block: p.expectedRevealBlock,
      pulse_on_chain: p.pulseOnChain,
      rounds_beyond_last_stored: round(p.revealRound - s.lastStoredRound),
    })),
    far_rounds: far.map((f) => ({
      commit_block: f.commitBlock,
      reveal_round: round(f.revealRound),
      last_stored_round: round(f.lastStoredRound),
      rounds_ahead: round(f.roundsAhead),
      seconds_ahead: round(f.secondsAhead),
      message: f.message,
    })),
    recent: s.recent.map((r) => ({
      commit_block: r.commitBlock,
      reveal_round: round(r.revealRound),
      commit_hash: r.commitHash,
      status: r.status,
      block: r.block ?? null,
      weights: r.weights ?? null,
      reason: r.reason ?? null,
      detail: r.detail ?? null,
    })),
  });
}

function statusText(s: TimelockStatus, far: readonly FarRound[]): string[] {
  const epochs = s.revealPeriodEpochs === 1 ? "1 epoch" : `${s.revealPeriodEpochs} epochs`;
  const lines = [
    `hotkey ${s.hotkey} on netuid ${s.netuid}${s.mechid ? ` mechanism ${s.mechid}` : ""} at block ${s.block} ` +
    `(drand LastStoredRound ${s.lastStoredRound}, reveal period ${epochs})`,
    s.pending.length ? `pending (${s.pending.length}):` : "pending: none",
  ];
  for (const p of s.pending) {
    lines.push(
      `  committed at block ${p.commitBlock} · round ${p.revealRound} · reveal epoch ${p.revealEpoch} ` +
        `from ~block ${p.expectedRevealBlock} · pulse on chain: ${p.pulseOnChain ? "yes" : "not yet"}`,
    );
    const f = far.find((f) => f.commitBlock === p.commitBlock && f.revealRound === p.revealRound);
    if (f) lines.push(`    FAR ROUND: ${f.message}`);
  }
  lines.push(
    s.recent.length
      ? `recent (blocks ${s.fromBlock}–${s.block}):`
      : `recent: no commits in blocks ${s.fromBlock}–${s.block}`,
  );
  for (const r of s.recent) {
    const head = `  committed at block ${r.commitBlock} · round ${r.revealRound} · `;
    if (r.status === "revealed") {
      const w = (r.weights ?? []).map(([uid, v]) => `uid${uid}=${v}`).join(" ");
      lines.push(`${head}revealed at block ${r.block} · Weights ${w || "(none)"}`);
    } else if (r.status === "dropped") {
      lines.push(`${head}DROPPED at block ${r.block} · ${r.reason}: ${r.detail}`);
    } else if (r.status === "pending") {
      lines.push(`${head}pending`);
    } else lines.push(`${head}unknown: ${r.detail}`);
  }
  return lines;
}

async function runStatus({ args, io }: CommandContext): Promise<number> {
  const netuid = intOption(args.values, "netuid");
  if (netuid === undefined || netuid < 1 || netuid > 65535) throw new UsageError(`Option "--netuid" takes 1..65535`);
  const lookbackBlocks = intOption(args.values, "blocks");
  if (lookbackBlocks !== undefined && (lookbackBlocks < 1 || lookbackBlocks > STATUS_LOOKBACK_BLOCKS_MAX)) {
    throw new UsageError(`Option "--blocks" takes 1..${STATUS_LOOKBACK_BLOCKS_MAX}`);
  }
  const hotkey = await keysFromOptions(args.values, io.env).hotkey();
  await using chain = await connectFromOptions(args.values);
  const mechid = intOption(args.values, "mechid") ?? 0;
  if (mechid < 0 || mechid > 15) throw new UsageError(`Option "--mechid" takes 0..15`);
  await requireSubnet(chain, netuid);
  const status = await timelockStatus(chain, { netuid, mechid, hotkey: hotkey.publicKey, lookbackBlocks });
  const far = farRounds(status, (await readBeaconConfig(chain)).period);
  if (args.values.json) io.print(statusJson(status, far));
  else for (const line of statusText(status, far)) io.print(line);
  return 0;
}

/** `subnet weights status`. */
export const weightsStatusCommand: CommandSpec = {
  name: "status",
  summary: "This hotkey's pending timelocked commits and what became of recent ones",
  description: "Pending: commit block, drand round, reveal epoch and expected reveal block, whether the pulse\n" +
    "is on chain, and a warning for a reveal round far beyond the chain's last drand round (it would never\n" +
    "reveal in time). Recent: revealed (TimelockedWeightsRevealed and the Weights written) or dropped, with the\n" +
    "likely reason (pulse missing at epoch end, hotkey mismatch, version key, undecryptable), which the\n" +
    "chain itself never reports. Needs the state of the blocks looked at (an archive node on live networks).",
  options: {
    netuid: { type: "string", help: "Subnet", valueName: "<netuid>" },
    mechid: { type: "string", help: "Incentive mechanism", default: "0", valueName: "<n>" },
    blocks: {
      type: "string",
      help: "Blocks back to look for commits (default: reveal period + 2 epochs)",
      valueName: "<n>",
    },
    ...walletOptions,
    ...passwordOptions,
    ...subtensorOptions,
    ...jsonOption,
  },
  examples: [
    "subnet weights status --netuid 1 --dev //Alice",
    "subnet weights status --netuid 1 --wallet.name validator --json",
  ],
  run: runStatus,
};

/** `subnet weights`. */
export const weightsCommand: CommandSpec = {
  name: "weights",
  summary: "Inspect weights: decrypt timelocked commits, show commit status",
  options: {},
  subcommands: [weightsDecryptCommand, weightsStatusCommand],
};
