/** The sandbox: loopback simulators of Oracle Health and Epic, their fault injector, and synthetic traffic. */
export {
  startSandbox,
  SANDBOX_CONNECTION_IDS,
  type RunningSandbox,
  type SandboxOptions,
} from './start-sandbox';
export { runSandboxCommand, type SandboxCliIo, type SandboxCommandResult } from './cli';
export { startOracleSim, type OracleSimOptions, ORACLE_REFERENCE_PREFIX } from './oracle/oracle-sim';
export { startEpicSim, type EpicSimOptions, EPIC_REFERENCE_PREFIX } from './epic/epic-sim';
export type { Simulator, SimulatorName, SimStats } from './sim-server';
export { FaultInjector, type Fault, type FaultInput, type FaultSettingsInput, type SimRoute } from './faults';
export { SimLedger, type LedgerPosting, type LedgerTotal } from './ledger';
export { DUPLICATE_POLICIES, type DuplicatePolicy } from './answers';
export {
  createTrafficGenerator,
  type DataProblem,
  type GeneratedPayment,
  type TrafficGenerator,
} from './traffic-generator';
export {
  createSandboxSubscription,
  createWebhookSender,
  isRedelivered,
  SANDBOX_KEY_ID,
  SANDBOX_WEBHOOK_ID,
  type WebhookSender,
} from './webhook-sender';
export { isProcessorPayment, webhookEnvelope } from './webhook-envelope';
export { createSandboxWorld, SANDBOX_FACILITIES, SANDBOX_TIME_ZONE, type SandboxWorld } from './world';
export type { SimDirectory } from './directory';
