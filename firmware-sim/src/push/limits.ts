/**
 * Limits of the simulated push service. Each has a reason; raise one deliberately.
 */

/** RFC 8030 §7.2: a push service must take at least 4096 octets of payload; we take exactly that, as FCM does. */
export const pushMessageMaxBytes = 4096;

/** Subscriptions handed out and kept; the oldest is forgotten first (a long demo cannot fill memory). */
export const pushSubscriptionsMax = 1000;

/** Messages kept per subscription for the tests to read; the oldest is dropped first. */
export const pushMessagesPerSubscriptionMax = 100;

/** RFC 8292 §2: a VAPID token must not be valid for more than 24 hours. */
export const vapidTokenMaxLifetimeS = 24 * 3600;

/** An Authorization header (JWT and key) is a few hundred characters; 2 KiB means a runaway client. */
export const authorizationMaxChars = 2048;

/** JSON bodies of the simulator's own subscribe call (an application server key): well under 1 KiB. */
export const controlBodyMaxBytes = 4096;
