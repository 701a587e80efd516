import assert from "node:assert/strict";
import { ApiPromise, WsProvider } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import type { ISubmittableResult } from "@polkadot/types/types";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { startDevnet } from "./devnet.ts";
import { DEV_ACCOUNTS } from "./genesis.ts";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");
const dave = keyring.addFromUri("//Dave");
const TAO = 1_000_000_000n;

/** Sends `tx` signed by `signer` and resolves with the in-block result. */
function sendInBlock(
  tx: SubmittableExtrinsic<"promise">,
  signer: ReturnType<Keyring["addFromUri"]>,
  options: Record<string, unknown> = {},
): Promise<ISubmittableResult> {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, options, (result) => {
      if (result.status.isInBlock) resolve(result);
      else if (result.isError) reject(new Error(`status ${result.status.type}`));
    }).catch(reject);
  });
}

interface AccountLike {
  nonce: { toNumber(): number };
  data: { free: { toBigInt(): bigint } };
}

async function account(api: ApiPromise, address: string): Promise<AccountLike> {
  return (await api.query.system.account(address)) as unknown as AccountLike;
}

function eventNames(result: ISubmittableResult): string[] {
  return result.events.map(({ event }) => `${event.section}.${event.method}`);
}

Deno.test("DEV_ACCOUNTS are the keys of //Alice … //Ferdie", () => {
  for (const [name, key] of Object.entries(DEV_ACCOUNTS)) {
    assert.equal(u8aToHex(key), u8aToHex(keyring.addFromUri(`//${name}`).publicKey), name);
  }
});

Deno.test("startDevnet() serves @polkadot/api 16.5.6 in-process: reads, heads, transfers and their errors", async (t) => {
  await using net = await startDevnet({ serve: false, instant: true });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  try {
    await t.step("runtime version, properties and genesis", async () => {
      assert.equal(api.runtimeVersion.specName.toString(), "node-subtensor");
      assert.equal(api.runtimeVersion.specVersion.toNumber(), 343);
      assert.equal((await api.rpc.system.chain()).toString(), "Bittensor Devnet");
      const props = await api.rpc.system.properties();
      assert.equal(props.ss58Format.unwrap().toNumber(), 42);
      assert.equal(props.tokenSymbol.unwrap()[0].toString(), "TAO");
      assert.equal(api.genesisHash.toHex(), net.chain.genesisHash);
      assert.equal(api.registry.chainDecimals[0], 9);
      assert.ok(api.tx.balances.transferKeepAlive && api.tx.balances.transferAllowDeath);
    });

    await t.step("storage: dev accounts are funded, Alice is sudo", async () => {
      const a = await account(api, alice.address);
      assert.equal(a.data.free.toBigInt(), 1_000_000n * TAO);
      assert.equal((await account(api, dave.address)).data.free.toBigInt(), 2_000n * TAO);
      assert.equal((await api.query.sudo.key()).toString(), alice.address);
      assert.equal((await api.query.system.number()).toString(), "0");
    });

    await t.step("new-head subscription sees produced blocks", async () => {
      const seen: number[] = [];
      const { promise, resolve } = Promise.withResolvers<void>();
      const unsub = await api.rpc.chain.subscribeNewHeads((h) => {
        seen.push(h.number.toNumber());
        if (seen.includes(1)) resolve();
      });
      net.produceBlock();
      await promise;
      unsub();
      const hash = await api.rpc.chain.getBlockHash(1);
      const header = await api.rpc.chain.getHeader(hash);
      assert.equal(header.hash.toHex(), hash.toHex(), "header hash = blake2_256(SCALE(header))");
    });

    await t.step("transfer_keep_alive from //Alice is included with ExtrinsicSuccess", async () => {
      const tx = api.tx.balances.transferKeepAlive(bob.address, 5n * TAO);
      const info = await tx.paymentInfo(alice);
      const length = (await tx.signAsync(alice)).encodedLength;
      // subtensor's base fee + one RAO per byte + the weight fee (devnet/subtensor/fees.ts)
      assert.equal(info.partialFee.toBigInt(), 5_774n + BigInt(length) + 30_340n);
      const before = (await account(api, bob.address)).data.free.toBigInt();
      const result = await sendInBlock(api.tx.balances.transferKeepAlive(bob.address, 5n * TAO), alice);
      assert.deepEqual(eventNames(result), [
        "balances.Withdraw",
        "balances.Transfer",
        "transactionPayment.TransactionFeePaid",
        "system.ExtrinsicSuccess",
      ]);
      assert.equal(result.dispatchError, undefined);
      const after = (await account(api, bob.address)).data.free.toBigInt();
      assert.equal(after - before, 5n * TAO);
      const blockHash = result.status.asInBlock;
      const events = await (await api.at(blockHash)).query.system.events() as unknown as {
        event: Parameters<typeof api.events.system.ExtrinsicSuccess.is>[0];
      }[];
      assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));
      assert.equal((await account(api, alice.address)).nonce.toNumber(), 1);
    });

    await t.step("a transfer beyond the balance fails with Token.FundsUnavailable", async () => {
      const result = await sendInBlock(api.tx.balances.transferKeepAlive(bob.address, 5_000n * TAO), dave);
      assert.ok(eventNames(result).includes("system.ExtrinsicFailed"));
      assert.ok(result.dispatchError?.isToken);
      assert.equal(result.dispatchError!.asToken.type, "FundsUnavailable");
    });

    await t.step("a module error decodes by name (Sudo.RequireSudo)", async () => {
      const call = api.tx.balances.forceSetBalance(bob.address, 1n);
      const result = await sendInBlock(api.tx.sudo.sudo(call), bob);
      assert.ok(result.dispatchError?.isModule);
      const meta = api.registry.findMetaError(result.dispatchError!.asModule);
      assert.equal(`${meta.section}.${meta.name}`, "sudo.RequireSudo");
    });

    await t.step("sudo from //Alice dispatches as root", async () => {
      const result = await sendInBlock(
        api.tx.sudo.sudo(api.tx.balances.forceSetBalance(dave.address, 7n * TAO)),
        alice,
      );
      const sudid = result.events.find(({ event }) => api.events.sudo.Sudid.is(event));
      assert.ok(sudid && (sudid.event.data[0] as unknown as { isOk: boolean }).isOk);
      assert.equal((await account(api, dave.address)).data.free.toBigInt(), 7n * TAO);
    });

    await t.step("a call the devnet does not implement is refused at submission, naming it", async () => {
      const result = await sendInBlock(api.tx.system.remarkWithEvent("hi"), alice);
      assert.ok(eventNames(result).includes("system.Remarked"));
      await assert.rejects(
        sendInBlock(api.tx.proxy.addProxy(bob.address, "Any", 0), alice),
        /1010.*Proxy\.add_proxy is not implemented by the devnet/,
      );
    });

    await t.step("a stale nonce is refused with 1010 Transaction is outdated", async () => {
      await assert.rejects(
        api.tx.balances.transferKeepAlive(bob.address, TAO).signAndSend(alice, { nonce: 0 }),
        /1010.*outdated/,
      );
    });

    await t.step("a bad signature is refused with 1010", async () => {
      const tx = api.tx.balances.transferKeepAlive(bob.address, TAO);
      await tx.signAsync(alice);
      const bytes = tx.toU8a();
      // client-rpc.md §4: length (2) ++ 0x84 ++ MultiAddress::Id (1 + 32) ++ MultiSignature::Sr25519 (1 + 64)
      assert.equal(bytes[2], 0x84);
      assert.equal(bytes[36], 0x01);
      bytes[40] ^= 0xff;
      const hex = u8aToHex(bytes);
      await assert.rejects(api.rpc.author.submitExtrinsic(hex), /1010.*bad signature/);
    });

    await t.step("an account that cannot pay the fee is refused with 1010 Payment", async () => {
      const poor = keyring.addFromUri("//Poor");
      await assert.rejects(
        api.tx.balances.transferKeepAlive(bob.address, TAO).signAndSend(poor),
        /1010.*Inability to pay some fees/,
      );
    });

    await t.step("a transfer that would create an account below the existential deposit fails", async () => {
      const fresh = keyring.addFromUri("//Fresh");
      const result = await sendInBlock(api.tx.balances.transferAllowDeath(fresh.address, 100n), alice);
      assert.equal(result.dispatchError?.asToken.type, "BelowMinimum");
    });
  } finally {
    await api.disconnect();
  }
});

Deno.test("startDevnet() serves @polkadot/api over WebSocket: version, storage, heads, a transfer", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  const provider = new WsProvider(net.endpoint, false);
  await provider.connect();
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  try {
    assert.equal(api.runtimeVersion.specName.toString(), "node-subtensor");
    assert.equal((await account(api, alice.address)).data.free.toBigInt(), 1_000_000n * TAO);
    const heads: number[] = [];
    const unsub = await api.rpc.chain.subscribeNewHeads((h) => void heads.push(h.number.toNumber()));
    const result = await sendInBlock(api.tx.balances.transferAllowDeath(bob.address, 3n * TAO), alice);
    assert.deepEqual(eventNames(result).slice(-1), ["system.ExtrinsicSuccess"]);
    assert.ok(heads.includes(1), `heads seen: ${heads}`);
    unsub();
    // The extrinsic is in the block byte for byte (client-rpc.md §6.6).
    const block = await api.rpc.chain.getBlock(result.status.asInBlock);
    assert.equal(block.block.extrinsics.length, 2);
  } finally {
    await api.disconnect();
  }
});
