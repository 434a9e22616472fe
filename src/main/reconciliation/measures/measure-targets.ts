/**
 * The team's targets, set in Settings › Measures. The automatic posting rate's default follows published
 * cash-posting benchmarks, which put patient payments posted automatically near 97 % (lockbox surveys report
 * about 97.7 %); a site sets its own.
 */
import { z } from 'zod';
import { isKnownCurrency } from '../../../shared/money';

export const measureTargetsSchema = z
  .object({
    /** Days behind now that the rates and times are measured over. */
    windowDays: z.int().min(1).max(366).default(30),
    /** At least: share of posted payments Clearpost posted by itself, in percent. */
    autoPostingRatePercent: z.number().min(0).max(100).default(97),
    /** At most: median hours from payment to posting. */
    medianHoursToPost: z
      .number()
      .min(0)
      .max(24 * 366)
      .default(24),
    /** At most: 95th-percentile hours from payment to posting. */
    p95HoursToPost: z
      .number()
      .min(0)
      .max(24 * 366)
      .default(72),
    /** At most: age in days of the oldest open exception. */
    oldestExceptionDays: z.number().min(0).max(366).default(2),
    /** At most: money received and not posted, in minor units of `currency` (a supervisor watches it go to zero). */
    unpostedCashMinor: z.int().min(0).default(0),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'A currency is an ISO 4217 code in capitals (USD, GBP)')
      .refine(isKnownCurrency, 'Unknown ISO 4217 currency')
      .default('USD'),
    /** At most: variances of the cash balance with no explained cause, over the window. */
    unexplainedVariances: z.int().min(0).default(0),
  })
  .strict()
  .prefault({});

export type MeasureTargets = z.output<typeof measureTargetsSchema>;
