/**
 * A devnet that saves its state as often as it can (`--state` every 10 ms, a block every 10 ms),
 * for the kill -9 durability test. Prints `saved` after its first save.
 */
import { startDevnet } from "../devnet.ts";

const net = await startDevnet({ serve: false, blockTimeMs: 10, statePath: Deno.args[0], stateSaveIntervalMs: 10 });
await net.save();
console.log("saved");
