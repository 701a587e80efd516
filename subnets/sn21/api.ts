/**
 * Subnet 21 (FileTao) clients (subnet-template.md §4.4): `StoreUserAPI` uploads bytes to API nodes
 * and returns the CID; `RetrieveUserAPI` fetches them back. Encryption, when asked for, is
 * byte-compatible with the Python client (same payload JSON, key derived from the coldkey's
 * private key). Unlike upstream, the retrieve client checks that the bytes hash to the CID it asked
 * for, and both clients raise a `SubnetError` listing each node's status instead of returning empty.
 *
 * @module
 */
import { SubnetError } from "../../protocol/errors.ts";
import type { Synapse } from "../../protocol/synapse.ts";
import type { Keypair } from "../../wallet/keypair.ts";
import { SubnetsAPI, type SubnetsApiOptions, type SubnetsApiQueryOptions } from "../subnets_api.ts";
import { fromBase64, toBase64 } from "./_base64.ts";
import { SN21_API_BODY_BYTES_MAX } from "./api_node.ts";
import { cidDigest, cidFor, matchesCid } from "./cid.ts";
import {
  coldkeyPassword,
  decryptFromStorage,
  deriveSecretBoxKey,
  encryptForStorage,
  isPlainPayload,
} from "./encryption.ts";
import {
  RetrieveUser,
  type RetrieveUserFields,
  type RetrieveUserSynapse,
  StoreUser,
  type StoreUserFields,
  type StoreUserSynapse,
} from "./protocol.ts";

/** Upstream's default time to live: 30 days, in seconds. */
export const SN21_DEFAULT_TTL_S = 30 * 24 * 3600;

/** Options of the SN21 clients: where the encryption key comes from. */
export interface Sn21ClientOptions extends SubnetsApiOptions {
  /** The SecretBox key, if already derived (`deriveSn21Key`); saves one argon2i run (seconds, 512 MiB). */
  secretBoxKey?: Uint8Array;
  /** Reads the coldkey's 64-byte private key (Python's `wallet.coldkey.private_key`) when encryption needs it. */
  coldkeyPrivateKey?: () => Promise<Uint8Array>;
  /**
   * Called as a call progresses, for a progress line: bytes done and the total when known. A store
   * reports `(0, size)` when its upload starts and `(size, size)` once a node answered (fetch does
   * not expose upload progress); a retrieve reports each chunk of the answer as it is read.
   */
  onProgress?: (bytesDone: number, bytesTotal: number | undefined) => void;
}

/** Options of one store call. */
export interface StoreOptions {
  /** Encrypt with the coldkey's key before upload (the CID then covers the ciphertext). @default false */
  encrypt?: boolean;
  /** Seconds to keep the data. @default 2_592_000 (30 days) */
  ttl?: number;
}

/**
 * Derives the SN21 SecretBox key from a coldkey's 64-byte private key (argon2i; seconds, 512 MiB).
 *
 * @example
 * ```ts ignore
 * import { deriveSn21Key } from "./api.ts";
 * const key = await deriveSn21Key(new Uint8Array(64)); // 8870b702…
 * ```
 */
export async function deriveSn21Key(coldkeyPrivateKey: Uint8Array): Promise<Uint8Array> {
  return await deriveSecretBoxKey(coldkeyPassword(coldkeyPrivateKey));
}

function keySource(options: Sn21ClientOptions): () => Promise<Uint8Array> {
  let key: Promise<Uint8Array> | undefined = options.secretBoxKey ? Promise.resolve(options.secretBoxKey) : undefined;
  return () => {
    if (!key) {
      const read = options.coldkeyPrivateKey;
      if (!read) {
        return Promise.reject(
          new SubnetError(
            "subnet/no-coldkey",
            "Cannot encrypt or decrypt: no coldkey was given (pass coldkeyPrivateKey or secretBoxKey)",
          ),
        );
      }
      key = read().then(deriveSn21Key);
      key.catch(() => key = undefined);
    }
    return key;
  };
}

function describeFailure(response: Synapse<object>): string {
  const where = response.axon.ip ? `${response.axon.ip}:${response.axon.port}` : "an axon";
  const code = response.dendrite.status_code ?? response.axon.status_code ?? "no status";
  const message = response.dendrite.status_message ?? response.axon.status_message ?? "";
  return `${where} ${code}${message ? ` ${message.slice(0, 200)}` : ""}`;
}

/**
 * Stores bytes on Subnet 21 through its API nodes; `query` resolves to the CID.
 *
 * @example
 * ```ts ignore
 * import { StoreUserAPI } from "./api.ts";
 * const api = new StoreUserAPI(hotkey);
 * const cid = await api.query({ axons, timeout: 60 }, new TextEncoder().encode("Hello FileTao!"));
 * ```
 */
export class StoreUserAPI
  extends SubnetsAPI<StoreUserFields, [data: Uint8Array | string, options?: StoreOptions], string> {
  /** The synapse class sent. */
  readonly type: typeof StoreUser = StoreUser;
  /** Subnet 21. */
  readonly netuid: number = 21;
  #key: () => Promise<Uint8Array>;
  #onProgress: Sn21ClientOptions["onProgress"];

  /**
   * Creates the client.
   *
   * @param hotkey the key that signs requests
   * @param options where the encryption key comes from; a dendrite and a logger
   */
  constructor(hotkey: Keypair, options: Sn21ClientOptions = {}) {
    super(hotkey, options);
    this.#key = keySource(options);
    this.#onProgress = options.onProgress;
  }

  /**
   * Python's `prepare_synapse`: optionally encrypts, then base64-encodes.
   *
   * @param data the bytes (a string is stored as UTF-8)
   * @param options encryption and time to live
   */
  async prepareSynapse(data: Uint8Array | string, options: StoreOptions = {}): Promise<StoreUserSynapse> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const ttl = options.ttl ?? SN21_DEFAULT_TTL_S;
    if (!Number.isSafeInteger(ttl) || ttl <= 0) {
      throw new RangeError(`Cannot store with ttl ${ttl}: it must be a positive whole number of seconds`);
    }
    const { ciphertext, payload } = options.encrypt
      ? encryptForStorage(bytes, await this.#key())
      : { ciphertext: bytes, payload: "{}" };
    return StoreUser.create({ encrypted_data: toBase64(ciphertext), encryption_payload: payload, ttl });
  }

  /**
   * Python's `process_responses`: the CID of the first node that stored the data. Throws a
   * `SubnetError` (`subnet/store-failed`) listing each node's status when none did.
   *
   * @param responses the merged synapses
   */
  processResponses(responses: readonly Synapse<StoreUserFields>[] | readonly unknown[]): string {
    return this.#process(responses as readonly StoreUserSynapse[], undefined);
  }

  /**
   * Stores and returns the CID, checking that each node's answer is the CID of the uploaded bytes.
   *
   * @param options the API nodes and timeout
   * @param data the bytes
   * @param storeOptions encryption and time to live
   */
  override async query(
    options: SubnetsApiQueryOptions,
    data: Uint8Array | string,
    storeOptions?: StoreOptions,
  ): Promise<string> {
    const synapse = await this.prepareSynapse(data, storeOptions);
    const expected = cidFor(fromBase64(synapse.encrypted_data)!);
    const size = synapse.encrypted_data.length;
    this.#onProgress?.(0, size);
    const responses = await this.dendrite.query(options.axons, synapse, {
      type: StoreUser,
      timeout: options.timeout ?? 12,
      deserialize: false,
      // A whole file travels in one answer (64 MiB files are ~90 MB of JSON): read up to the node's cap.
      responseBytesMax: SN21_API_BODY_BYTES_MAX,
    }) as StoreUserSynapse[];
    this.#onProgress?.(size, size);
    return this.#process(responses, expected);
  }

  #process(responses: readonly StoreUserSynapse[], expected: string | undefined): string {
    const failures: string[] = [];
    for (const response of responses) {
      if (response.dendrite.status_code !== 200 || !response.data_hash) {
        failures.push(
          response.dendrite.status_code === 200 ? `${describeFailure(response)} (no CID)` : describeFailure(response),
        );
        continue;
      }
      if (expected !== undefined && response.data_hash !== expected) {
        failures.push(`${describeFailure(response)} (answered CID ${response.data_hash}, expected ${expected})`);
        continue;
      }
      this.logger.info("sn21.stored", { cid: response.data_hash });
      return response.data_hash;
    }
    throw new SubnetError(
      "subnet/store-failed",
      `Cannot store the data: none of ${responses.length} API node(s) stored it (${failures.join("; ") || "no nodes"})`,
    );
  }
}

/**
 * Retrieves bytes from Subnet 21 by CID; `query` resolves to the bytes (decrypted when they were
 * stored encrypted). Bytes that do not hash to the CID are refused.
 *
 * @example
 * ```ts ignore
 * import { RetrieveUserAPI } from "./api.ts";
 * const bytes = await new RetrieveUserAPI(hotkey).query({ axons, timeout: 60 }, cid);
 * ```
 */
export class RetrieveUserAPI extends SubnetsAPI<RetrieveUserFields, [cid: string], Uint8Array> {
  /** The synapse class sent. */
  readonly type: typeof RetrieveUser = RetrieveUser;
  /** Subnet 21. */
  readonly netuid: number = 21;
  #key: () => Promise<Uint8Array>;
  #onProgress: Sn21ClientOptions["onProgress"];

  /**
   * Creates the client.
   *
   * @param hotkey the key that signs requests
   * @param options where the decryption key comes from; a dendrite and a logger
   */
  constructor(hotkey: Keypair, options: Sn21ClientOptions = {}) {
    super(hotkey, options);
    this.#key = keySource(options);
    this.#onProgress = options.onProgress;
  }

  /**
   * Python's `prepare_synapse`: `RetrieveUser(data_hash=cid)`. Throws a `SyntaxError` for a malformed CID.
   *
   * @param cid the CID to fetch
   */
  prepareSynapse(cid: string): RetrieveUserSynapse {
    cidDigest(cid);
    return RetrieveUser.create({ data_hash: cid.trim() });
  }

  /**
   * Python's `process_responses`, with the CID check: the first answer whose bytes hash to the
   * requested CID, decrypted when its payload says so.
   *
   * @param responses the merged synapses
   */
  async processResponses(responses: readonly Synapse<RetrieveUserFields>[] | readonly unknown[]): Promise<Uint8Array> {
    const list = responses as readonly RetrieveUserSynapse[];
    return await this.#process(list, list[0]?.data_hash ?? "");
  }

  /**
   * Retrieves `cid` and returns its bytes.
   *
   * @param options the API nodes and timeout
   * @param cid the CID to fetch
   */
  override async query(options: SubnetsApiQueryOptions, cid: string): Promise<Uint8Array> {
    const synapse = this.prepareSynapse(cid);
    const responses = await this.dendrite.query(options.axons, synapse, {
      type: RetrieveUser,
      timeout: options.timeout ?? 12,
      deserialize: false,
      // A whole file travels in one answer (64 MiB files are ~90 MB of JSON): read up to the node's cap.
      responseBytesMax: SN21_API_BODY_BYTES_MAX,
      onResponseProgress: this.#onProgress,
    }) as RetrieveUserSynapse[];
    return await this.#process(responses, synapse.data_hash);
  }

  async #process(responses: readonly RetrieveUserSynapse[], cid: string): Promise<Uint8Array> {
    const failures: string[] = [];
    let mismatch = false;
    let notFound = 0;
    let keyError: SubnetError | undefined;
    for (const response of responses) {
      if (response.dendrite.status_code !== 200 || response.encrypted_data === null) {
        if (response.dendrite.status_code === 404) notFound++;
        failures.push(describeFailure(response));
        continue;
      }
      const bytes = fromBase64(response.encrypted_data);
      if (!bytes || !matchesCid(bytes, cid)) {
        mismatch = true;
        failures.push(`${describeFailure(response)} (returned bytes that do not hash to ${cid})`);
        continue;
      }
      if (isPlainPayload(response.encryption_payload)) return bytes;
      try {
        return decryptFromStorage(bytes, response.encryption_payload!, await this.#key());
      } catch (error) {
        if (!(error instanceof SubnetError)) throw error;
        keyError ??= error;
        failures.push(`${describeFailure(response)} (${error.message})`);
      }
    }
    if (keyError) throw keyError;
    const summary = `${failures.join("; ") || "no nodes"}`;
    if (mismatch) {
      throw new SubnetError(
        "subnet/cid-mismatch",
        `Cannot retrieve ${cid}: no node returned matching bytes (${summary})`,
      );
    }
    if (notFound > 0 && notFound === responses.length) {
      throw new SubnetError("subnet/not-found", `Cannot retrieve ${cid}: no API node knows this CID (${summary})`);
    }
    throw new SubnetError(
      "subnet/retrieve-failed",
      `Cannot retrieve ${cid}: none of ${responses.length} API node(s) returned it (${summary})`,
    );
  }
}
