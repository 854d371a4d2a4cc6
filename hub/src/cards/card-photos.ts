/**
 * The card desk's photos: a signed card carries only the SHA-256 of its holder's KYC photo; the
 * hub fetches the photo from the cloud (short timeout) and keeps it only when the hash matches,
 * so a swapped photo can never be shown next to a genuine card. Offline, a card seen before
 * still shows its face; a new one shows none (and says so).
 */
import { createHash } from 'node:crypto';
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from '../sync/credentials.js';

/** Photos kept at this desk; the oldest are dropped past it. */
export const cardPhotosMax = 2000;
const fetchTimeoutMs = 1_500;
const photoMaxBytes = 5 * 1024 * 1024;

export class CardPhotos {
  constructor(
    private readonly db: HubDatabase,
    private readonly credentials: CredentialStore,
  ) {}

  /**
   * Whether the photo with this hash is here now (fetched if needed and possible). `credential`:
   * the card's signed credential as scanned, the cloud's proof that the card is at this hub.
   */
  async ensure(cardId: string, photoHash: string, credential: string): Promise<boolean> {
    const cached = this.db
      .prepare<[string], { photo_hash: string }>('SELECT photo_hash FROM card_photos WHERE card_id = ?')
      .get(cardId);
    if (cached?.photo_hash === photoHash) return true;
    if (this.credentials.load() === null) return false;
    try {
      const response = await this.credentials.cloud.request(`/v1/hubs/cards/${cardId}/photo`, {
        headers: { 'x-card-credential': credential },
        signal: AbortSignal.timeout(fetchTimeoutMs),
      });
      if (!response.ok) return false;
      const contentType = response.headers.get('content-type') ?? '';
      const bytes = Buffer.from(await response.arrayBuffer());
      if (!['image/png', 'image/jpeg'].includes(contentType) || bytes.length === 0 || bytes.length > photoMaxBytes)
        return false;
      if (createHash('sha256').update(bytes).digest('base64url') !== photoHash) return false;
      this.db.transaction(() => {
        this.db
          .prepare(
            'INSERT INTO card_photos (card_id, photo_hash, content_type, bytes, fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (card_id) DO UPDATE SET photo_hash = excluded.photo_hash, content_type = excluded.content_type, bytes = excluded.bytes, fetched_at = excluded.fetched_at',
          )
          .run(cardId, photoHash, contentType, bytes, new Date().toISOString());
        this.db
          .prepare(
            'DELETE FROM card_photos WHERE card_id IN (SELECT card_id FROM card_photos ORDER BY fetched_at DESC LIMIT -1 OFFSET ?)',
          )
          .run(cardPhotosMax);
      })();
      return true;
    } catch {
      return false;
    }
  }

  get(cardId: string): { contentType: string; bytes: Buffer } | undefined {
    const row = this.db
      .prepare<[string], { content_type: string; bytes: Buffer }>(
        'SELECT content_type, bytes FROM card_photos WHERE card_id = ?',
      )
      .get(cardId);
    return row === undefined ? undefined : { contentType: row.content_type, bytes: row.bytes };
  }
}
