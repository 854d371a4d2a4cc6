// The counter's live channel ends with the session it was opened for (issue 20.10): a screen
// signed out at this counter is closed at once (4001), and one whose session ended otherwise
// (expired, or ended because the cloud's newer policy no longer lists the person, which is how
// a suspension reaches the hub at its next policy pull) is closed within a couple of seconds.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { inProcessHub } from './support/in-process-hub.js';
import type { HubDatabase } from '../src/store/open.js';

const adminToken = 'live-session-test-token-0123456789abcdef';

describe('live channel and the session behind it', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  let liveUrl: string;

  beforeAll(async () => {
    ({ app, db } = await inProcessHub('ismail-hub-live-', { adminToken }));
    liveUrl = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws') + '/api/v1/live';
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  /** A cashier's session as the desk opens it (only the token's hash is stored). */
  const openSession = (): string => {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    db.prepare(
      'INSERT INTO staff_sessions (token_hash, account_id, name, role, mode, started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      createHash('sha256').update(token).digest('hex'),
      '00000000-0000-4000-8000-000000000021',
      'Mariam Bamba',
      'cashier',
      'online',
      now.toISOString(),
      new Date(now.getTime() + 3600_000).toISOString(),
    );
    return token;
  };
  const openScreen = async (token: string): Promise<{ closed: Promise<number>; isOpen: () => boolean }> => {
    const socket = new WebSocket(liveUrl, ['bearer', token]);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data: Buffer) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'ready') resolve();
      });
      socket.on('error', reject);
      void closed.then((code) => reject(new Error(`closed before ready (${String(code)})`)));
    });
    return { closed, isOpen: () => socket.readyState === WebSocket.OPEN };
  };
  const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
    Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);

  it('closes the screen at once when its session signs out, and only that one', async () => {
    const token = openSession();
    const other = openSession();
    const screen = await openScreen(token);
    const otherScreen = await openScreen(other);
    const signedOut = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/sign-out',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(signedOut.statusCode).toBe(200);
    expect(await within(screen.closed, 500)).toBe(4001);
    expect(otherScreen.isOpen()).toBe(true);
  });

  it('closes a screen whose session ended otherwise within two seconds', async () => {
    const token = openSession();
    const screen = await openScreen(token);
    db.prepare('UPDATE staff_sessions SET expires_at = ? WHERE token_hash = ?').run(
      new Date(Date.now() - 1000).toISOString(),
      createHash('sha256').update(token).digest('hex'),
    );
    expect(await within(screen.closed, 2_500)).toBe(4001);
  });
});
