// A person's own security from the portal (issue 22, profile and security): the open sessions
// with their device and which is this one; ending another person's session is not found;
// "sign out the others" stops their access and refresh tokens at once; a password change needs
// the current password (a wrong one is refused, audited and counted), ends the other sessions
// and the old password no longer signs in; a replayed refresh token of an ended session is
// refused. TOTP enrolment returns a QR to draw; marketing consent has its history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../src/modules/identity/totp.js';
import { testBackends } from './support/databases.js';
import { password } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const phoneAgent = 'Mozilla/5.0 (Linux; Android 10; TECNO KE5) Chrome/120 Mobile';
const laptopAgent = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130';

describe.each(testBackends)('my sessions, password and authenticator on $name', (backend) => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await openTestCloud(backend);
  });
  afterAll(async () => {
    await cloud.close();
  });

  const codeOf = (response: { json: () => unknown }) => (response.json() as { error?: { code: string } }).error?.code;
  async function signIn(email: string, secret: string, agent: string) {
    const response = await cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: { 'user-agent': agent },
      payload: { email, password: secret },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ accessToken: string; refreshToken: string }>();
  }
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const sessionsOf = async (token: string) =>
    cloud.app.inject({ method: 'GET', url: '/v1/auth/sessions', headers: as(token) });

  it('lists my open sessions with their device, ends the others, and refuses another person’s session', async () => {
    const email = cloud.people.clientA.email;
    const phone = await signIn(email, password, phoneAgent);
    const laptop = await signIn(email, password, laptopAgent);
    const listed = (await sessionsOf(phone.accessToken)).json<{
      sessions: { id: string; userAgent: string | null; current: boolean }[];
    }>().sessions;
    expect(listed[0]).toMatchObject({ userAgent: phoneAgent, current: true });
    const other = listed.find((s) => s.userAgent === laptopAgent);
    expect(other?.current).toBe(false);

    // Without a session, and for another person's session: refused, nothing ended.
    expect((await cloud.app.inject({ method: 'GET', url: '/v1/auth/sessions' })).statusCode).toBe(401);
    const stranger = await signIn(cloud.people.clientB.email, password, laptopAgent);
    const notYours = await cloud.app.inject({
      method: 'DELETE',
      url: `/v1/auth/sessions/${other?.id ?? ''}`,
      headers: as(stranger.accessToken),
    });
    expect([notYours.statusCode, codeOf(notYours)]).toEqual([404, 'NOT_FOUND']);
    const malformed = await cloud.app.inject({
      method: 'DELETE',
      url: '/v1/auth/sessions/not-a-uuid',
      headers: as(stranger.accessToken),
    });
    expect(malformed.statusCode).toBe(400);
    expect((await sessionsOf(laptop.accessToken)).statusCode).toBe(200);

    const ended = await cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/sessions/sign-out-others',
      headers: as(phone.accessToken),
    });
    expect(ended.json()).toEqual({ ended: expect.any(Number) as number });
    expect(ended.json<{ ended: number }>().ended).toBeGreaterThanOrEqual(1);
    // The laptop's access token stops at once; its refresh token is refused (replay of an ended session).
    expect(codeOf(await sessionsOf(laptop.accessToken))).toBe('SESSION_ENDED');
    const replay = await cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: laptop.refreshToken },
    });
    expect(replay.statusCode).toBe(401);
    const left = (await sessionsOf(phone.accessToken)).json<{ sessions: { current: boolean }[] }>().sessions;
    expect(left).toEqual([expect.objectContaining({ current: true })]);
    const audit = await cloud.db.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'auth.other_sessions_ended' AND subject_id = $1",
      [cloud.people.clientA.id],
    );
    expect(audit.rowCount).toBe(1);
  });

  it('changes the password only with the current one, and ends the other sessions', async () => {
    const email = cloud.people.clientB.email;
    const phone = await signIn(email, password, phoneAgent);
    const laptop = await signIn(email, password, laptopAgent);
    const change = (token: string, body: Record<string, unknown>) =>
      cloud.app.inject({ method: 'POST', url: '/v1/auth/password', headers: as(token), payload: body });
    const newPassword = 'nouveau mot de passe 2026';

    const wrong = await change(phone.accessToken, { currentPassword: 'pas le bon', newPassword });
    expect([wrong.statusCode, codeOf(wrong)]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect((await change(phone.accessToken, { currentPassword: password, newPassword: 'court' })).statusCode).toBe(400);
    expect((await change(phone.accessToken, { newPassword })).statusCode).toBe(400);
    const refused = await cloud.db.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'auth.password_change_refused' AND subject_id = $1",
      [cloud.people.clientB.id],
    );
    expect(refused.rowCount).toBe(1);
    // The wrong try did not change anything: the laptop still works.
    expect((await sessionsOf(laptop.accessToken)).statusCode).toBe(200);

    const changed = await change(phone.accessToken, { currentPassword: password, newPassword });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<{ endedSessions: number }>().endedSessions).toBeGreaterThanOrEqual(1);
    expect(codeOf(await sessionsOf(laptop.accessToken))).toBe('SESSION_ENDED');
    expect((await sessionsOf(phone.accessToken)).statusCode).toBe(200);
    // The same change again (replayed with the old password) is refused; the old password no longer signs in.
    const again = await change(phone.accessToken, { currentPassword: password, newPassword: 'encore un autre 2026' });
    expect(codeOf(again)).toBe('INVALID_CREDENTIALS');
    const old = await cloud.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
    expect(codeOf(old)).toBe('INVALID_CREDENTIALS');
    await signIn(email, newPassword, phoneAgent);
  });

  it('counts wrong current passwords like sign-in tries', async () => {
    const email = cloud.people.repA.email;
    const session = await signIn(email, password, phoneAgent);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 11; i += 1) {
      const response = await cloud.app.inject({
        method: 'POST',
        url: '/v1/auth/password',
        headers: as(session.accessToken),
        payload: { currentPassword: `faux ${String(i)}`, newPassword: 'nouveau mot de passe 2026' },
      });
      codes.push(codeOf(response));
    }
    expect(codes.at(-1)).toBe('RATE_LIMITED');
  });

  it('enrols an authenticator from a QR to draw, and refuses its first code twice', async () => {
    const session = await signIn(cloud.people.repB.email, password, phoneAgent);
    const enrol = await cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/totp/enroll',
      headers: as(session.accessToken),
    });
    expect(enrol.statusCode, enrol.body).toBe(200);
    const { secret, otpauthUri, qr } = enrol.json<{
      secret: string;
      otpauthUri: string;
      qr: { size: number; modules: string };
    }>();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(qr.modules).toMatch(/^[01]+$/);
    expect(qr.modules.length).toBe(qr.size * qr.size);
    const code = currentTotpCode(secret, Date.now());
    const confirm = () =>
      cloud.app.inject({
        method: 'POST',
        url: '/v1/auth/totp/confirm',
        headers: as(session.accessToken),
        payload: { code },
      });
    expect((await confirm()).json()).toMatchObject({ enrolled: true });
    expect((await confirm()).statusCode).toBe(409);
    // The portal's security screen reads this to say an authenticator is on.
    const me = await cloud.app.inject({ method: 'GET', url: '/v1/me', headers: as(session.accessToken) });
    expect(me.json()).toMatchObject({ secondFactorEnrolled: true });
  });

  it('keeps the history of my marketing consent, mine only', async () => {
    const { partnerA, partnerB } = cloud.people;
    for (const granted of [true, false])
      await cloud.app.inject({
        method: 'PUT',
        url: '/v1/notifications/marketing-consent',
        headers: as(partnerA.token),
        payload: { granted },
      });
    const history = await cloud.app.inject({
      method: 'GET',
      url: '/v1/notifications/marketing-consent/history',
      headers: as(partnerA.token),
    });
    expect(history.json<{ history: { granted: boolean; source: string }[] }>().history.slice(0, 2)).toEqual([
      expect.objectContaining({ granted: false, source: 'preferences' }),
      expect.objectContaining({ granted: true, source: 'preferences' }),
    ]);
    const theirs = await cloud.app.inject({
      method: 'GET',
      url: '/v1/notifications/marketing-consent/history',
      headers: as(partnerB.token),
    });
    expect(theirs.json<{ history: unknown[] }>().history).toEqual([]);
    const unsigned = await cloud.app.inject({ method: 'GET', url: '/v1/notifications/marketing-consent/history' });
    expect(unsigned.statusCode).toBe(401);
  });
});
