/**
 * The revocation list the hub publishes for its device certificates (issue 28.7): an X.509 CRL
 * signed by the hub's device CA listing every revoked device's certificate serial, so anything
 * on the LAN that checks device certificates (not only the hub's own broker, which refuses a
 * revoked device from the registry itself) can refuse them too. Signed again on each revocation
 * (its number grows, kept in SQLite so a restart never reuses one) and when it nears its
 * next-update date; one signing at a time.
 */
import type { HubDatabase } from '../store/open.js';
import { crlValidityDays, type DeviceCa } from './device-ca.js';

/** A list older than this is signed again when asked for (well before its next-update date). */
const refreshAfterMs = (crlValidityDays * 86_400_000) / 2;

export class DeviceCrl {
  private pending: Promise<Uint8Array> | null = null;
  /** The signing in progress, so a revocation during one is never left out. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: HubDatabase,
    private readonly ca: DeviceCa,
  ) {}

  /** The current list (DER), signed now if there is none or it is getting old. */
  async current(): Promise<Uint8Array> {
    const row = this.db
      .prepare<[], { der: Buffer; made_at: string }>('SELECT der, made_at FROM device_crl WHERE id = 1')
      .get();
    if (row !== undefined && Date.now() - Date.parse(row.made_at) < refreshAfterMs) return new Uint8Array(row.der);
    return (this.pending ??= this.regenerate().finally(() => (this.pending = null)));
  }

  /** Signs a new list from the registry's revoked devices (called on each revocation). */
  regenerate(): Promise<Uint8Array> {
    const next = this.chain.then(async () => {
      const revoked = this.db
        .prepare<[], { cert_serial: string; revoked_at: string | null }>(
          "SELECT cert_serial, revoked_at FROM devices WHERE state = 'revoked' AND cert_serial IS NOT NULL ORDER BY revoked_at",
        )
        .all();
      const number =
        (this.db.prepare<[], { n: number }>('SELECT crl_number AS n FROM device_crl WHERE id = 1').get()?.n ?? 0) + 1;
      const der = await this.ca.signCrl(
        revoked.map((r) => ({
          serial: r.cert_serial,
          revokedAt: r.revoked_at === null ? new Date() : new Date(r.revoked_at),
        })),
        number,
      );
      this.db
        .prepare(
          `INSERT INTO device_crl (id, crl_number, der, made_at) VALUES (1, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET crl_number = excluded.crl_number, der = excluded.der, made_at = excluded.made_at`,
        )
        .run(number, Buffer.from(der), new Date().toISOString());
      return der;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
