/**
 * Atomic file writing lives in `lib/atomic-write.ts`. This name stays only while `settings/settings-store.ts`
 * still imports it (that room is being changed elsewhere); it holds no code of its own.
 */
export { writeFileAtomic } from '../lib/atomic-write';
