/**
 * Which date puts a payment in a day: when the patient paid (transaction, in the facility's
 * time zone), when the processor settled it (effective) or when the money reached the bank (funding).
 * Events without the chosen date (not settled yet) are in no day on that basis.
 */
export {
  REPORT_DATE_BASES as DATE_BASES,
  type ReportDateBasis as DateBasis,
} from '../../shared/commands/reconciliation';
