/**
 * `GET /healthz` for load balancers and service managers: healthy while the database answers and the posting
 * engine runs. It says nothing else, so it needs no sign-in.
 */
import type { EngineStatus } from '../../shared/contract';
import type { StoreReadings } from './store-readings';

export function serviceHealthy(readings: StoreReadings, engineStatus: () => EngineStatus): boolean {
  try {
    readings.ping();
  } catch {
    return false;
  }
  return engineStatus().state === 'running';
}
