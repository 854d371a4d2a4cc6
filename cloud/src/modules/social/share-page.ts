/**
 * The page a share link answers: Open Graph and Twitter card tags so WhatsApp, Facebook or X
 * show a card (title, description, price, canonical link), then the person is sent to the
 * portal page by a meta refresh and a plain link (the CSP allows no script at all).
 *
 * Everything from a record is escaped for HTML (a product named "<script>" is text), and the
 * page's only style is allowed by its hash.
 */
import { createHash } from 'node:crypto';
import { shareDescriptionMaxChars } from './limits.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

/** "12 500 FCFA": grouped as the portal writes it (narrow no-break space), a no-break space before the unit. */
export const fcfa = (amountXof: number): string =>
  `${new Intl.NumberFormat('fr-CI', { maximumFractionDigits: 0 }).format(amountXof)}\u00a0FCFA`;

const clip = (text: string, maxChars: number): string =>
  text.length <= maxChars ? text : `${text.slice(0, maxChars - 1).trimEnd()}…`;

const style =
  'body{font-family:system-ui,sans-serif;margin:0;padding:1rem;background:#f4f6fb;color:#1b1f29}' +
  'main{max-width:30rem;margin:0 auto;background:#fff;border-radius:12px;padding:1rem}' +
  'a{display:inline-block;min-height:44px;line-height:44px;color:#0b4fa8;font-weight:600}';

const styleHash = createHash('sha256').update(style).digest('base64');

/** The share page's own policy: nothing loads, nothing runs, only its one style by hash. */
export const shareContentSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${styleHash}'`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ShareCard {
  readonly title: string;
  readonly description: string;
  readonly priceXof: number;
  /** "/nuit" for a night's price; empty for a product. */
  readonly priceUnit: string;
  /** The share link itself (og:url, canonical). */
  readonly canonicalUrl: string;
  /** The portal page the person is sent to. */
  readonly portalUrl: string;
  readonly imageUrl: string | null;
  readonly kind: 'product' | 'website';
}

export function sharePage(card: ShareCard): string {
  const price = `${fcfa(card.priceXof)}${card.priceUnit}`;
  const description = clip(
    card.description.trim() === '' ? price : `${price} · ${card.description.trim()}`,
    shareDescriptionMaxChars,
  );
  const meta = (attribute: 'property' | 'name', key: string, value: string): string =>
    `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`;
  const image =
    card.imageUrl === null
      ? []
      : [meta('property', 'og:image', card.imageUrl), meta('name', 'twitter:image', card.imageUrl)];
  const product =
    card.kind === 'product'
      ? [
          meta('property', 'product:price:amount', String(card.priceXof)),
          meta('property', 'product:price:currency', 'XOF'),
        ]
      : [];
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(card.title)} · ISMAIL</title>
<link rel="canonical" href="${escapeHtml(card.canonicalUrl)}">
${meta('name', 'description', description)}
${meta('property', 'og:type', card.kind)}
${meta('property', 'og:site_name', 'ISMAIL')}
${meta('property', 'og:locale', 'fr_FR')}
${meta('property', 'og:title', card.title)}
${meta('property', 'og:description', description)}
${meta('property', 'og:url', card.canonicalUrl)}
${[...image, ...product].join('\n')}
${meta('name', 'twitter:card', card.imageUrl === null ? 'summary' : 'summary_large_image')}
${meta('name', 'twitter:title', card.title)}
${meta('name', 'twitter:description', description)}
<meta http-equiv="refresh" content="0;url=${escapeHtml(card.portalUrl)}">
<style>${style}</style>
</head>
<body>
<main>
<h1>${escapeHtml(card.title)}</h1>
<p>${escapeHtml(description)}</p>
<p><a href="${escapeHtml(card.portalUrl)}">Voir sur ISMAIL</a></p>
</main>
</body>
</html>`;
}

export const notFoundPage = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Lien introuvable · ISMAIL</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>Lien introuvable</h1>
<p>Ce produit ou cette offre n’existe pas ou n’est plus proposé.</p>
<p><a href="/">Aller sur ISMAIL</a></p>
</main>
</body>
</html>`;
