import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builtEntry, freePort, startProcess, waitForHttp } from './processes.js';
export async function startDemoCloud(root) {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}`;
    const env = { CLOUD_PORT: String(port), ISMAIL_DATA_DIR: path.join(root, 'cloud'), ISMAIL_DEMO: 'true', LOG_LEVEL: 'silent' };
    const child = startProcess(builtEntry('cloud'), env);
    await waitForHttp(`${url}/health`, 60_000);
    const operator = { authorization: `Bearer ${readFileSync(path.join(root, 'cloud', 'cloud', 'operator-token'), 'utf8').trim()}`, 'content-type': 'application/json' };
    const accounts = (await (await fetch(`${url}/v1/operator/accounts?limit=100`, { headers: operator })).json()).accounts;
    const idOf = (email) => accounts.find((a) => a.email === email)?.id ?? '';
    return {
        url,
        port,
        env,
        process: child,
        operator,
        idOf,
        registerHub: async (name) => (await (await fetch(`${url}/v1/operator/hubs`, { method: 'POST', headers: operator, body: JSON.stringify({ partnerId: idOf('partenaire@demo.ismail.ci'), name }) })).json()),
    };
}
//# sourceMappingURL=demo-cloud.js.map