/**
 * Reads a JUnit XML report (as `deno test --junit-path`, `node --test --test-reporter=junit` and
 * `bun test --reporter=junit` write it) into one entry per test case. Only the structure the gate
 * needs: a case's name, file and whether it passed, failed or was skipped.
 *
 * @module
 */

/** One `<testcase>` of a report. */
export interface JunitCase {
  /** The case's name (`test > step` for Deno steps). */
  name: string;
  /** Its `classname` (Deno: the test file). */
  file: string;
  /** What happened to it. */
  status: "passed" | "failed" | "skipped";
  /** The failure message, when it failed. */
  message: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function unescape(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    if (e[0] !== "#") return ENTITIES[e];
    return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

function attribute(tag: string, name: string): string {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]) : "";
}

/**
 * Parses a report; throws `SyntaxError` when the text is not a JUnit report.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readJunit } from "./junit.ts";
 * const xml = '<testsuites><testcase name="a" classname="x.ts"><skipped/></testcase></testsuites>';
 * assert.equal(readJunit(xml)[0].status, "skipped");
 * ```
 */
export function readJunit(xml: string): JunitCase[] {
  if (!/<testsuites?[\s>]/.test(xml)) throw new SyntaxError("Cannot read the JUnit report: no <testsuites> element");
  const cases: JunitCase[] = [];
  // Attribute values and bodies are escaped, so a raw "<testcase" or "</testcase>" only appears as markup.
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    const body = m[3] ?? "";
    const failure = /<(failure|error)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/.exec(body);
    const status = failure ? "failed" : /<skipped\b/.test(body) ? "skipped" : "passed";
    const message = failure ? unescape(failure[4] ?? attribute(failure[2], "message")) : "";
    cases.push({ name: attribute(m[1], "name"), file: attribute(m[1], "classname"), status, message });
  }
  return cases;
}
