// README.md and docs/*.md run as written against a devnet (tests/_docs.ts says how). The authors'
// page runs in docs_authors_test.ts, in the project `subnet new` makes; the two files run in parallel.
import { allDocs, runDocs } from "./_docs.ts";

Deno.test("the sh blocks of README.md and docs/*.md run as written against a devnet", async (t) => {
  await runDocs(t, { files: allDocs().filter((f) => f !== "docs/subnet-authors.md"), minBlocks: 10 });
});
