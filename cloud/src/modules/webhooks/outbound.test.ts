// Which addresses the cloud may post to (issue 20.6), without a network: every special-purpose
// class refused in each spelling, public unicast (and NAT64 of a public address) taken, the
// operator's allowance parsed strictly, and a checked destination pinned to its address.
import { describe, expect, it } from 'vitest';
import { checkDestination, parseAllowance, pinnedLookup, refusedAddressClass } from './outbound.js';

describe('outbound addresses', () => {
  it('refuses every non-public class and takes public unicast', () => {
    const refused = [
      '127.0.0.1',
      '127.255.255.254',
      '10.1.2.3',
      '172.31.255.1',
      '192.168.0.1',
      '169.254.169.254',
      '169.254.0.1',
      '100.64.0.1',
      '100.127.1.1',
      '0.0.0.0',
      '0.255.1.1',
      '224.0.0.251',
      '239.1.1.1',
      '255.255.255.255',
      '240.0.0.1',
      '192.0.2.1',
      '198.18.0.1',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:8.8.8.8',
      '64:ff9b::7f00:1',
      '64:ff9b::a00:1',
      '2002:7f00:1::',
      '2001:db8::1',
      '168.63.129.16',
      '100.100.100.200',
      'not-an-ip',
    ];
    for (const address of refused) expect(refusedAddressClass(address), address).not.toBeNull();
    for (const address of [
      '8.8.8.8',
      '93.184.215.14',
      '2606:4700:4700::1111',
      '2a00:1450:4007:80e::200a',
      '64:ff9b::808:808',
    ])
      expect(refusedAddressClass(address), address).toBeNull();
  });

  it("parses the operator's allowance strictly", () => {
    expect(parseAllowance('')).toEqual({ ok: true, value: [] });
    expect(parseAllowance(' 127.0.0.1:4010, [::1]:4011 ')).toEqual({
      ok: true,
      value: ['127.0.0.1:4010', '[::1]:4011'],
    });
    for (const bad of [
      '127.0.0.1',
      'localhost:4010',
      '127.0.0.1:0',
      '127.0.0.1:70000',
      '*:80',
      '10.0.0.0/8:80',
      '::1:80',
    ])
      expect(parseAllowance(bad).ok, bad).toBe(false);
  });

  it('allows a private address only on the allowed port, over HTTP only then, and pins the checked address', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }];
    await expect(checkDestination('http://sim.test:4010/x', { resolve })).rejects.toThrow(/only HTTPS/);
    await expect(
      checkDestination('https://sim.test:4011/x', { resolve, allowPrivateHosts: ['127.0.0.1:4010'] }),
    ).rejects.toThrow(/not public \(loopback\)/);
    const checked = await checkDestination('http://sim.test:4010/x', {
      resolve,
      allowPrivateHosts: ['127.0.0.1:4010'],
    });
    expect(checked).toMatchObject({ hostname: 'sim.test', port: 4010, address: '127.0.0.1', allowed: true });
    const answers: unknown[] = [];
    pinnedLookup(checked)('anything.example', { all: true }, (_e, address) => answers.push(address));
    pinnedLookup(checked)('anything.example', {}, (_e, address, family) => answers.push([address, family]));
    expect(answers).toEqual([[{ address: '127.0.0.1', family: 4 }], ['127.0.0.1', 4]]);
  });
});
