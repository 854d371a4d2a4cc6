/**
 * What the hub's server-sent event streams (scans, printer status) share.
 */

/**
 * A comment line this often keeps an idle stream open: proxies and browsers drop a response
 * that says nothing for a minute or so.
 */
export const sseKeepAliveEveryMs = 15_000;
