import { COMMANDS, type CommandArgs } from '../../../../shared/contract';

export type Decision = CommandArgs<'approvals.decide'>['decision'];

/** What the decide form holds: the decision is set by the button pressed, the note typed. */
export interface DecideValues {
  decision: Decision;
  note: string;
}
export const DECIDE_EMPTY: DecideValues = { decision: 'approve', note: '' };

/** The command's arguments for one approval; an empty note is not sent. */
export const decideArgs =
  (approvalId: number) =>
  (v: DecideValues): CommandArgs<'approvals.decide'> => ({
    id: approvalId,
    decision: v.decision,
    ...(v.note.trim() ? { note: v.note } : {}),
  });

/**
 * `approvals.decide`'s arguments and the one rule main adds to them (a rejection needs a note), in main's
 * words, so the operator reads it under the note before anything is sent.
 */
export const DECIDE_RULES = COMMANDS['approvals.decide'].args.refine(
  (a) => a.decision !== 'reject' || Boolean(a.note),
  { path: ['note'], message: 'Say why it is rejected: the person who entered it reads the note.' },
);
