/**
 * A device as a real one would join the hub: registered by the administrator, its own key and
 * CSR made with openssl, enrolled with the one-time code; then the arguments Debian's
 * mosquitto clients need to act as it.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function openssl(args: readonly string[]): Promise<number | null> {
  return new Promise((resolve) => spawn('openssl', args, { stdio: 'ignore' }).on('exit', resolve));
}

export interface EnrolledDevice {
  readonly id: string;
  /** -h -p --cafile --cert --key -i for mosquitto_pub and mosquitto_sub. */
  readonly mosquittoArgs: string[];
}

export async function enrolDevice(input: {
  hubUrl: string;
  admin: Record<string, string>;
  dir: string;
  mqttPort: number;
  type: string;
  name: string;
  unitId?: string;
  /** A door lock's property (real estate visits) instead of a room. */
  propertyId?: string;
}): Promise<EnrolledDevice> {
  const created = (await (
    await fetch(`${input.hubUrl}/api/v1/devices`, {
      method: 'POST',
      headers: input.admin,
      body: JSON.stringify({
        type: input.type,
        name: input.name,
        ...(input.unitId === undefined ? {} : { unitId: input.unitId }),
        ...(input.propertyId === undefined ? {} : { propertyId: input.propertyId }),
      }),
    })
  ).json()) as { device: { id: string }; enrolCode: string };
  const id = created.device.id;
  const file = (ext: string): string => path.join(input.dir, `${id}.${ext}`);
  if ((await openssl(['ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', file('key')])) !== 0)
    throw new Error('openssl could not make a key');
  if ((await openssl(['req', '-new', '-key', file('key'), '-subj', '/CN=device', '-out', file('csr')])) !== 0)
    throw new Error('openssl could not make a CSR');
  const response = await fetch(`${input.hubUrl}/api/v1/devices/${id}/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: created.enrolCode, csr: readFileSync(file('csr'), 'utf8') }),
  });
  if (response.status !== 200) throw new Error(`enrolment refused: HTTP ${String(response.status)}`);
  const issued = (await response.json()) as { certificatePem: string; caCertificatePem: string };
  writeFileSync(file('pem'), issued.certificatePem);
  writeFileSync(path.join(input.dir, 'ca.pem'), issued.caCertificatePem);
  return {
    id,
    mosquittoArgs: [
      '-h',
      '127.0.0.1',
      '-p',
      String(input.mqttPort),
      '--cafile',
      path.join(input.dir, 'ca.pem'),
      '--cert',
      file('pem'),
      '--key',
      file('key'),
      '-i',
      id,
    ],
  };
}
