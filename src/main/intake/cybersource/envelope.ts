/**
 * The webhook envelope and the payment payload, as far as intake relies on them. Lenient about extra
 * fields (the payload schema is not public: ASSUMPTION), strict about the ones we use.
 */
import { z } from 'zod';

const text = z.string().max(500);
const idLike = z.union([z.string().min(1).max(250), z.number().int().nonnegative()]).transform(String);

export const WebhookEnvelope = z.looseObject({
  webhookId: text.optional(),
  transactionTraceId: text.optional(),
  eventType: text.optional(),
  eventDate: text.optional(),
  retryNumber: z.union([z.number().int(), z.string()]).optional(),
  payload: z.unknown(),
});
export type WebhookEnvelope = z.output<typeof WebhookEnvelope>;

const CardInfo = z.looseObject({
  type: text.optional(),
  brand: text.optional(),
  suffix: text.optional(),
  expirationMonth: z.union([text, z.number()]).optional(),
  expirationYear: z.union([text, z.number()]).optional(),
});

export const PaymentPayload = z.looseObject({
  id: idLike,
  status: text.optional(),
  submitTimeUtc: text.optional(),
  reconciliationId: text.optional(),
  reasonCode: z.union([text, z.number()]).optional(),
  originalTransactionId: idLike.optional(),
  clientReferenceInformation: z.looseObject({ code: text.optional() }).optional(),
  orderInformation: z
    .looseObject({
      amountDetails: z
        .looseObject({
          // Amounts are decimal strings; a JSON number would already have been through a binary float.
          totalAmount: z.unknown().optional(),
          authorizedAmount: z.unknown().optional(),
          currency: z.unknown().optional(),
          serviceFeeAmount: z.unknown().optional(),
        })
        .optional(),
    })
    .optional(),
  // A refund, credit or void resource states its amount in its own block (Cybersource REST API).
  refundAmountDetails: z
    .looseObject({ refundAmount: z.unknown().optional(), currency: z.unknown().optional() })
    .optional(),
  creditAmountDetails: z
    .looseObject({ creditAmount: z.unknown().optional(), currency: z.unknown().optional() })
    .optional(),
  voidAmountDetails: z
    .looseObject({ voidAmount: z.unknown().optional(), currency: z.unknown().optional() })
    .optional(),
  paymentInformation: z
    .looseObject({
      card: CardInfo.optional(),
      tokenizedCard: CardInfo.optional(),
      bank: z
        .looseObject({
          account: z.looseObject({ checkNumber: z.union([text, z.number()]).optional() }).optional(),
        })
        .optional(),
      paymentType: z.looseObject({ name: text.optional() }).optional(),
      customer: z.looseObject({ id: text.optional() }).optional(),
      paymentInstrument: z.looseObject({ id: text.optional() }).optional(),
      instrumentIdentifier: z.looseObject({ id: text.optional() }).optional(),
    })
    .optional(),
  merchantDefinedInformation: z
    .array(z.looseObject({ key: z.union([text, z.number()]).transform(String), value: z.unknown() }))
    .max(100)
    .optional(),
  errorInformation: z.looseObject({ reason: text.optional(), message: text.optional() }).optional(),
});
export type PaymentPayload = z.output<typeof PaymentPayload>;
