/**
 * Subnet 21 (FileTao) user synapses (subnet-template.md §4.1; `storage/protocol.py`): `StoreUser`
 * and `RetrieveUser`, which a client sends to a validator's API node. As upstream declares it,
 * `required_hash_fields` is a pydantic **field**, so it travels in every JSON body; the body hash
 * covers `encrypted_data` and `encryption_payload` (StoreUser) or `data_hash` (RetrieveUser), never
 * `ttl`.
 *
 * @module
 */
import { z } from "zod";
import { defineSynapse, type Synapse, type SynapseType } from "../../protocol/mod.ts";

/** `StoreUser`'s own fields, in declaration order. */
export interface StoreUserFields {
  /** Base64 of the (optionally encrypted) bytes to store. Required. */
  encrypted_data: string;
  /** The client's encryption payload JSON, `"{}"` when not encrypted. Required. */
  encryption_payload: string;
  /** The response: the CID the API node stored the bytes under. */
  data_hash: string | null;
  /** Seconds to keep the data. */
  ttl: number | null;
  /** Upstream declares the hash-field list as a field, so it is part of the body. */
  required_hash_fields: string[];
}

/** What `StoreUser.create` takes. */
export interface StoreUserInit {
  /** Base64 of the bytes to store. */
  encrypted_data: string;
  /** The encryption payload JSON (`"{}"` for plain data). */
  encryption_payload: string;
  /** The CID (responses only). @default {null} */
  data_hash?: string | null;
  /** Seconds to keep the data. @default {null} */
  ttl?: number | null;
  /** The hash-field list upstream sends in the body. @default {["encrypted_data", "encryption_payload"]} */
  required_hash_fields?: string[];
}

/** A `StoreUser` synapse. */
export type StoreUserSynapse = Synapse<StoreUserFields>;

/** `RetrieveUser`'s own fields, in declaration order. */
export interface RetrieveUserFields {
  /** The CID to fetch. Required. */
  data_hash: string;
  /** The response: base64 of the stored bytes. */
  encrypted_data: string | null;
  /** The response: the encryption payload stored with them. */
  encryption_payload: string | null;
  /** Upstream declares the hash-field list as a field, so it is part of the body. */
  required_hash_fields: string[];
}

/** What `RetrieveUser.create` takes. */
export interface RetrieveUserInit {
  /** The CID to fetch. */
  data_hash: string;
  /** The response data. @default {null} */
  encrypted_data?: string | null;
  /** The response payload. @default {null} */
  encryption_payload?: string | null;
  /** The hash-field list upstream sends in the body. @default {["data_hash"]} */
  required_hash_fields?: string[];
}

/** A `RetrieveUser` synapse. */
export type RetrieveUserSynapse = Synapse<RetrieveUserFields>;

/**
 * `StoreUser(bt.Synapse)`: the route is `/StoreUser`; `computed_body_hash =
 * sha3(sha3(encrypted_data) + sha3(encryption_payload))`.
 *
 * @example
 * ```ts
 * import { StoreUser } from "./protocol.ts";
 * const s = StoreUser.create({ encrypted_data: "aGk=", encryption_payload: "{}", ttl: 60 });
 * console.assert(s.data_hash === null && s.required_hash_fields.length === 2);
 * ```
 */
export const StoreUser: SynapseType<StoreUserFields, StoreUserSynapse, StoreUserInit> = defineSynapse({
  name: "StoreUser",
  fields: z.object({
    encrypted_data: z.string(),
    encryption_payload: z.string(),
    data_hash: z.string().nullable().default(null),
    ttl: z.int().nullable().default(null),
    required_hash_fields: z.array(z.string()).default(() => ["encrypted_data", "encryption_payload"]),
  }),
  requiredHashFields: ["encrypted_data", "encryption_payload"],
});

/**
 * `RetrieveUser(bt.Synapse)`: the route is `/RetrieveUser`; `computed_body_hash =
 * sha3(sha3(data_hash))`.
 *
 * @example
 * ```ts
 * import { RetrieveUser } from "./protocol.ts";
 * const s = RetrieveUser.create({ data_hash: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" });
 * console.assert(s.encrypted_data === null);
 * ```
 */
export const RetrieveUser: SynapseType<RetrieveUserFields, RetrieveUserSynapse, RetrieveUserInit> = defineSynapse({
  name: "RetrieveUser",
  fields: z.object({
    data_hash: z.string(),
    encrypted_data: z.string().nullable().default(null),
    encryption_payload: z.string().nullable().default(null),
    required_hash_fields: z.array(z.string()).default(() => ["data_hash"]),
  }),
  requiredHashFields: ["data_hash"],
});

/**
 * Our own validator-to-miner chunk upload (upstream's Pedersen `Store` is not needed). The body
 * hash covers `cid` and `ttl`, and the miner refuses `data` that does not hash to `cid`, so the
 * signature binds the bytes without a SHA3 pass over them.
 */
export interface StoreChunkFields {
  /** Base64 of the chunk. */
  data: string;
  /** The chunk's CID (sha2-256), which the miner checks `data` against. */
  cid: string;
  /** Seconds to keep it. */
  ttl: number;
}

/** A `StoreChunk` synapse. */
export type StoreChunkSynapse = Synapse<StoreChunkFields>;

/**
 * `StoreChunk`: the API node hands one chunk to a miner, which answers 200 once it is on disk.
 *
 * @example
 * ```ts
 * import { StoreChunk } from "./protocol.ts";
 * console.assert(StoreChunk.create({ data: "aGk=", cid: "b", ttl: 60 }).ttl === 60);
 * ```
 */
export const StoreChunk: SynapseType<StoreChunkFields, StoreChunkSynapse, StoreChunkFields> = defineSynapse({
  name: "StoreChunk",
  fields: z.object({ data: z.string(), cid: z.string(), ttl: z.int() }),
  requiredHashFields: ["cid", "ttl"],
});

/**
 * Our own validator-to-miner chunk download. The body hash covers `cid`; the caller checks that the
 * returned `data` hashes to it.
 */
export interface RetrieveChunkFields {
  /** The chunk's CID. */
  cid: string;
  /** The response: base64 of the chunk. */
  data: string | null;
}

/** A `RetrieveChunk` synapse. */
export type RetrieveChunkSynapse = Synapse<RetrieveChunkFields>;

/**
 * `RetrieveChunk`: the API node (or a validator probing a miner) asks for a chunk by CID.
 *
 * @example
 * ```ts
 * import { RetrieveChunk } from "./protocol.ts";
 * console.assert(RetrieveChunk.create({ cid: "b" }).data === null);
 * ```
 */
export const RetrieveChunk: SynapseType<RetrieveChunkFields, RetrieveChunkSynapse, { cid: string }> = defineSynapse({
  name: "RetrieveChunk",
  fields: z.object({ cid: z.string(), data: z.string().nullable().default(null) }),
  requiredHashFields: ["cid"],
});
