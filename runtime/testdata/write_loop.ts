/**
 * A writer that never stops: rewrites `<path>` with `writeFileAtomic` in a loop (JSON of a
 * counter and ~256 KiB of padding), for the kill -9 durability test. Prints `writing` once started.
 */
import { writeFileAtomic } from "../atomic_file.ts";

const path = Deno.args[0];
const pad = "x".repeat(256 * 1024);
console.log("writing");
for (let n = 0;; n++) await writeFileAtomic(path, JSON.stringify({ n, pad }));
