/**
 * The part of ISO 20022 camt.053 (BankToCustomerStatement, versions 001.02 to 001.13) that Clearpost reads,
 * as the XML parser hands it over (attributes prefixed "@_", text beside them in "#text", every value a
 * string). Source: ISO 20022 message definition camt.053.001, "Bank To Customer Statement", iso20022.org.
 */
import { z } from 'zod';

const text = z.string();
const dateChoice = z.object({ Dt: text.optional(), DtTm: text.optional() }).optional();
const amount = z.object({ '#text': text, '@_Ccy': text });

const references = z
  .object({
    EndToEndId: text.optional(),
    AcctSvcrRef: text.optional(),
    PmtInfId: text.optional(),
    InstrId: text.optional(),
    MsgId: text.optional(),
  })
  .optional();

const transactionDetails = z.object({
  Refs: references,
  RmtInf: z.object({ Ustrd: z.array(text).optional() }).optional(),
  AddtlTxInf: text.optional(),
});

export const CamtEntry = z.object({
  NtryRef: text.optional(),
  Amt: amount,
  CdtDbtInd: z.enum(['CRDT', 'DBIT']),
  RvslInd: text.optional(),
  // camt.053.001.02 writes the status as text, later versions as <Sts><Cd>BOOK</Cd></Sts>.
  Sts: z.union([text, z.object({ Cd: text.optional(), Prtry: text.optional() })]),
  BookgDt: dateChoice,
  ValDt: dateChoice,
  AcctSvcrRef: text.optional(),
  BkTxCd: z
    .object({
      Domn: z.object({ Cd: text, Fmly: z.object({ Cd: text, SubFmlyCd: text }) }).optional(),
      Prtry: z.object({ Cd: text }).optional(),
    })
    .optional(),
  NtryDtls: z.array(z.object({ TxDtls: z.array(transactionDetails).optional() })).optional(),
  AddtlNtryInf: text.optional(),
});
export type CamtEntry = z.infer<typeof CamtEntry>;

export const CamtBalance = z.object({
  Tp: z.object({ CdOrPrtry: z.object({ Cd: text.optional(), Prtry: text.optional() }) }),
  Amt: amount,
  CdtDbtInd: z.enum(['CRDT', 'DBIT']),
  Dt: dateChoice,
});

export const CamtStatement = z.object({
  Id: text,
  Acct: z.object({
    Id: z.object({ IBAN: text.optional(), Othr: z.object({ Id: text }).optional() }),
    Ccy: text.optional(),
  }),
  Bal: z.array(CamtBalance).optional(),
  TxsSummry: z.object({ TtlNtries: z.object({ NbOfNtries: text.optional() }).optional() }).optional(),
  Ntry: z.array(CamtEntry).optional(),
});
export type CamtStatement = z.infer<typeof CamtStatement>;

export const CamtDocument = z.object({
  Document: z.object({
    BkToCstmrStmt: z.object({
      GrpHdr: z.object({ MsgId: text, CreDtTm: text }),
      Stmt: z.array(CamtStatement),
    }),
  }),
});

/** Elements that may repeat, so the parser always gives arrays for them (one entry is still a list). */
export const CAMT_ARRAYS = new Set(['Stmt', 'Ntry', 'Bal', 'NtryDtls', 'TxDtls', 'Ustrd']);
