/**
 * A real cloud process with the demo data, for the hub's real-process tests: its URL, the
 * operator's headers (read from its data folder, as the CLI does) and the demo accounts.
 */
import type { ChildProcess } from 'node:child_process';
export interface DemoCloud {
    readonly url: string;
    readonly port: number;
    readonly env: Record<string, string>;
    process: ChildProcess;
    readonly operator: Record<string, string>;
    /** A demo account's id by email (for example partenaire@demo.ismail.ci). */
    readonly idOf: (email: string) => string;
    /** Registers a hub for the demo boutique: its id and one-time pairing code. */
    readonly registerHub: (name: string) => Promise<{
        hub: {
            id: string;
        };
        pairingCode: string;
    }>;
}
export declare function startDemoCloud(root: string): Promise<DemoCloud>;
//# sourceMappingURL=demo-cloud.d.ts.map