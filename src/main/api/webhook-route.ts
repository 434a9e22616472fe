/**
 * `GET|HEAD|POST /webhooks/cybersource`: the processor reaches this path through the hospital's proxy,
 * under its public host name. It carries no console token and proves itself by the signature, which the
 * receiver checks before storing anything.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendMethodNotAllowed } from './http-replies';
import { webhookOutcome, type ConsoleMonitoring } from './monitoring-routes';
import { MAX_BODY_BYTES, readBody, sendTooLarge } from './request-body';

export const WEBHOOK_PATH = '/webhooks/cybersource';

/** The Cybersource webhook receiver, authenticated by its signature rather than the console token. */
export type WebhookReceiver = (
  rawBody: string,
  headers: IncomingMessage['headers'],
) => Promise<{ status: number; body: unknown }>;

export async function webhookRoute(
  webhook: WebhookReceiver,
  monitoring: ConsoleMonitoring | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // Cybersource pings the health-check URL (or the webhook URL) before it activates a subscription
  // (Cybersource Webhooks Implementation Guide, REST): 200, no authentication, and an empty body that
  // says nothing about this installation.
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.statusCode = 200;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Length', '0');
    res.end();
    return;
  }
  if (req.method !== 'POST') return sendMethodNotAllowed(res, 'GET, HEAD, POST');
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body.ok) {
    monitoring?.webhookAnswered('body_too_large', false);
    return sendTooLarge(res, {
      ok: false,
      outcome: 'body_too_large',
      message: 'The message is too large.',
    });
  }
  const answer = await webhook(body.text, req.headers);
  if (monitoring) {
    const { ok, outcome } = webhookOutcome(answer);
    monitoring.webhookAnswered(outcome, ok);
  }
  res.statusCode = answer.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(answer.body));
}
