// The authors' docs run as written (tests/_docs.ts says how): docs/subnet-authors.md, whose first block
// makes a project with `subnet new` and whose snippets then run in it, and the README that project gets.
import { runDocs } from "./_docs.ts";

Deno.test("docs/subnet-authors.md and a subnet new project's README run as written against a devnet", async (t) => {
  await runDocs(t, { files: ["docs/subnet-authors.md"], generatedReadme: true, minBlocks: 8 });
});
