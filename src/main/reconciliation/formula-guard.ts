/**
 * The formula guard of report files: one rule for every CSV and XLSX the app writes, kept in `shared/` so
 * the renderer's own CSV (receipts) applies exactly the same one. See shared/formula-guard.ts for why.
 */
export { neutralizeFormula } from '../../shared/formula-guard';
