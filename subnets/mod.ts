/**
 * Subnets: the `SubnetsAPI` client base, the registry that maps names and netuids to clients, the
 * `SubnetModule` contract the miner and validator runners take, the template subnet's client, and
 * Subnet 21 (FileTao storage) end to end — synapses, CIDs, Python-compatible encryption, clients,
 * the chunk miner, the API node and an in-process local network.
 *
 * @example Store and retrieve on a local Subnet 21
 * ```ts ignore
 * import { cryptoReady, keypairFromUri } from "../wallet/mod.ts";
 * import { RetrieveUserAPI, startLocalSn21, StoreUserAPI } from "./mod.ts";
 * await cryptoReady();
 * await using net = await startLocalSn21();
 * const alice = keypairFromUri("//Alice");
 * const cid = await new StoreUserAPI(alice).query({ axons: [net.api] }, "Hello FileTao!");
 * const bytes = await new RetrieveUserAPI(alice).query({ axons: [net.api] }, cid);
 * ```
 *
 * @module
 */
export * from "./subnets_api.ts";
export * from "./registry.ts";
export * from "./handlers.ts";
export * from "./subnet.ts";
export * from "./modules.ts";
export * from "./template/mod.ts";
export * from "./template/api.ts";
export * from "./sn21/mod.ts";
export * from "./sn21/handler.ts";
export * from "./sn21/local.ts";
