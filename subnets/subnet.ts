/**
 * The `SubnetModule` contract the miner and validator runners take. It lives in
 * `neurons/subnet_module.ts` (below `subnets/`, so the runners import nothing from here); this
 * module re-exports it for subnets.
 *
 * @module
 */
export type {
  MinerKind,
  MinerSetup,
  ReadyCheck,
  SubnetModule,
  ValidatorAxonSetup,
  ValidatorStep,
} from "../neurons/subnet_module.ts";
