/**
 * `ismail card verify|export|issue|suspend|reinstate|revoke`.
 * verify exits 0 only for a valid card and prints the refusal reason otherwise.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { profileByKey, type ProfileKey } from '@ismail/shared';
import { renderCardPdf, renderCardPng, renderQrPng, type CardFace } from '@ismail/cloud';
import { callOk, CliFailure, type CliContext } from '../context.js';

interface ExportedCard {
  token: string;
  state: 'active' | 'suspended';
  ismailId: string;
  firstName: string;
  lastName: string;
  profile: ProfileKey;
  issuedAt: string;
  expiresAt: string;
  photoBase64: string | null;
}

const exportFormats = ['jws', 'pdf', 'a4', 'png', 'qr'] as const;

/** The bytes of one export format; the card face is drawn from the card in force. */
async function exportBytes(card: ExportedCard, format: (typeof exportFormats)[number]): Promise<Buffer> {
  if (format === 'jws') return Buffer.from(`${card.token}\n`);
  if (format === 'qr') return renderQrPng(card.token);
  const face: CardFace = {
    ismailId: card.ismailId,
    firstName: card.firstName,
    lastName: card.lastName,
    roleLabel: profileByKey(card.profile).label.fr,
    status: card.state === 'suspended' ? 'suspended' : 'active',
    issuedOn: card.issuedAt.slice(0, 10),
    expiresOn: card.expiresAt.slice(0, 10),
    qrText: card.token,
    ...(card.photoBase64 === null ? {} : { photo: Buffer.from(card.photoBase64, 'base64') }),
  };
  if (format === 'png') return renderCardPng(face);
  return renderCardPdf(face, format === 'a4' ? 'a4' : 'card');
}

/** A JWS given inline, or a file holding one. */
function readToken(argument: string): string {
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(argument.trim())) return argument.trim();
  if (!existsSync(argument)) throw new CliFailure(`"${argument.slice(0, 60)}" is neither a card code (JWS) nor a file`);
  const bytes = readFileSync(argument);
  if (bytes.length > 64 * 1024) throw new CliFailure(`${argument} is too large to hold a card code`);
  return bytes.toString('utf8').trim();
}

interface CardCheck {
  outcome: 'valid' | 'refused';
  reason?: string;
  message?: { fr: string; en: string };
  holder?: { ismailId: string; firstName: string; lastName: string; role: string; status: string };
  card?: { form: string; expiresAt: string };
}

export async function cardCommand(
  context: CliContext,
  args: readonly string[],
  reason: string | undefined,
  format: string,
  out: string | undefined,
): Promise<number> {
  const [action, target] = args;
  if (action === undefined || target === undefined)
    throw new CliFailure(
      'usage: ismail card verify <jws-or-file> | export <ismail-id> --format jws|pdf|a4|png|qr --out <file> | issue <account-id> | suspend|reinstate|revoke <card-id> --reason "…"',
    );
  switch (action) {
    case 'verify': {
      const check = (await callOk(context, 'POST', '/v1/cards/verify', {
        body: { token: readToken(target), place: 'cli' },
      })) as CardCheck;
      if (check.outcome === 'valid' && check.holder !== undefined && check.card !== undefined) {
        context.io.out(
          `VALID  ${check.holder.ismailId}  ${check.holder.firstName} ${check.holder.lastName}  role=${check.holder.role}  status=${check.holder.status}  ${check.card.form} card, expires ${check.card.expiresAt}\n`,
        );
        return 0;
      }
      context.io.out(`REFUSED  ${check.reason ?? '?'}  ${check.message?.en ?? ''}\n`);
      return 1;
    }
    case 'export': {
      if (!(exportFormats as readonly string[]).includes(format))
        throw new CliFailure(
          `--format must be one of ${exportFormats.join(', ')} (pdf is card-sized, a4 a printable page)`,
        );
      if (format !== 'jws' && out === undefined)
        throw new CliFailure(`--format ${format} writes a binary file: give --out <file>`);
      const card = (await callOk(context, 'GET', `/v1/operator/cards/by-ismail-id/${encodeURIComponent(target)}`, {
        operator: true,
      })) as ExportedCard;
      const bytes = await exportBytes(card, format as (typeof exportFormats)[number]);
      if (out === undefined) context.io.out(bytes.toString('utf8'));
      else {
        writeFileSync(out, bytes);
        context.io.out(`wrote the ${format} card of ${card.ismailId} to ${out} (${String(bytes.length)} bytes)\n`);
      }
      return 0;
    }
    case 'issue': {
      await callOk(context, 'POST', `/v1/operator/accounts/${encodeURIComponent(target)}/activate`, { operator: true });
      const issued = (await callOk(context, 'POST', `/v1/operator/accounts/${encodeURIComponent(target)}/cards`, {
        operator: true,
      })) as { cardId: string; expiresAt: string };
      context.io.out(`issued card ${issued.cardId}, valid until ${issued.expiresAt}\n`);
      return 0;
    }
    case 'suspend':
    case 'reinstate':
    case 'revoke': {
      if (reason === undefined) throw new CliFailure(`${action} needs --reason "…" (it is recorded in the audit log)`);
      await callOk(context, 'POST', `/v1/operator/cards/${encodeURIComponent(target)}/${action}`, {
        operator: true,
        body: { reason },
      });
      context.io.out(`card ${target}: ${action} done\n`);
      return 0;
    }
    default:
      throw new CliFailure(`unknown card action "${action.slice(0, 30)}"`);
  }
}
