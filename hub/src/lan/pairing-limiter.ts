/**
 * Wrong pairing codes, counted per address and for the whole hub over a sliding minute: an
 * 8-digit code living 5 minutes cannot be guessed at 5 tries a minute per address and 30 for
 * all. Bounded memory: past `addressesMax` addresses the oldest entry goes.
 */
export const pairingFailuresPerAddressMax = 5;
export const pairingFailuresPerHubMax = 30;
const windowMs = 60_000;
const addressesMax = 1_000;

export class PairingLimiter {
  private readonly byAddress = new Map<string, number[]>();
  private all: number[] = [];

  constructor(private readonly now: () => number = () => Date.now()) {}

  private recent(times: readonly number[]): number[] {
    const since = this.now() - windowMs;
    return times.filter((t) => t > since);
  }

  /** Whether `address` may try a code now. */
  allows(address: string): boolean {
    this.all = this.recent(this.all);
    const mine = this.recent(this.byAddress.get(address) ?? []);
    return mine.length < pairingFailuresPerAddressMax && this.all.length < pairingFailuresPerHubMax;
  }

  failed(address: string): void {
    const at = this.now();
    this.all.push(at);
    const mine = [...this.recent(this.byAddress.get(address) ?? []), at];
    this.byAddress.delete(address);
    this.byAddress.set(address, mine);
    if (this.byAddress.size > addressesMax) {
      const oldest = this.byAddress.keys().next().value;
      if (oldest !== undefined) this.byAddress.delete(oldest);
    }
  }
}
