/**
 * @module simulator — a simulated Google (OAuth, userinfo, Cloud Code Assist `v1internal`) with scripted
 * faults and counters, for tests, `agt demo` and the benchmarks.
 */
export { startGoogleSimulator } from './start-google-simulator.js';
export type { GoogleSimulator, SimulatorOptions } from './start-google-simulator.js';
export { runSimulatorCli } from './run-simulator-cli.js';
export type { SimulatorCliOptions } from './run-simulator-cli.js';
export { DEFAULT_SIM_CLIENT_ID, DEFAULT_SIM_CLIENT_SECRET, DEFAULT_SIM_SCOPE, SimulatorState, UnknownAccountError } from './simulator-state.js';
export type { CreateAccountInput, CreatedAccount, SimulatedAccount, SimulatorSettings } from './simulator-state.js';
export type { FaultKind, FaultTarget, RateLimitReason, SimulatorFaultInput } from './simulator-fault.js';
export type { SimulatorCountersSnapshot } from './simulator-counters.js';
export { DEFAULT_CATALOGUE_IDS, DEFAULT_DEPRECATED_MODEL_IDS, SIMULATED_MODELS } from './simulated-models.js';
export type { SimulatedModel, SimulatedModelInput } from './simulated-models.js';
export { SIM_VALIDATION_URL } from './build-fault-error.js';
