/**
 * Option groups shared by subcommands, named as in the Python template and bittensor
 * (`--wallet.name`, `--subtensor.network`, `--axon.port`, `--logging.debug`), with the same
 * environment variables.
 *
 * @module
 */
import type { OptionSpecs } from "./args.ts";

/** Wallet selection, or `--dev <uri>` for a development key. */
export const walletOptions: OptionSpecs = {
  "wallet.name": {
    type: "string",
    help: "Wallet name",
    default: "default",
    env: "BT_WALLET_NAME",
    valueName: "<name>",
  },
  "wallet.hotkey": {
    type: "string",
    help: "Hotkey name within the wallet",
    default: "default",
    env: "BT_WALLET_HOTKEY",
    valueName: "<name>",
  },
  "wallet.path": {
    type: "string",
    help: "Folder holding wallets",
    default: "~/.bittensor/wallets",
    env: "BT_WALLET_PATH",
    valueName: "<dir>",
  },
  "dev": {
    type: "string",
    help: "Use a development key (such as //Alice) as coldkey and hotkey instead of wallet files",
    valueName: "<uri>",
  },
};

/** Which chain to talk to. */
export const subtensorOptions: OptionSpecs = {
  "subtensor.network": {
    type: "string",
    help: "finney, test, archive, local (ws://127.0.0.1:9944) or an endpoint URL",
    default: "local",
    env: "BT_SUBTENSOR_NETWORK",
    valueName: "<network>",
  },
  "subtensor.chain_endpoint": {
    type: "string",
    help: "Chain endpoint (overrides --subtensor.network)",
    env: "BT_SUBTENSOR_CHAIN_ENDPOINT",
    valueName: "<url>",
  },
};

/** The axon's address. */
export const axonOptions: OptionSpecs = {
  "axon.port": {
    type: "string",
    help: "Port the axon listens on",
    default: "8091",
    env: "BT_AXON_PORT",
    valueName: "<port>",
  },
  "axon.ip": {
    type: "string",
    help: "Address the axon binds",
    default: "0.0.0.0",
    env: "BT_AXON_IP",
    valueName: "<ip>",
  },
  "axon.external_ip": {
    type: "string",
    help: "Address announced on chain (defaults to the bind address)",
    env: "BT_AXON_EXTERNAL_IP",
    valueName: "<ip>",
  },
  "axon.external_port": {
    type: "string",
    help: "Port announced on chain (defaults to --axon.port)",
    env: "BT_AXON_EXTERNAL_PORT",
    valueName: "<port>",
  },
  "axon.max_workers": {
    type: "string",
    help: "Requests forwarded at once",
    default: "10",
    env: "BT_AXON_MAX_WORKERS",
    valueName: "<n>",
  },
};

/** Logging verbosity and format. */
export const loggingOptions: OptionSpecs = {
  "logging.debug": { type: "boolean", help: "Log debug events", env: "BT_LOGGING_DEBUG" },
  "logging.trace": { type: "boolean", help: "Log trace events (implies debug)", env: "BT_LOGGING_TRACE" },
  "logging.json": { type: "boolean", help: "Log one JSON object per line", env: "BT_LOGGING_JSON" },
  "logging.logging_dir": {
    type: "string",
    help: "Folder for neuron state and event logs",
    default: "~/.bittensor/miners",
    env: "BT_LOGGING_LOGGING_DIR",
    valueName: "<dir>",
  },
};

/** `--netuid`, shared by most commands. */
export const netuidOption: OptionSpecs = {
  netuid: { type: "string", help: "Subnet id", default: "1", env: "BT_NETUID", valueName: "<n>" },
};

/** `--json` for machine-readable output. */
export const jsonOption: OptionSpecs = {
  json: { type: "boolean", help: "Print JSON instead of a table" },
};
