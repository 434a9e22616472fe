/**
 * The Oracle Health simulator holds to the published Millennium FinancialTransaction documentation, over real
 * HTTP on loopback: media types (406 / 415), the numeric account number, Traveler's Check fields, the 201
 * headers, and no duplicate rejection unless a test opts in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { oracleEvent, oracleHarness } from '../connectors/harness';

type Harness = Awaited<ReturnType<typeof oracleHarness>>;
const open: Harness[] = [];
async function harness(options: Parameters<typeof oracleHarness>[0] = {}): Promise<Harness> {
  const h = await oracleHarness(options);
  open.push(h);
  return h;
}
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

type Resource = { extension: { url: string; valueString?: string; valueDate?: string }[] } & Record<
  string,
  unknown
>;

/** A body the connector maps from `event`, changed by `tamper` before it goes on the wire. */
function bodyFor(h: Harness, event = oracleEvent(), tamper: (r: Resource) => void = () => undefined) {
  const prepared = h.connector.prepare(event);
  if (!prepared.ok) throw new Error(`prepare failed: ${prepared.error.message}`);
  const resource = JSON.parse(prepared.request.body) as Resource;
  tamper(resource);
  return JSON.stringify(resource);
}

async function postRaw(h: Harness, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.sim.baseUrl}/Basic`, {
    method: 'POST',
    body,
    headers: {
      authorization: `Bearer ${h.sim.tokens.issue().token}`,
      accept: 'application/fhir+json',
      'content-type': 'application/fhir+json',
      ...headers,
    },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function issueText(text: string): string {
  const outcome = JSON.parse(text) as { issue: { details?: { text?: string }; diagnostics?: string }[] };
  return JSON.stringify(outcome.issue);
}

const ext = (id: string) => (e: { url: string }) => e.url.endsWith(`/${id}`);
const withMethod = (code: string) => (r: Resource) => {
  const method = r.extension.find(ext('financial-transaction-method')) as unknown as {
    valueCodeableConcept: { coding: { code: string }[] };
  };
  method.valueCodeableConcept.coding[0]!.code = code;
};
const without = (id: string) => (r: Resource) => {
  r.extension = r.extension.filter((e) => !ext(id)(e));
};
const checkEvent = () =>
  oracleEvent({ tender: 'manual_check', checkNumber: '10442', checkDate: '2026-01-02' });

describe('Oracle simulator: media types as documented', () => {
  it.each(['application/xml', 'application/fhir+xml', 'text/html', 'application/fhir+json;q=0'])(
    'Accept: %s is 406 Not Acceptable with an empty body, and nothing is recorded',
    async (accept) => {
      const h = await harness();
      const answer = await postRaw(h, bodyFor(h), { accept });
      expect(answer.status).toBe(406);
      expect(answer.text).toBe('');
      expect(h.sim.ledger.postings()).toHaveLength(0);
    },
  );

  it.each(['application/xml', 'application/json', 'text/plain'])(
    'Content-Type: %s is 415 with an OperationOutcome, and nothing is recorded',
    async (contentType) => {
      const h = await harness();
      const answer = await postRaw(h, bodyFor(h), { 'content-type': contentType });
      expect(answer.status).toBe(415);
      expect(issueText(answer.text)).toMatch(/application\/fhir\+json/);
      expect(h.sim.ledger.postings()).toHaveLength(0);
    },
  );

  it.each(['application/fhir+json', 'application/json', '*/*', 'application/xml, application/fhir+json'])(
    'Accept: %s is served',
    async (accept) => {
      const h = await harness();
      expect((await postRaw(h, bodyFor(h), { accept })).status).toBe(201);
    },
  );
});

describe('Oracle simulator: account number and check rules as documented', () => {
  it.each(['10-442', 'A10442', '10442 ', ''])(
    'a check number %j that is not numeric is 400, and nothing is recorded',
    async (number) => {
      const h = await harness();
      const body = bodyFor(h, checkEvent(), (r) => {
        r.extension.find(ext('financial-transaction-account-number'))!.valueString = number;
      });
      const answer = await postRaw(h, body);
      expect(answer.status).toBe(400);
      expect(issueText(answer.text)).toMatch(/must be numeric/);
      expect(h.sim.ledger.postings()).toHaveLength(0);
    },
  );

  it("a Traveler's Check without its check number is 400 required", async () => {
    const h = await harness();
    const body = bodyFor(h, checkEvent(), (r) => {
      withMethod('TRAC')(r);
      without('financial-transaction-account-number')(r);
    });
    const answer = await postRaw(h, body);
    expect(answer.status).toBe(400);
    expect(issueText(answer.text)).toMatch(/"required".*check number/);
    expect(h.sim.ledger.postings()).toHaveLength(0);
  });

  it("a Traveler's Check without its check date is 400 required", async () => {
    const h = await harness();
    const body = bodyFor(h, checkEvent(), (r) => {
      withMethod('TRAC')(r);
      without('financial-transaction-date')(r);
    });
    const answer = await postRaw(h, body);
    expect(answer.status).toBe(400);
    expect(issueText(answer.text)).toMatch(/"required".*check date/);
    expect(h.sim.ledger.postings()).toHaveLength(0);
  });

  it("a Traveler's Check with a numeric number and a date posts", async () => {
    const h = await harness();
    const answer = await postRaw(h, bodyFor(h, checkEvent(), withMethod('TRAC')));
    expect(answer.status).toBe(201);
    expect(h.sim.ledger.postings().map((p) => p.tender)).toEqual(['TRAC']);
  });

  it("a Cashier's Check without its date is 400 too", async () => {
    const h = await harness();
    const body = bodyFor(h, checkEvent(), (r) => {
      withMethod('CCHK')(r);
      without('financial-transaction-date')(r);
    });
    expect((await postRaw(h, body)).status).toBe(400);
  });
});

describe('Oracle simulator: the 201 answer', () => {
  it('carries Location, Etag W/"0" and Last-Modified (the simulator clock as an HTTP-date), with no body', async () => {
    const h = await harness();
    const answer = await postRaw(h, bodyFor(h));
    expect(answer.status).toBe(201);
    expect(answer.text).toBe('');
    expect(answer.headers.get('location')).toBe(`${h.sim.baseUrl}/Basic/FT-PL-1`);
    expect(answer.headers.get('etag')).toBe('W/"0"');
    expect(answer.headers.get('last-modified')).toBe(new Date(h.clock.now()).toUTCString());
    expect(answer.headers.get('content-type')).toBe('application/fhir+json');
  });
});

describe('Oracle simulator: repeated identifiers', () => {
  it('by default a second identical POST creates a second transaction, as Millennium would', async () => {
    const h = await harness();
    const body = bodyFor(h);
    const first = await postRaw(h, body);
    const second = await postRaw(h, body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('location')).not.toBe(first.headers.get('location'));
    expect(h.sim.duplicatePolicy).toBe('accept_twice');
    expect(h.sim.ledger.postings().map((p) => p.ehrReference)).toEqual(['FT-PL-1', 'FT-PL-2']);
  });

  it('rejects the second one (409 duplicate) only when a test opts in', async () => {
    const h = await harness({ duplicatePolicy: 'reject' });
    const body = bodyFor(h);
    expect((await postRaw(h, body)).status).toBe(201);
    const second = await postRaw(h, body);
    expect(second.status).toBe(409);
    expect(issueText(second.text)).toMatch(/duplicate/);
    expect(h.sim.ledger.postings()).toHaveLength(1);
  });
});
