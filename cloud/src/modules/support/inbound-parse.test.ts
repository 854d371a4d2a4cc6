// The quoted previous message never lands in the thread: French and English quote headers (one line or wrapped over
// two), `>` lines, and a reply that is nothing but a quote (empty). The token and sender come from the headers.
import { describe, expect, it } from 'vitest';
import { parseInboundReply, stripQuoted } from './inbound-parse.js';

describe('stripQuoted', () => {
  it('keeps only the new words above a French quote header', () => {
    expect(
      stripQuoted(
        'Toujours pas reçu.\nMerci\n\nLe lun. 7 déc. 2026 à 10:00, ISMAIL <no-reply@ismail.ci> a écrit :\n> Bonjour Awa',
      ),
    ).toBe('Toujours pas reçu.\nMerci');
  });
  it('cuts at an English header wrapped over two lines and drops > lines', () => {
    expect(
      stripQuoted('Still nothing\r\n> old line\r\nOn Mon, Dec 7, 2026 at 10:00 AM ISMAIL\r\n<x@y> wrote:\r\nold'),
    ).toBe('Still nothing');
  });
  it('answers empty for a reply that only quotes', () => {
    expect(stripQuoted('> Bonjour\n> Votre réclamation')).toBe('');
  });
  it('keeps a line that merely starts with « Le »', () => {
    expect(stripQuoted('Le colis est abîmé.\nMerci')).toBe('Le colis est abîmé.\nMerci');
  });
});

describe('parseInboundReply', () => {
  it('reads the token from the support+ recipient, the sender and the Message-ID', async () => {
    const raw = Buffer.from(
      [
        'From: Awa Koné <Awa.Kone@Exemple.ci>',
        'To: "Support ISMAIL" <support+abcdefghijklmnopqrstuvwx12@ismail.ci>',
        'Subject: Re: Réclamation R-2026-000001',
        'Message-ID: <m1@exemple.ci>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Toujours rien.',
        '',
        '> Bonjour',
      ].join('\r\n'),
    );
    expect(await parseInboundReply(raw)).toEqual({
      token: 'abcdefghijklmnopqrstuvwx12',
      from: 'awa.kone@exemple.ci',
      messageId: '<m1@exemple.ci>',
      body: 'Toujours rien.',
    });
  });
  it('finds no token in a mail to another address', async () => {
    const raw = Buffer.from('From: a@b.ci\r\nTo: contact@ismail.ci\r\nSubject: x\r\n\r\nBonjour');
    expect((await parseInboundReply(raw)).token).toBeNull();
  });
});
