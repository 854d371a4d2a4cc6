import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { classifyScan, gs1CheckDigitOk } from './classify.js';
import { WedgeDetector } from './wedge.js';

const b64 = (o: unknown): string => base64url.encode(JSON.stringify(o));

describe('scan classification', () => {
  it('sends an ISMAIL card QR to verification and a valid EAN-13 to product lookup', () => {
    const card = `${b64({ alg: 'ES256', typ: 'ismail-card+jwt', kid: 'k1' })}.${b64({ sub: 'x' })}.c2ln`;
    expect(classifyScan(card)).toEqual({ ok: true, kind: 'card', code: card });
    expect(classifyScan('6111234567895\r\n')).toEqual({
      ok: true,
      kind: 'product',
      code: '6111234567895',
      symbology: 'EAN-13',
    });
    expect(classifyScan('96385074')).toMatchObject({ ok: true, kind: 'product', symbology: 'EAN-8' });
    expect(classifyScan('SKU-PAGNE-WAX-12')).toEqual({ ok: true, kind: 'product', code: 'SKU-PAGNE-WAX-12' });
  });

  it('refuses a misread barcode, another signed token, control bytes and empty or huge input', () => {
    expect(classifyScan('6111234567892')).toMatchObject({ ok: false, reason: 'EAN-13 check digit is wrong (misread)' });
    expect(classifyScan(`${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({})}.c2ln`)).toMatchObject({ ok: false });
    expect(classifyScan('ABC\x1bp\x00')).toMatchObject({ ok: false, reason: 'control or non-printable characters' });
    expect(classifyScan('')).toMatchObject({ ok: false });
    expect(classifyScan('9'.repeat(3000))).toMatchObject({ ok: false });
    expect(gs1CheckDigitOk('036000291452')).toBe(true);
  });
});

describe('keyboard-wedge scanner detection', () => {
  it('takes a fast burst ended by Enter as a scan and leaves typing alone', () => {
    const wedge = new WedgeDetector();
    let t = 1000;
    let code: string | null = null;
    for (const c of '6111234567895') code = wedge.key(c, (t += 8));
    expect(code).toBeNull();
    expect(wedge.scanning(t + 1)).toBe(true);
    expect(wedge.key('Enter', (t += 8))).toBe('6111234567895');
    // A cashier typing "123456" then Enter, 120 ms between keys: not a scan.
    for (const c of '123456') expect(wedge.key(c, (t += 120))).toBeNull();
    expect(wedge.key('Enter', (t += 120))).toBeNull();
    // Too short a burst (2 keys) is not a scan either.
    wedge.key('4', (t += 500));
    wedge.key('2', (t += 5));
    expect(wedge.key('Enter', (t += 5))).toBeNull();
  });
});
