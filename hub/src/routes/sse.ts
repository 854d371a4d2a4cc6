/**
 * What the hub's server-sent event streams (scans, printer status) share.
 */
import { hubBinaryResponse } from '@ismail/shared';

/**
 * A comment line this often keeps an idle stream open: proxies and browsers drop a response
 * that says nothing for a minute or so.
 */
export const sseKeepAliveEveryMs = 15_000;

/** A stream's answer in the OpenAPI document: text/event-stream, written by the route itself (never serialised). */
export const sseResponse = (events: string) =>
  hubBinaryResponse(['text/event-stream'], `Server-sent events: ${events}`);
