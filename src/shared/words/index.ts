/**
 * Every word a person reads about an item, in one place: reasons and next steps, statuses, audit actions,
 * field names, totals labels and counts. A reviewer reads this folder to review the console's language.
 */
export * from './audit';
export * from './count';
export * from './fields';
export * from './labels';
export * from './outcomes';
export * from './plain';
export * from './reasons';
export * from './item';
export * from './reports';
export * from './validation';
