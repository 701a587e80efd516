/**
 * The planted bugs of the mutation check (`deno task mutate`, tests/mutation/run.ts): each entry
 * removes or weakens one security check in one line, and names the test files that must then fail.
 * Adding a check is adding an entry: `find` must occur exactly once in `file` (the runner refuses a
 * stale entry rather than report it caught), and `tests` should be the few files that cover it.
 *
 * @module
 */

/** One planted bug. */
export interface Mutation {
  /** A short stable id (`axon-signature`). */
  id: string;
  /** The check it removes, for the table. */
  check: string;
  /** The file to mutate, relative to the repository root. */
  file: string;
  /** Text that occurs exactly once in `file`. */
  find: string;
  /** What replaces it. */
  replace: string;
  /** Test files (relative to the root) that must fail with the bug in place. */
  tests: string[];
}

const AXON_TESTS = ["neurons/axon_test.ts", "tests/axon_fuzz_test.ts"];
const SN21_TESTS = ["subnets/sn21/e2e_test.ts"];

/** Every planted bug, grouped by area. */
export const MUTATIONS: readonly Mutation[] = [
  // Axon (synapse dialect): wire-protocol.md §3.3–3.4, one entry per stage check (neurons/axon_*.ts).
  {
    id: "axon-signature",
    check: "axon verifies the sr25519 signature",
    file: "neurons/axon_authenticate.ts",
    find: "if (!(await verifier(enc.encode(message), hexToBytes(signature.slice(2)), who.publicKey))) {",
    replace: "if (false) {",
    tests: ["neurons/axon_authenticate_test.ts", ...AXON_TESTS],
  },
  {
    id: "axon-nonce-precheck",
    check: "axon pre-checks the nonce window before any signature work",
    file: "neurons/axon_authenticate.ts",
    find: "    if (!verdict.ok) throw nonceRefusal(verdict);\n    return [who, d.nonce, uuid];",
    replace: "    return [who, d.nonce, uuid];",
    tests: ["neurons/axon_authenticate_test.ts"],
  },
  {
    id: "axon-identity",
    check: "axon refuses a non-canonical spelling of a hotkey (401)",
    file: "neurons/axon_authenticate.ts",
    find: "if (who === null) throw notVerified(nonCanonicalReason(claimed!));",
    replace: "",
    tests: ["neurons/axon_authenticate_test.ts"],
  },
  {
    id: "axon-receiver",
    check: "a synapse-signed plain route refuses another receiver from the headers",
    file: "neurons/axon_authenticate.ts",
    find: "if (receiverHeader && receiverHeader !== receiver) {",
    replace: "if (false) {",
    tests: ["neurons/axon_authenticate_test.ts", "neurons/axon_dialects_test.ts"],
  },
  {
    id: "axon-body-hash",
    check: "axon compares the body hash with the signed header",
    file: "neurons/axon_body.ts",
    find: "if (hash !== head.computedBodyHash) throw",
    replace: "if (false) throw",
    tests: ["neurons/axon_body_test.ts", ...AXON_TESTS],
  },
  {
    id: "axon-nonce-commit",
    check: "axon records the nonce (replay)",
    file: "neurons/axon.ts",
    find: "  s.callers.commit(head, caller);\n",
    replace: "",
    tests: ["neurons/axon_test.ts", "tests/axon_fuzz_test.ts"],
  },
  {
    id: "axon-nonce-record",
    check: "caller admission refuses a replayed nonce",
    file: "neurons/axon_admit_caller.ts",
    find: "if (!verdict.ok) throw nonceRefusal(verdict);",
    replace: "",
    tests: ["neurons/axon_admit_caller_test.ts", "neurons/axon_test.ts"],
  },
  {
    id: "axon-hotkey-rate",
    check: "a verified hotkey spends its rate token (429)",
    file: "neurons/axon_admit_caller.ts",
    find: "if (hotkeyLimit && !hotkeyLimit.take(key, now())) throw tooMany(hotkey);",
    replace: "",
    tests: ["neurons/axon_admit_caller_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "axon-ip-rate",
    check: "a peer IP past its rate limit is refused before anything else (429)",
    file: "neurons/axon_transport.ts",
    find: "if (limits.ipLimit && !limits.ipLimit.take(peer.hostname, limits.now())) {",
    replace: "if (false) {",
    tests: ["neurons/axon_transport_test.ts"],
  },
  {
    id: "axon-declared-size",
    check: "a declared body past bodyBytesMax is refused before it is read (413)",
    file: "neurons/axon_transport.ts",
    find: "if (length !== null && Number(length) > limits.bodyBytesMax) {",
    replace: "if (false) {",
    tests: ["neurons/axon_transport_test.ts"],
  },
  {
    id: "axon-blacklist",
    check: "a blacklisted hotkey is refused (403)",
    file: "neurons/axon_blacklist.ts",
    find: "if (verdict[0]) throw refusal(axonStatus.blacklisted(verdict[1]));",
    replace: "",
    tests: ["neurons/axon_blacklist_test.ts", "neurons/axon_test.ts"],
  },
  {
    id: "axon-blacklist-fails-closed",
    check: "a blacklist that throws refuses the caller",
    file: "neurons/axon_blacklist.ts",
    find: "verdict = [true, `blacklist check failed",
    replace: "verdict = [false, `blacklist check failed",
    tests: ["neurons/axon_blacklist_test.ts"],
  },
  {
    id: "axon-verify-fn",
    check: "a throwing custom verify refuses the request (401)",
    file: "neurons/axon_forward.ts",
    find: "    throw notVerified(error instanceof Error ? error.message : String(error));\n",
    replace: "",
    tests: ["neurons/axon_forward_test.ts"],
  },
  {
    id: "axon-verified-caller",
    check: "priority/forward see the verified caller, not the body's claim",
    file: "neurons/axon_forward.ts",
    find: "      hotkey: caller.hotkey,\n      nonce: caller.nonce,\n",
    replace: "",
    tests: ["neurons/axon_forward_test.ts", "neurons/axon_test.ts"],
  },
  {
    id: "axon-plain-synapse-hash",
    check: "the synapse dialect on plain routes checks the raw body's hash",
    file: "neurons/axon_dialects.ts",
    find: "if (head.computedBodyHash !== rawHash) {",
    replace: "if (false) {",
    tests: ["neurons/axon_dialects_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "axon-plain-synapse-nonce",
    check: "the synapse dialect on plain routes records the nonce (replay)",
    file: "neurons/axon_dialects.ts",
    find: "        admission.commit(head, caller);\n",
    replace: "",
    tests: ["neurons/axon_dialects_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "nonce-replay",
    check: "a nonce must grow strictly per hotkey:uuid",
    file: "neurons/axon_nonces.ts",
    find: "if (nonce <= entry.nonce) {",
    replace: "if (nonce < entry.nonce) {",
    tests: ["neurons/axon_nonces_test.ts", "neurons/axon_test.ts"],
  },
  {
    id: "nonce-stale",
    check: "a first nonce must be fresh (4 s + timeout)",
    file: "neurons/axon_nonces.ts",
    find: "if (nonce + windowNs < nowNs) {",
    replace: "if (false) {",
    tests: ["neurons/axon_nonces_test.ts", "neurons/axon_test.ts"],
  },
  {
    id: "priority-order",
    check: "the priority queue serves the highest priority first",
    file: "neurons/axon_priority.ts",
    find: "return a.priority > b.priority ||",
    replace: "return a.priority < b.priority ||",
    tests: ["neurons/axon_priority_test.ts", "neurons/axon_test.ts"],
  },
  // btauth/1 and Epistula (clarifications: "as live code does them").
  {
    id: "btauth-signature",
    check: "btauth/1 verifies the signature",
    file: "protocol/btauth.ts",
    find: "if (!verifyScheme(trusted, encoder.encode(payload), signature, publicKey)) {",
    replace: "if (false) {",
    tests: ["protocol/btauth_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "btauth-receiver",
    check: "btauth/1 binds the receiver",
    file: "protocol/btauth.ts",
    find: "} else if (receiver !== options.receiver) {",
    replace: "} else if (false) {",
    tests: ["protocol/btauth_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "btauth-replay",
    check: "btauth/1 refuses a replayed nonce",
    file: "protocol/btauth.ts",
    find: 'if (stored === "replayed") return fail("replayed", "this nonce',
    replace: 'if (false) return fail("replayed", "this nonce',
    tests: ["protocol/btauth_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "epistula-signature",
    check: "Epistula verifies the signature",
    file: "protocol/epistula.ts",
    find: "if (!sig || publicKey.length !== 32 || !verifySr25519(message, hexToBytes(sig[1]), publicKey)) {",
    replace: "if (!sig || publicKey.length !== 32) {",
    tests: ["protocol/epistula_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "epistula-signed-for",
    check: "Epistula-Signed-For must be our hotkey",
    file: "protocol/epistula.ts",
    find: 'if (signedFor !== options.receiver) return failed("wrong-receiver"',
    replace: 'if (false) return failed("wrong-receiver"',
    tests: ["protocol/epistula_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "epistula-replay",
    check: "Epistula refuses a replayed uuid",
    file: "protocol/epistula.ts",
    find: 'if (stored === "replayed") return fail("replayed"',
    replace: 'if (false) return fail("replayed"',
    tests: ["protocol/epistula_test.ts", "tests/auth_dialects_test.ts"],
  },
  // Yuma (chain.md §7): incentive from active stake.
  {
    id: "yuma-incentive-sparse",
    check: "sparse Yuma: incentive from active stake",
    file: "devnet/yuma/epoch.ts",
    find: "const incentive = matmul(clipped, activeStake, n);",
    replace: "const incentive = matmul(clipped, stake, n);",
    tests: ["devnet/yuma/active_stake_test.ts", "devnet/yuma/epoch_test.ts", "devnet/yuma/yuma3_test.ts"],
  },
  {
    id: "yuma-incentive-dense",
    check: "dense Yuma: incentive from active stake",
    file: "devnet/yuma/dense.ts",
    find: "incentive[j] += mul(activeStake[i], clipped[i][j]);",
    replace: "incentive[j] += mul(stake[i], clipped[i][j]);",
    tests: ["devnet/yuma/active_stake_test.ts", "devnet/yuma/epoch_test.ts"],
  },
  // Weights to u16 (Python's convert_weights_and_uids_for_emit).
  {
    id: "weights-u16-round",
    check: "weights scale to u16 with Python's round (half to even)",
    file: "chain/weights.ts",
    find: "const v = roundHalfEven((w / max) * U16_MAX);",
    replace: "const v = Math.floor((w / max) * U16_MAX);",
    tests: ["chain/weights_test.ts"],
  },
  {
    id: "weights-round-ties",
    check: "round half to even at exact ties",
    file: "chain/weights.ts",
    find: "return f % 2 === 0 ? f : f + 1;",
    replace: "return f + 1;",
    tests: ["chain/weights_test.ts"],
  },
  // $NACL keyfiles: the key comes from the password.
  {
    id: "nacl-password",
    check: "$NACL decryption derives the key from the given password",
    file: "wallet/keyfile_crypto.ts",
    find: "return naclOpen(data, await (options.deriveKey ?? deriveNaclKey)(password));",
    replace: 'return naclOpen(data, await (options.deriveKey ?? deriveNaclKey)("thisisafakepassword"));',
    tests: ["wallet/keyfile_crypto_test.ts", "wallet/wallet_test.ts"],
  },
  // Timelock (timelock.md).
  {
    id: "timelock-round-floor",
    check: "the drand round at a time floors (bittensor-drand)",
    file: "chain/reveal_round.ts",
    find: "const r = Math.floor((timeSeconds - beacon.genesisTime) / beacon.period);",
    replace: "const r = Math.ceil((timeSeconds - beacon.genesisTime) / beacon.period);",
    tests: ["chain/reveal_round_test.ts"],
  },
  {
    id: "timelock-wrong-pulse",
    check: "decrypt refuses a pulse of another round",
    file: "protocol/timelock/tle.ts",
    find: "if (!G2.Point.BASE.multiply(h3(sigma, esk)).equals(u)) {",
    replace: "if (false) {",
    tests: ["protocol/timelock/tle_test.ts"],
  },
  {
    id: "timelock-verify-pulse",
    check: "a drand pulse must verify against the beacon key",
    file: "protocol/timelock/tle.ts",
    find: "return fields.Fp12.eql(product, fields.Fp12.ONE);",
    replace: "return true;",
    tests: ["protocol/timelock/tle_test.ts", "devnet/drand/pallet_test.ts"],
  },
  {
    id: "timelock-reveal-round",
    check: "devnet refuses a commit to a round already stored",
    file: "devnet/subtensor/timelocked.ts",
    find: "if (a.revealRound < last) {",
    replace: "if (false) {",
    tests: ["devnet/subtensor/timelocked_test.ts"],
  },
  // Devnet transaction validity.
  {
    id: "devnet-bad-proof",
    check: "devnet refuses a bad extrinsic signature (BadProof)",
    file: "devnet/chain.ts",
    find: 'if (!verifyExtrinsicSignature(s, payload)) throw new InvalidTransaction("BadProof");',
    replace: "",
    tests: ["devnet/chain_test.ts", "devnet/devnet_test.ts"],
  },
  // Subnet 21: content addressing end to end.
  {
    id: "sn21-store-cid",
    check: "SN21 client: the node's CID must be the upload's",
    file: "subnets/sn21/api.ts",
    find: "if (expected !== undefined && response.data_hash !== expected) {",
    replace: "if (false) {",
    tests: ["subnets/sn21/lying_node_test.ts"], // the lying-node tests alone must catch it
  },
  {
    id: "sn21-retrieve-cid",
    check: "SN21 client: retrieved bytes must hash to the CID",
    file: "subnets/sn21/api.ts",
    find: "if (!bytes || !matchesCid(bytes, cid)) {",
    replace: "if (!bytes) {",
    tests: ["subnets/sn21/lying_node_test.ts"], // the lying-node tests alone must catch it
  },
  {
    id: "sn21-reassembled-cid",
    check: "SN21 API node: the reassembled file must hash to its CID",
    file: "subnets/sn21/api_node.ts",
    find: "if (at !== file.size || !matchesCid(data, cid)) {",
    replace: "if (at !== file.size) {",
    tests: ["subnets/sn21/lying_node_test.ts"], // the lying-node tests alone must catch it
  },
  {
    id: "sn21-chunk-cid",
    check: "SN21 API node: each chunk must hash to its CID",
    file: "subnets/sn21/api_node.ts",
    find: "if (bytes && matchesCid(bytes, chunk.cid)) return bytes;",
    replace: "if (bytes) return bytes;",
    tests: SN21_TESTS,
  },
  {
    id: "sn21-reward-cid",
    check: "SN21 validator rewards only bytes that match the probe's CID",
    file: "subnets/sn21/mod.ts",
    find: "return storedOk && bytes !== undefined && matchesCid(bytes, asked) ? 1 : 0;",
    replace: "return storedOk && bytes !== undefined ? 1 : 0;",
    tests: ["subnets/sn21/e2e_test.ts"],
  },
  // Hostile peers (issue 16): identity canonicalisation, body, JSON and response caps, connection limits.
  {
    id: "identity-canonical",
    check: "a hotkey is accepted only in its canonical prefix-42 SS58 spelling",
    file: "protocol/ss58.ts",
    find: "if (publicKey.length !== 32 || encodeAddress(publicKey, SS58_PREFIX) !== text) return null;",
    replace: "if (publicKey.length !== 32) return null;",
    tests: ["neurons/axon_identity_test.ts", "tests/auth_dialects_test.ts"],
  },
  {
    id: "axon-body-cap",
    check: "axon stops reading a body past bodyBytesMax (413)",
    file: "neurons/axon_head.ts",
    find: "if (size > bytesMax) {\n        await reader.cancel()",
    replace: "if (false) {\n        await reader.cancel()",
    tests: ["neurons/axon_stages_test.ts", "neurons/axon_test.ts", "tests/axon_fuzz_test.ts"],
  },
  {
    id: "json-keys-cap",
    check: "the JSON reader refuses more than keysMax keys",
    file: "protocol/_json_parse.ts",
    find: "if (++keys > keysMax) limit(",
    replace: "if (++keys < 0) limit(",
    tests: ["protocol/json_limits_test.ts", "protocol/json_test.ts"],
  },
  {
    id: "json-depth-cap",
    check: "the JSON reader refuses nesting past depthMax",
    file: "protocol/_json_parse.ts",
    find: "if (depth >= depthMax) limit(",
    replace: "if (false) limit(",
    tests: ["protocol/json_limits_test.ts", "protocol/json_test.ts"],
  },
  {
    id: "json-bytes-cap",
    check: "the JSON reader refuses a text past bytesMax",
    file: "protocol/_json_parse.ts",
    find: "  checkBytes(text, limits.bytesMax, what);\n",
    replace: "",
    tests: ["protocol/json_limits_test.ts", "protocol/json_test.ts"],
  },
  {
    id: "dendrite-response-cap",
    check: "the dendrite stops reading an answer past responseBytesMax",
    file: "neurons/read_response.ts",
    find: "if (size > bytesMax) {\n        throw new ResponseLimitError(",
    replace: "if (false) {\n        throw new ResponseLimitError(",
    tests: ["tests/hostile/miner_side_test.ts"], // an endless chunked answer: no content-length to refuse early
  },
  {
    id: "nonce-per-ip",
    check: "one IP holds at most entriesPerIpMax nonce entries",
    file: "neurons/axon_nonces.ts",
    find: "if (origin.ip !== undefined && (this.#perIp.get(origin.ip) ?? 0) >= this.#perIpMax) {",
    replace: "if (false) {",
    tests: ["neurons/axon_nonces_test.ts"],
  },
  {
    id: "connections-per-ip",
    check: "the accept layer caps connections per IP",
    file: "runtime/connection_limits.ts",
    find:
      "if ((fromIp?.size ?? 0) >= this.#limits.connectionsPerIpMax && !this.#evictFrom(fromIp!, nowMs)) return null;",
    replace: "",
    tests: ["runtime/connection_limits_test.ts", "runtime/serve_deno_test.ts"],
  },
  {
    id: "connection-timeouts",
    check: "the accept layer closes connections whose head or idle time ran out",
    file: "runtime/connection_limits.ts",
    find: "if (late) {",
    replace: "if (false) {",
    tests: ["runtime/connection_limits_test.ts"],
  },
  {
    id: "devnet-websocket-held",
    check: "the devnet's WebSockets count under the accept layer's per-IP cap",
    file: "devnet/server.ts",
    find: "const release = info.hold();",
    replace: "const release = () => {};",
    tests: ["devnet/connection_hygiene_test.ts"],
  },
  {
    id: "devnet-connections",
    check: "the devnet answers 503 past connectionsMax",
    file: "devnet/server.ts",
    find: "if (connections >= limits.connectionsMax) {",
    replace: "if (false) {",
    tests: ["devnet/connection_cap_test.ts", "devnet/server_test.ts"],
  },
];
