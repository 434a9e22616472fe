/**
 * Two-person approval, as Settings configures it: per role of the person entering, the amount above which a
 * manual entry needs a second person; whether every reversal (refund, void) entered by hand does; and which roles
 * may approve. Read on every entry and decision, so a change applies at once.
 */
import { z } from 'zod';
import { ROLES } from '../../shared/commands/access';
import { isKnownCurrency } from '../../shared/money';

const threshold = z.int().min(0).nullable();

export const approvalSettingsSchema = z
  .object({
    /**
     * Minor units of `currency`, per role of the person entering: an entry above it needs a second person.
     * null: never for its amount alone. The defaults: an operator's entry above 1,000.00, a supervisor's above
     * 5,000.00 (an operator's entry above the manual posting limit already needs a supervisor to enter it).
     */
    thresholdsMinor: z
      .object({
        viewer: threshold.default(0),
        operator: threshold.default(100_000),
        supervisor: threshold.default(500_000),
      })
      .strict()
      .prefault({}),
    /** The thresholds' currency. An entry in another currency always needs a second person (fail closed). */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'A currency is an ISO 4217 code in capitals (USD, GBP)')
      .refine(isKnownCurrency, 'Unknown ISO 4217 currency')
      .default('USD'),
    /** Every refund or void entered by hand needs a second person, whatever its amount. */
    reversals: z.boolean().default(true),
    /** Roles whose holders may approve or reject another person's entry. */
    approverRoles: z
      .array(z.enum(ROLES))
      .min(1, 'Name at least one role that may approve')
      .default(['supervisor'])
      .refine((roles) => new Set(roles).size === roles.length, 'A role is named twice'),
  })
  .strict()
  .prefault({});

export type ApprovalSettings = z.output<typeof approvalSettingsSchema>;

export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = approvalSettingsSchema.parse(undefined);
