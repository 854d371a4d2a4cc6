/**
 * The simulated provider's own login page: a plain form (no script), in French, like the page a
 * person sees at Google or Facebook before being sent back to ISMAIL. Everything shown is escaped.
 */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

export interface LoginPageOptions {
  readonly uid: string;
  readonly clientName: string;
  readonly providerLabel: string;
  readonly failed: boolean;
}

export function loginPage({ uid, clientName, providerLabel, failed }: LoginPageOptions): string {
  const error = failed ? '<p role="alert" class="error">Identifiant ou mot de passe incorrect.</p>' : '';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(providerLabel)} : connexion</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; padding: 1rem; background: #f4f6fb; color: #1b1f29; }
main { max-width: 24rem; margin: 0 auto; background: #fff; border-radius: 12px; padding: 1rem 1.25rem; }
label { display: block; margin-top: 0.75rem; font-weight: 600; }
input { width: 100%; box-sizing: border-box; min-height: 44px; font-size: 1rem; padding: 0.5rem; }
button { margin-top: 1rem; width: 100%; min-height: 44px; font-size: 1rem; background: #1a4fa3; color: #fff;
  border: 0; border-radius: 8px; }
.error { color: #a4161a; font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(providerLabel)}</h1>
<p>Connectez-vous pour continuer vers <strong>${escapeHtml(clientName)}</strong>.</p>
${error}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
<label for="login">Identifiant</label>
<input id="login" name="login" autocomplete="username" required>
<label for="password">Mot de passe</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Se connecter</button>
</form>
</main>
</body>
</html>`;
}
