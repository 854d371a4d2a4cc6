// Proves "Mot de passe oublié" (the gap issue 23 left): asking answers one 202 body whatever the address (unknown,
// pending, suspended, closed, over a budget or not) and e-mails a link only to an active account, at most 3 per
// account and 10 requests per address an hour, each link ending the previous; the link's token sets a password once
// (unknown, malformed, expired, ended, used, raced and suspended-since tokens refused with the same French 400), ends
// every session of the account and is audited; the token is kept nowhere (hash only, its stored e-mail replaced once
// used, never in a log line); a partner a sales rep created signs in through it once active.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from '@ismail/firmware-sim';
import { activateAccount } from '../src/modules/identity/accounts.js';
import { hashPassword } from '../src/modules/identity/password.js';
import { confirmPasswordReset } from '../src/modules/identity/password-reset.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { emailChannel } from '../src/modules/notifications/email.js';
import { testBackends } from './support/databases.js';
import { bearer, password as oldPassword } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const publicUrl = 'https://portail.ismail.test';
const invalid = "Ce lien n'est plus valable : demandez-en un nouveau.";
const newPassword = 'nouveau mot de passe 2026';
const waitMs = 20_000;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(testBackends)('password reset by e-mail link on $name', (backend) => {
  let cloud: TestCloud;
  let smtp: SmtpCapture;
  const logged: string[] = [];
  let ipSeq = 0;
  /** A fresh source address per use, so the per-address budget never mixes tests. */
  const freshIp = () => `10.9.${String(Math.floor(++ipSeq / 250))}.${String((ipSeq % 250) + 1)}`;

  beforeAll(async () => {
    smtp = await startSmtpCapture({ port: 0 });
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logged.push(chunk.toString('utf8')));
    cloud = await openTestCloud(backend, {
      // Every request logged: the token must appear in none of them.
      logLevel: 'info',
      logStream,
      notifications: {
        channels: {
          email: emailChannel({
            smtpUrl: `smtp://127.0.0.1:${String(smtp.port)}`,
            from: 'ISMAIL <no-reply@ismail.ci>',
          }),
        },
        pollingIntervalSeconds: 0.5,
        publicUrl: `${publicUrl}/`,
      },
    });
    // The e-mail workers, as the server starts them.
    await cloud.app.notifications.service.start();
  });
  afterAll(async () => {
    await cloud.close();
    await smtp.close();
  });

  const ask = (email: string, ip = freshIp()) =>
    cloud.app.inject({ method: 'POST', url: '/v1/auth/password-reset', remoteAddress: ip, payload: { email } });
  // Confirmations and sign-ins have per-address budgets too, counted in the database (shared by every process,
  // migration 0071), so they also come from fresh addresses: on the PostgreSQL server this file's later tests
  // met 429 from 127.0.0.1's budget spent by the earlier ones.
  const confirm = (token: string, password = newPassword) =>
    cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset/confirm',
      remoteAddress: freshIp(),
      payload: { token, password },
    });
  const signIn = (email: string, password: string) =>
    cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      remoteAddress: freshIp(),
      payload: { email, password },
    });
  const requests = async (accountId: string) =>
    (
      await cloud.db.pool.query<{ detail: { sent: boolean; why?: string } }>(
        "SELECT detail FROM audit_log WHERE action = 'account.password_reset_requested' AND subject_id = $1 ORDER BY seq",
        [accountId],
      )
    ).rows.map((r) => (r.detail.sent ? 'sent' : (r.detail.why ?? '?')));
  /** The account's part of a request runs after the answer: wait for its audit entry. */
  const settled = (accountId: string, count: number) =>
    until(
      () => requests(accountId),
      (done) => done.length >= count,
      `${String(count)} reset request(s)`,
    );
  const mailsTo = (email: string) => smtp.messages().filter((m) => m.envelopeTo.includes(email));
  const mailed = (email: string, count: number) =>
    until(
      async () => mailsTo(email),
      (mails) => mails.length >= count,
      `${String(count)} mail(s) to ${email}`,
    );
  const tokenIn = (mail: CapturedMail | undefined): string => {
    const found = /\/reset-password#token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
    if (found?.[1] === undefined) throw new Error(`no reset link in ${mail?.text ?? 'no mail'}`);
    return found[1];
  };
  async function account(status: 'active' | 'pending' | 'suspended' | 'closed' = 'active') {
    const id = randomUUID();
    const email = `reset-${id.slice(0, 8)}@test.ismail.ci`;
    await cloud.db.pool.query(
      `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
       VALUES ($1, 'client', 'Awa Koné', 'Awa', 'Koné', $2, $3, $4)`,
      [id, email, await hashPassword(oldPassword), status],
    );
    return { id, email };
  }
  /** A live link of a new active account, read from its e-mail. */
  async function linked() {
    const person = await account();
    expect((await ask(person.email)).statusCode).toBe(202);
    return { ...person, token: tokenIn((await mailed(person.email, 1))[0]) };
  }

  it('answers one 202 body whatever the address, and refuses a malformed request', async () => {
    const person = await account();
    const known = await ask(person.email.toUpperCase());
    const unknown = await ask(`personne-${randomUUID()}@test.ismail.ci`);
    const notAnAddress = await ask('pas une adresse');
    for (const answer of [known, unknown, notAnAddress]) expect(answer.statusCode, answer.body).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(notAnAddress.body).toBe(known.body);
    for (const payload of [{}, { email: 'ab' }, { email: `${'x'.repeat(250)}@a.ci` }, { email: 'a@b.ci', extra: 1 }]) {
      const refused = await cloud.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload });
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await settled(person.id, 1)).toEqual(['sent']);
    const { rows } = await cloud.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'account.password_reset_requested' AND detail->>'why' = 'unknown'",
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('sends nothing to a pending, suspended or closed account, with the same answer', async () => {
    const inactive: string[] = [];
    for (const status of ['pending', 'suspended', 'closed'] as const) {
      const person = await account(status);
      inactive.push(person.email);
      const answer = await ask(person.email);
      expect([answer.statusCode, answer.json<{ message: string }>().message]).toEqual([
        202,
        expect.stringContaining('Si un compte actif utilise cette adresse'),
      ]);
      expect(await settled(person.id, 1)).toEqual(['not_active']);
      const links = await cloud.db.pool.query('SELECT 1 FROM password_resets WHERE account_id = $1', [person.id]);
      expect(links.rowCount).toBe(0);
    }
    // Had any been sent, it would have reached the capture by the time the active account's mail did.
    expect((await linked()).token.length).toBeGreaterThan(20);
    for (const email of inactive) expect(mailsTo(email)).toEqual([]);
  });

  it('sends at most 3 links per account an hour, each ending the one before', async () => {
    const person = await account();
    for (let i = 0; i < 5; i++) expect((await ask(person.email)).statusCode).toBe(202);
    expect(await settled(person.id, 5)).toEqual(['sent', 'sent', 'sent', 'too_many', 'too_many']);
    const mails = await mailed(person.email, 3);
    // A link ended before its e-mail left goes out as the page to ask again (its stored copy was replaced).
    const withLink = mails.filter((m) => m.text.includes('/reset-password#token='));
    for (const mail of mails) if (!withLink.includes(mail)) expect(mail.text).toContain(`${publicUrl}/forgot-password`);
    const tokens = withLink.map(tokenIn);
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    const live = await cloud.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM password_resets WHERE account_id = $1 AND used_at IS NULL AND invalidated_at IS NULL',
      [person.id],
    );
    expect(live.rows[0]?.n).toBe(1);
    // The mails may arrive in any order: exactly one of the tokens sent still works.
    const answers = [];
    for (const token of tokens) answers.push((await confirm(token)).statusCode);
    expect(answers.filter((status) => status === 200)).toEqual([200]);
    expect(answers.filter((status) => status !== 200).every((status) => status === 400)).toBe(true);
    expect(mailsTo(person.email)).toHaveLength(3);
  });

  it('counts 10 requests per address an hour, unknown addresses included, then sends nothing from there', async () => {
    const ip = '10.77.0.1';
    for (let i = 0; i < 10; i++) expect((await ask(`inconnu-${String(i)}@test.ismail.ci`, ip)).statusCode).toBe(202);
    const person = await account();
    const over = await ask(person.email, ip);
    expect(over.statusCode).toBe(202);
    // Over the budget the account is not even looked up: no audit entry, no link. Elsewhere it gets its link.
    expect((await ask(person.email, '10.77.0.2')).statusCode).toBe(202);
    expect(await settled(person.id, 1)).toEqual(['sent']);
    await mailed(person.email, 1);
    const links = await cloud.db.pool.query('SELECT 1 FROM password_resets WHERE account_id = $1', [person.id]);
    expect(links.rowCount).toBe(1);
    expect(await requests(person.id)).toHaveLength(1);
  });

  it('refuses unknown, malformed, expired, ended and suspended-since tokens, and a bad password spends nothing', async () => {
    const refusedWith = async (token: string, password = newPassword) => {
      const answer = await confirm(token, password);
      return [answer.statusCode, answer.json<{ error: { message: string } }>().error.message];
    };
    expect(await refusedWith('A'.repeat(43))).toEqual([400, invalid]);
    for (const malformed of ['court', 'a b c d e f g h i j k l m n o p', 'x'.repeat(101), 'é'.repeat(43)])
      expect((await confirm(malformed)).statusCode, malformed).toBe(400);

    const person = await linked();
    for (const weak of ['court', 'x'.repeat(201)]) expect((await confirm(person.token, weak)).statusCode).toBe(400);
    const missing = await cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset/confirm',
      payload: { token: person.token },
    });
    expect(missing.statusCode).toBe(400);
    // A refused password did not use the link up.
    const expired = await cloud.db.pool.query(
      "UPDATE password_resets SET created_at = now() - interval '31 minutes', expires_at = now() - interval '1 minute' WHERE account_id = $1 AND used_at IS NULL",
      [person.id],
    );
    expect(expired.rowCount).toBe(1);
    expect(await refusedWith(person.token)).toEqual([400, invalid]);
    expect((await signIn(person.email, oldPassword)).statusCode).toBe(200);

    const suspended = await linked();
    await cloud.db.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [suspended.id]);
    expect(await refusedWith(suspended.token)).toEqual([400, invalid]);
    await cloud.db.pool.query("UPDATE accounts SET status = 'active' WHERE id = $1", [suspended.id]);
    expect((await signIn(suspended.email, oldPassword)).statusCode).toBe(200);
  });

  it('sets the password once, ends every session, audits it, and keeps the token nowhere', async () => {
    const person = await account();
    const before = (await signIn(person.email, oldPassword)).json<{ accessToken: string; refreshToken: string }>();
    expect((await ask(person.email)).statusCode).toBe(202);
    const [mail] = await mailed(person.email, 1);
    expect(mail?.subject).toBe('Choisissez un nouveau mot de passe ISMAIL');
    expect(mail?.text).toContain('Bonjour Awa,');
    expect(mail?.text).toContain(`${publicUrl}/reset-password#token=`);
    const token = tokenIn(mail);

    const done = await confirm(token);
    expect([done.statusCode, done.json()]).toEqual([200, { email: person.email }]);
    expect((await confirm(token)).json<{ error: { message: string } }>().error.message).toBe(invalid);
    expect((await signIn(person.email, oldPassword)).statusCode).toBe(401);
    expect((await signIn(person.email, newPassword)).statusCode).toBe(200);
    const me = await cloud.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${before.accessToken}` },
    });
    expect(me.json<{ error: { code: string } }>().error.code).toBe('SESSION_ENDED');
    const refreshed = await cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: before.refreshToken },
    });
    expect(refreshed.statusCode).toBe(401);

    const audit = await cloud.db.pool.query<{ place: string; detail: Record<string, unknown> }>(
      "SELECT place, detail FROM audit_log WHERE action = 'account.password_reset' AND subject_id = $1",
      [person.id],
    );
    expect(audit.rows).toEqual([
      { place: expect.stringMatching(/^ip:/) as string, detail: expect.any(Object) as object },
    ]);
    expect(audit.rows[0]?.detail.endedSessions).toBe(1);
    // Nowhere in the database nor in a log line: the audit, the link's row, the e-mail's stored data.
    const dump = await cloud.db.pool.query<{ text: string }>(
      `SELECT concat_ws(' ', (SELECT string_agg(detail::text, ' ') FROM audit_log),
                             (SELECT string_agg(r::text, ' ') FROM password_resets r),
                             (SELECT string_agg(data::text || title || body, ' ') FROM notifications)) AS text`,
    );
    expect(dump.rows[0]?.text).not.toContain(token);
    expect(dump.rows[0]?.text).toContain(`${publicUrl}/forgot-password`);
    expect(logged.join('').length).toBeGreaterThan(0);
    expect(logged.join('')).not.toContain(token);
  });

  it('lets exactly one of concurrent confirmations through', async () => {
    const person = await linked();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => confirm(person.token, `${newPassword} ${String(i)}`)),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([200, 400, 400, 400, 400, 400]);
    const winner = answers.findIndex((a) => a.statusCode === 200);
    expect((await signIn(person.email, `${newPassword} ${String(winner)}`)).statusCode).toBe(200);
    const { rows } = await cloud.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'account.password_reset' AND subject_id = $1",
      [person.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('lets one of many confirmations racing inside the database through (the hash given, no scrypt between them)', async () => {
    const person = await linked();
    const hash = await hashPassword(newPassword);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => confirmPasswordReset(cloud.db.pool, publicUrl, person.token, hash, 'test')),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const refused of outcomes.filter((o) => o.status === 'rejected'))
      expect(String(refused.reason)).toContain("Ce lien n'est plus valable");
  });

  it('lets a partner a sales rep created choose its password once active, and not before', async () => {
    const email = `boutique-${randomUUID().slice(0, 8)}@test.ismail.ci`;
    const created = await cloud.app.inject({
      method: 'POST',
      url: '/v1/rep/partners',
      headers: { ...bearer(cloud.people.repA), 'idempotency-key': randomUUID() },
      payload: { businessName: 'Boutique Adjamé', phone: '07 08 09 10 11', email },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { partnerId } = created.json<{ partnerId: string }>();
    expect((await ask(email)).statusCode).toBe(202);
    expect(await settled(partnerId, 1)).toEqual(['not_active']);
    await withTransaction(cloud.db.pool, (client) =>
      activateAccount(client, partnerId, { label: 'test', place: 'test' }),
    );
    expect((await ask(email)).statusCode).toBe(202);
    const [mail] = await mailed(email, 1);
    expect(mail?.text).toContain('Bonjour Boutique Adjamé,');
    expect((await confirm(tokenIn(mail))).statusCode).toBe(200);
    expect((await signIn(email, newPassword)).statusCode).toBe(200);
  });
});
