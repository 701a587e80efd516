/**
 * The one gate for tests that read `../shared` (reference specs and recorded fixtures, a sibling
 * checkout that CI has and a user's clone does not). Such a test is skipped when the file is
 * absent — unless `REQUIRE_FIXTURES=1` (set by `.ci/run`, and by the gate under `CI=true`), where
 * the absence is an error, so CI can never turn fixture tests into silent skips.
 *
 * @module
 */

/** The sibling `shared` checkout, as seen from this repository. */
export const SHARED_DIR: URL = new URL("../../shared/", import.meta.url);

/**
 * Whether a test that reads `../shared/<path>` must be skipped: false when the path exists, true
 * when it does not, and a thrown `Error` when it does not and `REQUIRE_FIXTURES=1`.
 *
 * @example
 * ```ts ignore
 * import { skipWithoutShared } from "../tests/_fixtures.ts";
 * Deno.test({ name: "x", ignore: skipWithoutShared("fixtures/finney/recorded_rpc.json"), fn() {} });
 * ```
 */
export function skipWithoutShared(path: string, base: URL = SHARED_DIR): boolean {
  const url = new URL(path, base);
  try {
    Deno.statSync(url);
    return false;
  } catch {
    if (Deno.env.get("REQUIRE_FIXTURES") === "1") {
      throw new Error(
        `REQUIRE_FIXTURES=1 but ${url.pathname} is absent: fixture tests must run here, not skip ` +
          `(check out the shared fixtures next to this repository, or unset REQUIRE_FIXTURES outside CI)`,
      );
    }
    console.error(`fixtures: ${url.pathname} is absent; skipping the tests that read it`);
    return true;
  }
}
