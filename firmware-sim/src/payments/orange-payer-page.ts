/**
 * The payer's side of the simulated Orange Money: the page at payment_url where a person (or a
 * test) confirms or refuses, standing in for the OTP step (#144#) of the real page.
 *
 * Owns: the payer's decision and the notification it triggers. Must never decide a payment
 * twice: a final payment answers 409.
 */
import type http from 'node:http';
import { paymentBodyMaxBytes } from '../limits.js';
import { headerValue, isRecord, parseJson, readBody, sendJson } from './http.js';
import { findPayment, type OrangeState } from './orange-merchant-api.js';
import { applyDecision, applyOpened } from './orange-payment.js';

export function payPageHandler(state: OrangeState, payToken: string, response: http.ServerResponse): void {
  const payment = findPayment(state, payToken);
  if (payment === undefined) {
    sendJson(response, 404, { status: 404, message: 'No payment with this pay_token.' });
    return;
  }
  applyOpened(payment);
  // Tokens, order ids and amounts are validated characters, so nothing here needs escaping.
  const form = (outcome: string, label: string): string =>
    `<form method="post" action="/payment/pay_token/${payToken}"><input type="hidden" name="outcome" value="${outcome}"><button>${label}</button></form>`;
  const html = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Orange Money (simulé)</title><h1>Paiement marchand</h1><p>Commande ${payment.request.order_id} : ${String(payment.request.amount)} F CFA — ${payment.status}</p><p>Le payeur confirme avec son code secret (#144#).</p>${form('succeed', 'Confirmer')}${form('fail', 'Refuser')}</html>`;
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  response.end(html);
}

export async function decisionHandler(
  state: OrangeState,
  payToken: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const body = await readBody(request, paymentBodyMaxBytes);
  const isForm = (headerValue(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
  const fields = !body.ok
    ? undefined
    : isForm
      ? Object.fromEntries(new URLSearchParams(body.text))
      : parseJson(body.text);
  const outcome = isRecord(fields) ? fields.outcome : undefined;
  if (outcome !== 'succeed' && outcome !== 'fail') {
    sendJson(response, 400, { status: 400, message: 'outcome must be "succeed" or "fail".' });
    return;
  }
  const payment = findPayment(state, payToken);
  if (payment === undefined) {
    sendJson(response, 404, { status: 404, message: 'No payment with this pay_token.' });
    return;
  }
  if (!applyDecision(payment, outcome, state.now())) {
    sendJson(response, 409, { status: 409, message: `The payment is ${payment.status}.` });
    return;
  }
  state.notifier.paid(payment);
  if (isForm) {
    // A person in a browser goes back to the merchant, as on the real page.
    const target = payment.status === 'SUCCESS' ? payment.request.return_url : payment.request.cancel_url;
    response.writeHead(303, { location: target, 'content-length': 0 });
    response.end();
  } else sendJson(response, 200, { status: payment.status, txnid: payment.txnid });
}
