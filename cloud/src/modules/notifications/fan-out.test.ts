// The announcement is the only thing a process takes from the channel: anything but exactly
// "<recipient uuid>:<notification uuid>" is ignored, and what is kept is only a filter (the
// receiver reads the row and pushes to the recipient the row names).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { announcementPayload, parseAnnouncement } from './fan-out.js';

describe('in-app announcement payload', () => {
  it('reads back what the emitter writes, well under the 8000-byte limit of pg_notify', () => {
    const recipientId = randomUUID();
    const notificationId = randomUUID();
    const payload = announcementPayload(recipientId, notificationId);
    expect(Buffer.byteLength(payload)).toBe(73);
    expect(parseAnnouncement(payload)).toEqual({ recipientId, notificationId });
  });

  it.each([
    ['nothing', undefined],
    ['empty', ''],
    ['one id', randomUUID()],
    ['three ids', `${randomUUID()}:${randomUUID()}:${randomUUID()}`],
    ['not uuids', 'account:notification'],
    ['upper case', `${randomUUID().toUpperCase()}:${randomUUID()}`],
    ['trailing text', `${randomUUID()}:${randomUUID()} OR 1=1`],
    ['a line break', `${randomUUID()}:${randomUUID()}\n`],
    ['JSON', JSON.stringify({ recipientId: randomUUID(), notificationId: randomUUID() })],
  ])('ignores %s', (_what, payload) => {
    expect(parseAnnouncement(payload)).toBeNull();
  });
});
