/**
 * A run of consecutive cash sales from one hub applied with set-based writes (issue 28.2): the
 * checks the per-sale path makes (document validation, register, number, seller, gapless series,
 * content hash) are made here in the hub's order against the series read once under their row
 * locks, and what the accepted sales write (stock, stock moves and flags, invoices, audit entries,
 * series heads) goes in one statement per table. A refused sale is left out alone, in its place,
 * and does not advance its series, exactly as its rolled-back savepoint did.
 *
 * When anything of the run is already in the database (an invoice number, a stock move: a run
 * replayed after its outcomes were lost, or raced by another process), or the run names a number or
 * a sale twice, this path answers null and the caller takes the per-sale path, whose idempotent
 * steps settle each sale on its own.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, documentRegister, invoiceContentHash, invoiceNumber, type ShopSalePayload } from '@ismail/shared';
import { appendAuditMany, type AuditEntryInput } from '../../platform/audit/audit-log.js';
import { refusal, type Applied } from '../hubs/operation-registry.js';
import type { HubRecord } from '../hubs/registry.js';
import { checkHubDocument, type CheckedHubDocument } from '../invoicing/hub-documents.js';
import { registerPattern, sha256Hex } from '../invoicing/invoices.js';
import { checkHubSeller, sellerIdentity } from '../invoicing/seller-identity.js';

interface Prepared {
  readonly sale: ShopSalePayload;
  readonly checked: CheckedHubDocument;
  readonly register: string;
  readonly year: number;
  readonly series: string;
  readonly issuedAt: Date;
  readonly contentHash: string;
}

interface Move {
  readonly saleIndex: number;
  readonly productId: string;
  readonly reference: string;
  readonly delta: number;
}

/** The per-sale checks that need no database, in the per-sale path's order; an AppError refuses the sale. */
function prepare(hub: HubRecord, sale: ShopSalePayload): Prepared {
  const checked = checkHubDocument(sale.invoice);
  const issued = checked.issued;
  const kind = issued.document.kind;
  const issuedAt = new Date(issued.issuedAt);
  const year = issuedAt.getUTCFullYear();
  const register = documentRegister(hub.register, issued.register);
  if (register === null)
    throw new AppError('VALIDATION_FAILED', `register ${String(issued.register)} is not one of this hub's`);
  const expected = invoiceNumber(kind, register, year, issued.sequence);
  if (issued.number !== expected)
    throw new AppError('VALIDATION_FAILED', `number ${issued.number} is not ${expected} of register ${register}`);
  const contentHash = invoiceContentHash(
    {
      issuerAccountId: hub.partnerId,
      kind,
      number: issued.number,
      issuedAt: issuedAt.toISOString(),
      document: issued.document,
      totals: checked.totals,
    },
    sha256Hex,
  );
  return {
    sale,
    checked,
    register,
    year,
    series: `${hub.partnerId}:${register}:${String(year)}:${kind}`,
    issuedAt,
    contentHash,
  };
}

/** The refusals the per-sale path makes once the number is taken (in insertIssuedInvoice), in its order. */
function refusedAtIssue(p: Prepared): AppError | null {
  const issued = p.checked.issued;
  if (!registerPattern.test(p.register))
    return new AppError('VALIDATION_FAILED', 'register is 1 to 40 letters, digits, _ . -');
  if (issued.document.kind === 'credit_note')
    return new AppError('VALIDATION_FAILED', 'credit notes are made from an issued invoice');
  if (issued.contentHash !== undefined && issued.contentHash !== p.contentHash)
    return new AppError(
      'INVOICE_HASH_MISMATCH',
      `invoice ${issued.number}: the issuer's content hash ${issued.contentHash.slice(0, 12)}… is not ${p.contentHash.slice(0, 12)}…`,
    );
  return null;
}

/**
 * Applies the run inside the caller's transaction; answers each sale's outcome in run order, or null when part of
 * the run is already recorded (the caller then applies it sale by sale).
 */
export async function applyCashSaleRun(
  client: pg.PoolClient,
  hub: HubRecord,
  sales: readonly ShopSalePayload[],
): Promise<Applied[] | null> {
  const numbers = sales.map((s) => s.invoice.number);
  // A number or a sale twice in one run: the per-sale path settles which one stands (the second finds the first).
  if (new Set(numbers).size !== sales.length || new Set(sales.map((s) => s.saleId)).size !== sales.length) return null;
  const references = sales.flatMap((s) => s.items.map((_, i) => `${s.saleId}:${String(i)}`));
  const { rows: seen } = await client.query<{ seen: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM invoices WHERE issuer_account_id = $1 AND number = ANY($2::text[]))
         OR EXISTS (SELECT 1 FROM shop_stock_movements WHERE reason = 'hub_sale' AND reference = ANY($3::text[])) AS seen`,
    [hub.partnerId, numbers, references],
  );
  if (seen[0]?.seen !== false) return null;
  const checked = await checkRun(client, hub, sales);
  if (checked === null) return null;
  const { outcomes, accepted, heads } = checked;
  if (accepted.length > 0) {
    const stock = await writeStock(client, hub, accepted);
    await writeInvoices(client, hub, accepted, stock.alerts);
    const moved = [...heads.entries()].filter(([s]) => accepted.some((a) => a.p.series === s));
    await client.query(
      'UPDATE invoice_series t SET last_number = u.last_number FROM unnest($1::text[], $2::bigint[]) AS u(series, last_number) WHERE t.series = u.series',
      [moved.map(([s]) => s), moved.map(([, n]) => n)],
    );
    for (const [k, { p, at }] of accepted.entries())
      outcomes[at] = {
        status: 'applied',
        result: {
          invoiceNumber: p.checked.issued.number,
          flagged: stock.flagged[k] ?? [],
          unknown: stock.unknown[k] ?? [],
        },
      };
  }
  return outcomes.map((o) => o ?? refusal(new AppError('CONFLICT', 'not applied')));
}

interface Accepted {
  readonly p: Prepared;
  /** Its place in the run. */
  readonly at: number;
}

/**
 * Every check of the per-sale path, in the hub's order: the database-free ones, then the series (created if new,
 * locked in one order, read once) walked sale by sale. A refused sale takes no number.
 */
async function checkRun(
  client: pg.PoolClient,
  hub: HubRecord,
  sales: readonly ShopSalePayload[],
): Promise<{ outcomes: (Applied | null)[]; accepted: Accepted[]; heads: Map<string, number> } | null> {
  let verifiedSeller: Awaited<ReturnType<typeof sellerIdentity>>;
  try {
    verifiedSeller = await sellerIdentity(client, hub.partnerId);
  } catch (error) {
    // The issuer gone: each sale is refused on its own by the per-sale path.
    if (error instanceof AppError) return null;
    throw error;
  }
  const outcomes: (Applied | null)[] = [];
  const prepared: (Prepared | null)[] = [];
  for (const sale of sales) {
    try {
      const p = prepare(hub, sale);
      checkHubSeller(verifiedSeller, p.checked.issued.document.seller);
      prepared.push(p);
      outcomes.push(null);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      prepared.push(null);
      outcomes.push(refusal(error));
    }
  }
  const series = [...new Map(prepared.flatMap((p) => (p === null ? [] : [[p.series, p]]))).values()].sort((a, b) =>
    a.series < b.series ? -1 : 1,
  );
  const heads = new Map<string, number>();
  if (series.length > 0) {
    await client.query(
      `INSERT INTO invoice_series (series, issuer_account_id, register, year, kind)
       SELECT u.series, $1, u.register, u.year, u.kind FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS u(series, register, year, kind)
       ORDER BY u.series ON CONFLICT (series) DO NOTHING`,
      [
        hub.partnerId,
        series.map((p) => p.series),
        series.map((p) => p.register),
        series.map((p) => p.year),
        series.map((p) => p.checked.issued.document.kind),
      ],
    );
    const { rows } = await client.query<{ series: string; last_number: string }>(
      'SELECT series, last_number FROM invoice_series WHERE series = ANY($1::text[]) ORDER BY series FOR UPDATE',
      [series.map((p) => p.series)],
    );
    for (const row of rows) heads.set(row.series, Number(row.last_number));
  }
  const accepted: Accepted[] = [];
  for (const [i, p] of prepared.entries()) {
    if (p === null) continue;
    const last = heads.get(p.series) ?? 0;
    const sequence = p.checked.issued.sequence;
    const refused =
      sequence === last + 1
        ? refusedAtIssue(p)
        : new AppError(
            'CONFLICT',
            `register ${p.register} ${String(p.year)}: expected number ${String(last + 1)}, the hub sent ${String(sequence)}`,
          );
    if (refused !== null) {
      outcomes[i] = refusal(refused);
      continue;
    }
    heads.set(p.series, sequence);
    accepted.push({ p, at: i });
  }
  return { outcomes, accepted, heads };
}

/**
 * The accepted sales' physical lines: each product's total taken in one upsert, each move's level after it computed
 * here in the hub's order from the level the upsert returns; moves, below-zero flags in one INSERT each. Answers each
 * sale's flags and unknown products, and the low-stock alerts (as stock-alerts.ts makes them) each sale raised.
 */
async function writeStock(
  client: pg.PoolClient,
  hub: HubRecord,
  accepted: readonly Accepted[],
): Promise<{
  flagged: { productId: string; quantity: number }[][];
  unknown: string[][];
  alerts: AuditEntryInput[][];
}> {
  const place = `hub:${hub.id}`;
  const productIds = [...new Set(accepted.flatMap((a) => a.p.sale.items.map((item) => item.productId)))];
  const { rows: products } = await client.query<{ id: string; kind: string }>(
    'SELECT id, kind FROM shop_products WHERE partner_id = $1 AND id = ANY($2::uuid[])',
    [hub.partnerId, productIds],
  );
  const kinds = new Map(products.map((r) => [r.id, r.kind]));
  const moves: Move[] = [];
  const unknown: string[][] = accepted.map(() => []);
  for (const [k, { p }] of accepted.entries()) {
    for (const [line, item] of p.sale.items.entries()) {
      const kind = kinds.get(item.productId);
      if (kind === undefined) unknown[k]?.push(item.productId);
      if (kind !== 'physical') continue;
      moves.push({
        saleIndex: k,
        productId: item.productId,
        reference: `${p.sale.saleId}:${String(line)}`,
        delta: -item.quantity,
      });
    }
  }
  const flagged: { productId: string; quantity: number }[][] = accepted.map(() => []);
  const alerts: AuditEntryInput[][] = accepted.map(() => []);
  if (moves.length === 0) return { flagged, unknown, alerts };
  const totals = new Map<string, number>();
  for (const m of moves) totals.set(m.productId, (totals.get(m.productId) ?? 0) + m.delta);
  const ordered = [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const { rows } = await client.query<{ product_id: string; quantity: number; low_threshold: number }>(
    `INSERT INTO shop_stock (product_id, place, quantity)
     SELECT u.product_id, $1, u.delta FROM unnest($2::uuid[], $3::int[]) AS u(product_id, delta)
     ON CONFLICT (product_id, place) DO UPDATE SET quantity = shop_stock.quantity + excluded.quantity
     RETURNING product_id, quantity, low_threshold`,
    [place, ordered.map(([id]) => id), ordered.map(([, delta]) => delta)],
  );
  const levels = new Map(
    rows.map((r) => [
      r.product_id,
      { quantity: r.quantity - (totals.get(r.product_id) ?? 0), threshold: r.low_threshold },
    ]),
  );
  const after: number[] = [];
  const flags: { productId: string; quantity: number; reason: string }[] = [];
  for (const m of moves) {
    const level = levels.get(m.productId);
    if (level === undefined) throw new Error(`stock of ${m.productId} was not returned`);
    const before = level.quantity;
    level.quantity += m.delta;
    after.push(level.quantity);
    if (level.quantity < 0) {
      const saleId = accepted[m.saleIndex]?.p.sale.saleId ?? '';
      flags.push({
        productId: m.productId,
        quantity: level.quantity,
        reason: `offline sale ${saleId} took stock below zero`,
      });
      flagged[m.saleIndex]?.push({ productId: m.productId, quantity: level.quantity });
    }
    // Falling to the threshold from above it.
    if (level.quantity <= level.threshold && before > level.threshold)
      alerts[m.saleIndex]?.push({
        actor: { label: 'system:shop' },
        action: 'shop.stock_low',
        subject: { type: 'product', id: m.productId },
        place: 'cloud',
        detail: { place, quantity: level.quantity },
      });
  }
  await client.query(
    `INSERT INTO shop_stock_movements (product_id, place, delta, reason, reference, quantity_after)
     SELECT u.product_id, $1, u.delta, 'hub_sale', u.reference, u.quantity_after
     FROM unnest($2::uuid[], $3::int[], $4::text[], $5::int[]) WITH ORDINALITY AS u(product_id, delta, reference, quantity_after, n)
     ORDER BY u.n`,
    [place, moves.map((m) => m.productId), moves.map((m) => m.delta), moves.map((m) => m.reference), after],
  );
  if (flags.length > 0)
    await client.query(
      `INSERT INTO shop_stock_flags (product_id, place, quantity, reason)
       SELECT u.product_id, $1, u.quantity, u.reason FROM unnest($2::uuid[], $3::int[], $4::text[]) WITH ORDINALITY AS u(product_id, quantity, reason, n)
       ORDER BY u.n`,
      [place, flags.map((f) => f.productId), flags.map((f) => f.quantity), flags.map((f) => f.reason)],
    );
  return { flagged, unknown, alerts };
}

/** The invoices, issued under the hub's numbers, in one INSERT; their audit entries after each sale's stock alerts. */
async function writeInvoices(
  client: pg.PoolClient,
  hub: HubRecord,
  accepted: readonly Accepted[],
  alerts: readonly AuditEntryInput[][],
): Promise<void> {
  const place = `hub:${hub.id}`;
  const ids = accepted.map(() => randomUUID());
  const column = <T>(f: (p: Prepared) => T): T[] => accepted.map((a) => f(a.p));
  await client.query(
    `INSERT INTO invoices (id, issuer_account_id, register, kind, status, document, source, source_ref, created_by,
                           series, sequence, number, issued_at, totals, content_hash, clearance_next_at)
     SELECT u.id, $1, u.register, 'invoice', 'issued', u.document::jsonb, 'hub_sale', u.source_ref, $2,
            u.series, u.sequence, u.number, u.issued_at, u.totals::jsonb, u.content_hash, LEAST(u.issued_at, now())
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::timestamptz[], $11::text[], $12::text[])
       WITH ORDINALITY AS u(id, register, document, source_ref, series, sequence, number, issued_at, totals, content_hash, n)
     ORDER BY u.n`,
    [
      hub.partnerId,
      place,
      ids,
      column((p) => p.register),
      column((p) => JSON.stringify(p.checked.issued.document)),
      column((p) => `${place}:${p.sale.saleId}`),
      column((p) => p.series),
      column((p) => p.checked.issued.sequence),
      column((p) => p.checked.issued.number),
      column((p) => p.issuedAt.toISOString()),
      column((p) => JSON.stringify(p.checked.totals)),
      column((p) => p.contentHash),
    ],
  );
  await appendAuditMany(
    client,
    accepted.flatMap(({ p }, k) => [
      ...(alerts[k] ?? []),
      {
        actor: { label: place },
        action: 'invoice.issued',
        subject: { type: 'invoice', id: ids[k] ?? '' },
        place,
        detail: {
          number: p.checked.issued.number,
          grossXof: p.checked.totals.grossXof,
          taxXof: p.checked.totals.taxXof,
          contentHash: p.contentHash,
          issuedOffline: true,
        },
      },
    ]),
  );
}
