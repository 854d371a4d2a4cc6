/**
 * Whether the signed-in person sells (a partner, or staff acting for one): read from the access
 * token's own claims, only to decide whether to show the seller tab. The cloud decides what each
 * list holds; this never grants anything.
 */
import { currentSession } from '../../session.js';

export function sellsOnIsmail(): boolean {
  const token = currentSession()?.accessToken;
  const payload = token?.split('.')[1];
  if (payload === undefined) return false;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { prof?: unknown; del?: unknown };
    return claims.prof === 'partner' || Array.isArray(claims.del);
  } catch {
    return false;
  }
}
