/**
 * The files `subnet new` writes: a standalone subnet project (protocol, subnet module, its own CLI,
 * tests, README) that imports the library through its import map. Pure: it returns file contents,
 * and `cli/new.ts` writes them.
 *
 * @module
 */

/** How the project reaches the library. */
export interface LibraryRoute {
  /** `@subnet/subnet` version the project is made with (pinned). */
  version: string;
  /**
   * The installed library's root as a `file:` URL ending in `/`, or `undefined` for the published
   * route (`jsr:@subnet/subnet@<version>`).
   */
  localRoot?: string;
  /** The library's own import map (its npm dependencies), needed when it is imported by path. */
  libraryImports: Record<string, string>;
}

/** What to write: the project's name and the library route. */
export interface ProjectSpec {
  /** The subnet's name (a word: letters, digits, `-`, `_`). */
  name: string;
  /** How the project imports the library. */
  library: LibraryRoute;
}

/** Paths (relative to the project) and their contents. */
export type ProjectFiles = Record<string, string>;

/**
 * The project's files.
 *
 * @example
 * ```ts
 * import { projectFiles } from "./new_project.ts";
 * const files = projectFiles({ name: "my-subnet", library: { version: "0.1.0", libraryImports: {} } });
 * console.assert("main.ts" in files && "deno.json" in files);
 * ```
 */
export function projectFiles(spec: ProjectSpec): ProjectFiles {
  return {
    "deno.json": denoJson(spec),
    "protocol.ts": PROTOCOL,
    "subnet.ts": subnetTs(spec.name),
    "main.ts": MAIN,
    "subnet_test.ts": SUBNET_TEST,
    "e2e_test.ts": E2E_TEST,
    "README.md": readme(spec),
    ".gitignore": "dist/\n.DS_Store\n",
  };
}

function denoJson({ name, library }: ProjectSpec): string {
  const imports: Record<string, string> = library.localRoot
    ? {
      "@subnet/subnet": `${library.localRoot}mod.ts`,
      "@subnet/subnet/cli": `${library.localRoot}cli/entry.ts`,
      "@subnet/subnet/devnet": `${library.localRoot}devnet/mod.ts`,
      ...library.libraryImports,
    }
    : {
      "@subnet/subnet": `jsr:@subnet/subnet@${library.version}`,
      "@subnet/subnet/cli": `jsr:@subnet/subnet@${library.version}/cli`,
      "@subnet/subnet/devnet": `jsr:@subnet/subnet@${library.version}/devnet`,
      zod: library.libraryImports.zod ?? "npm:zod@4",
    };
  if (!imports.zod) imports.zod = library.libraryImports.zod ?? "npm:zod@4";
  const config = {
    imports,
    tasks: {
      demo: "deno run -A main.ts demo",
      test: "deno test -A",
      devnet: "deno run -A main.ts devnet",
      miner: "deno run -A main.ts miner",
      validator: "deno run -A main.ts validator",
      check: "deno fmt --check && deno lint && deno check main.ts",
      bundle: `deno bundle --platform=deno -o dist/${name}.js main.ts`,
      compile: `deno compile -A -o dist/${name} main.ts`,
    },
    fmt: { lineWidth: 120, proseWrap: "preserve", exclude: ["dist/"] },
    lint: { exclude: ["dist/"] },
    test: { exclude: ["dist/"] },
  };
  return JSON.stringify(config, null, 2) + "\n";
}

const PROTOCOL = `/**
 * The subnet's wire protocol: one synapse. The validator sends a list of integers; a miner answers
 * their sum. \`requiredHashFields\` are covered by the request's signature (the body hash).
 *
 * @module
 */
import { defineSynapse, type Synapse, type SynapseType } from "@subnet/subnet";
import { z } from "zod";

/** The fields of \`Sum\`. */
export interface SumFields {
  /** The validator's numbers. */
  numbers: number[];
  /** The miner's answer (\`null\` until it answers). */
  sum: number | null;
}

/** What \`Sum.create\` takes. */
export interface SumInit {
  /** The validator's numbers. */
  numbers: number[];
  /** The miner's answer. */
  sum?: number | null;
}

/** A \`Sum\` synapse. */
export type SumSynapse = Synapse<SumFields>;

/** The synapse: \`numbers\` in, \`sum\` out; \`deserialize\` gives the miner's answer. */
export const Sum: SynapseType<SumFields, number | null, SumInit> = defineSynapse({
  name: "Sum",
  fields: z.object({
    numbers: z.array(z.int()),
    sum: z.int().nullable().default(null),
  }),
  requiredHashFields: ["numbers"],
  deserialize: (synapse) => synapse.sum,
});
`;

function subnetTs(name: string): string {
  return `/**
 * The subnet: what a miner answers (\`setupMiner\`) and how a validator scores it (\`validatorStep\`).
 * \`main.ts\` builds it into the subnet's own command line.
 *
 * @module
 */
import type { SubnetModule } from "@subnet/subnet";
import { Sum, type SumSynapse } from "./protocol.ts";

/** The reward of one answer: 1 when it is the sum, else 0 (no answer is 0). */
export function reward(numbers: readonly number[], answer: number | null | undefined): number {
  return answer === numbers.reduce((a, b) => a + b, 0) ? 1 : 0;
}

/** The validator's query for a step: a few numbers derived from the step. */
export function challenge(step: number): number[] {
  return [step, step * 7 % 11, (step * 13 + 5) % 17];
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** The subnet module: the miner sums, the validator rewards correct sums. */
export const subnet: SubnetModule = {
  name: ${JSON.stringify(name)},
  summary: "miners sum the validator's numbers; correct sums earn",
  // Clients send these with \`deno run -A main.ts query Sum '{"numbers": [1, 2]}' --axons …\`.
  synapses: [Sum],
  setupMiner({ axon, blacklist, priority, kind }) {
    axon.attach(Sum, async (synapse: SumSynapse, context) => {
      // \`kind\` is for \`deno task demo\`: real miners are honest.
      if (kind === "slow") await delay(synapse.timeout * 1000 + 1000, context.signal);
      const sum = synapse.numbers.reduce((a, b) => a + b, 0);
      return { ...synapse, sum: kind === "wrong" ? sum + 1 : sum };
    }, { blacklist, priority });
  },
  async validatorStep({ dendrite, axons, step, timeout }) {
    const numbers = challenge(step);
    const answers = await dendrite.query(axons, Sum.create({ numbers }), { type: Sum, timeout, deserialize: true });
    return answers.map((answer) => reward(numbers, answer as number | null));
  },
};
`;
}

const MAIN = `/**
 * This subnet's own command line: \`miner\`, \`validator\`, \`demo\`, \`devnet\`, \`wallet\`, … with the
 * subnet built in (a static import, so \`deno task compile\` and \`deno task bundle\` include it).
 *
 * @module
 */
import { runSubnetCli } from "@subnet/subnet/cli";
import { subnet } from "./subnet.ts";

if (import.meta.main) Deno.exit(await runSubnetCli({ subnets: [subnet] }));
`;

const SUBNET_TEST = `import assert from "node:assert/strict";
import { challenge, reward } from "./subnet.ts";

Deno.test("reward() is 1 for the sum and 0 for anything else", () => {
  assert.equal(reward([1, 2, 3], 6), 1);
  assert.equal(reward([1, 2, 3], 7), 0);
  assert.equal(reward([1, 2, 3], null), 0);
  assert.equal(reward([], 0), 1);
});

Deno.test("challenge() varies with the step", () => {
  assert.notDeepEqual(challenge(1), challenge(2));
});
`;

const E2E_TEST = `// End to end on the embedded devnet: a validator and two miners (honest, wrong) run this subnet
// through its own command line (\`demo\`); after two epochs the honest miner earns and the wrong one
// does not.
import assert from "node:assert/strict";
import { type CliIo, runSubnetCli } from "@subnet/subnet/cli";
import { subnet } from "./subnet.ts";

Deno.test("on a devnet, the honest miner earns incentive and the wrong one earns none", async () => {
  const out: string[] = [];
  const io: CliIo = {
    print: (line) => void out.push(line),
    error: () => {},
    writeStdout: () => Promise.resolve(),
    env: {},
    signal: new AbortController().signal,
  };
  // 400 ms blocks give each query 0.8 s: enough for the honest miner on a busy machine.
  const args = ["demo", "--json", "--miners", "honest,wrong", "--block-time-ms", "400"];
  assert.equal(await runSubnetCli({ subnets: [subnet], args, io }), 0);
  const { summary } = JSON.parse(out.at(-1)!);
  const byKind = Object.fromEntries(summary.neurons.map((n: { kind: string }) => [n.kind, n]));
  assert.ok(byKind.honest.incentive > 0, \`honest incentive \${byKind.honest.incentive}\`);
  assert.equal(byKind.wrong.incentive, 0);
  assert.ok(byKind.honest.served > 0 && byKind.wrong.served > 0, "both miners were queried");
});
`;

function readme({ name, library }: ProjectSpec): string {
  const route = library.localRoot
    ? `This project imports the library by path from the copy it was made with (\`${library.localRoot}\`,
version ${library.version}); see "Updating the library" for the published route.`
    : `This project imports the published library, \`jsr:@subnet/subnet@${library.version}\`.`;
  return `# ${name}

A Bittensor subnet built with [\`@subnet/subnet\`](https://jsr.io/@subnet/subnet) ${library.version}:
the protocol is \`protocol.ts\` (one synapse), the subnet is \`subnet.ts\` (the miner's answer and the
validator's reward), and \`main.ts\` is this subnet's own command line — the \`subnet\` CLI with this
subnet built in, so no \`--subnet\` flag is needed anywhere.

${route}

## Files

| file             | what it is                                                               |
| ---------------- | ------------------------------------------------------------------------ |
| \`protocol.ts\`    | the synapse: \`numbers\` in, \`sum\` out                                     |
| \`subnet.ts\`      | the \`SubnetModule\`: the miner's forward and the validator's reward       |
| \`main.ts\`        | the CLI: \`miner\`, \`validator\`, \`demo\`, \`devnet\`, \`wallet\`, \`register\`, … |
| \`subnet_test.ts\` | unit tests of the reward                                                 |
| \`e2e_test.ts\`    | a devnet run: the honest miner earns, a wrong one does not               |

## 1. Local devnet (no chain to install)

<!-- docs-test: skip: the gate's scaffold step runs these (tests/scaffold_check.ts) -->

\`\`\`sh
deno task test             # unit tests and the devnet end-to-end test
deno task demo             # a devnet, a validator and honest/slow/wrong miners; prints who earned what
deno task demo --json      # the same, as JSON
\`\`\`

To run the pieces yourself, start a devnet in one terminal (\`ws://127.0.0.1:9944\`: netuid 1, funded dev
keys, //Alice its owner):

<!-- docs-test: skip: the docs test starts its own devnet -->

\`\`\`sh
deno task devnet
\`\`\`

Then, in another (\`&\` keeps the neurons in the background; \`kill %1 %2\` stops them):

\`\`\`sh
deno run -A main.ts register --netuid 1 --dev //Alice -y   # the validator
deno run -A main.ts register --netuid 1 --dev //Bob -y     # a miner
deno task miner --netuid 1 --dev //Bob --axon.port 8091 &
deno task validator --netuid 1 --dev //Alice --neuron.axon_off &
\`\`\`

## Asking the miners yourself

\`query\` sends a synapse listed in the subnet's \`synapses\` to the miners and prints each answer
as one JSON line. The fields are one JSON object; \`--axons ip:port:hotkey\` asks given axons without a
chain, otherwise the subnet's serving axons are read from the chain (\`--netuid\`):

\`\`\`sh
for i in \$(seq 60); do curl -sf http://127.0.0.1:8091/metrics > /dev/null && break; sleep 1; done   # until it serves
deno run -A main.ts query ${name} Sum '{"numbers": [1, 2]}' --dev //Alice \\
  --axons 127.0.0.1:8091:5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty   # 3 (//Bob's hotkey)
deno run -A main.ts query Sum '{"numbers": [1, 2, 3]}' --netuid 1 --dev //Alice   # 6 from each serving miner
\`\`\`

## 2. Testnet

Create real wallets, get test TAO, register on your testnet netuid, then run the same commands with
\`--subtensor.network test\`:

<!-- docs-test: skip: needs testnet TAO and a testnet netuid -->

\`\`\`sh
deno run -A main.ts wallet create --wallet.name miner --wallet.hotkey default
deno run -A main.ts register --netuid <N> --wallet.name miner --subtensor.network test
deno task miner --netuid <N> --wallet.name miner --subtensor.network test --axon.port 8091
deno task validator --netuid <N> --wallet.name validator --subtensor.network test
\`\`\`

## 3. Mainnet

The same with \`--subtensor.network finney\` and your mainnet netuid. Ship one file instead of a checkout:

<!-- docs-test: skip: needs mainnet TAO and a mainnet netuid -->

\`\`\`sh
deno task compile    # dist/${name}: one executable (needs Deno's runtime download once)
deno task bundle     # dist/${name}.js: one JavaScript file, run with deno run -A dist/${name}.js
./dist/${name} miner --netuid <N> --wallet.name miner --subtensor.network finney
\`\`\`

## Updating the library

The library version is pinned: this project was made with @subnet/subnet ${library.version}.

- **Published route (JSR):** in \`deno.json\`, point the three \`@subnet/subnet\` imports at
  \`jsr:@subnet/subnet@<version>\`, \`jsr:@subnet/subnet@<version>/cli\` and
  \`jsr:@subnet/subnet@<version>/devnet\`; the library then brings its own dependencies, so the other
  \`npm:\` entries except \`zod\` can go.
- **Installed copy (today):** point the three imports at the new copy's \`mod.ts\`, \`cli/entry.ts\`
  and \`devnet/mod.ts\`, and copy the \`npm:\` entries from that copy's \`deno.json\`.

Then run \`deno task test\` and \`deno task demo\` before you deploy.
`;
}
