/**
 * Biometric matching (SPEC 3.12) behind an interface: a provider compares the KYC photo
 * with the identity document and explains its decision. None is configured in this build
 * (no provider or reader is available to us), so every case goes to manual review; with a
 * provider, its decision and score are recorded in the case's checks for the reviewer, and
 * a "no match" is flagged as an anomaly.
 */

export interface BiometricDecision {
  readonly decision: 'match' | 'no_match' | 'inconclusive';
  /** 0 to 1, provider-defined. */
  readonly score: number;
  /** One sentence a reviewer can act on. */
  readonly explanation: string;
}

export interface BiometricMatcher {
  readonly name: string;
  match(photo: Buffer, idDocument: Buffer): Promise<BiometricDecision>;
}

export interface BiometricCheck {
  readonly provider: string;
  readonly decision: BiometricDecision['decision'] | 'not_run';
  readonly score?: number;
  readonly explanation: string;
  readonly anomaly: boolean;
}

export async function runBiometricCheck(
  matcher: BiometricMatcher | undefined,
  photo: Buffer,
  idDocument: Buffer,
): Promise<BiometricCheck> {
  if (matcher === undefined)
    return {
      provider: 'none',
      decision: 'not_run',
      explanation: 'no biometric provider configured: manual review',
      anomaly: false,
    };
  try {
    const result = await matcher.match(photo, idDocument);
    return {
      provider: matcher.name,
      decision: result.decision,
      score: result.score,
      explanation: result.explanation.slice(0, 300),
      anomaly: result.decision === 'no_match',
    };
  } catch (error) {
    // A provider outage must not block KYC: the reviewer sees why the check is missing.
    return {
      provider: matcher.name,
      decision: 'inconclusive',
      explanation: `provider error: ${(error as Error).message.slice(0, 200)}`,
      anomaly: true,
    };
  }
}
