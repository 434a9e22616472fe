/**
 * SQL that tells whether the payment event `alias` was voided: a void event names it, in its extras
 * (originalTransactionId from the processor's webhook, originalProcessorTxnId from a canonical event), or
 * carries its transaction id. Same expression as the index payment_events_void_of (migration 0026), so the
 * lookup goes through it.
 */
export const voidedSql = (alias: string): string =>
  `EXISTS (SELECT 1 FROM payment_events v WHERE v.kind = 'void'
     AND coalesce(json_extract(v.extras, '$.originalTransactionId'), json_extract(v.extras, '$.originalProcessorTxnId'),
       v.processor_txn_id) = ${alias}.processor_txn_id)`;
