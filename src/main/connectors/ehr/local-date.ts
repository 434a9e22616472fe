/**
 * The time-zone arithmetic lives in `lib/time-zone.ts`. This name stays only while `settings/schema.ts`
 * still imports it (that room is being changed elsewhere); it holds no code of its own.
 */
export { isValidTimeZone } from '../../lib/time-zone';
