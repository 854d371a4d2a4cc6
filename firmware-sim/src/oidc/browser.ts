/**
 * A person's browser at the simulated provider, for tests that need no Chromium: follows the
 * authorization URL with a cookie jar, fills the login form, and stops at the redirect back to
 * the client, whose URL (code, state, iss) it returns. A second call with the same jar finds the
 * provider's session and skips the form, as a real browser would.
 */

export interface ProviderBrowser {
  /** Goes through the provider; returns the URL it sends the person back to. */
  signIn(authorizationUrl: string, login: string, password: string): Promise<URL>;
}

const redirectsMax = 10;

export function providerBrowser(issuer: string): ProviderBrowser {
  const jar = new Map<string, string>();
  const cookieHeader = (): string => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const keepCookies = (response: Response): void => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };

  async function follow(start: Response, login: string, password: string): Promise<URL> {
    let response = start;
    for (let hop = 0; hop < redirectsMax; hop += 1) {
      keepCookies(response);
      const location = response.headers.get('location');
      if (location === null) {
        const html = await response.text();
        const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
        if (action === undefined) throw new Error(`the provider answered ${String(response.status)} without a form`);
        response = await fetch(new URL(action.replaceAll('&amp;', '&'), issuer), {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ login, password }).toString(),
        });
        continue;
      }
      const next = new URL(location, issuer);
      if (next.origin !== new URL(issuer).origin) return next;
      response = await fetch(next, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    }
    throw new Error('too many redirects at the provider');
  }

  return {
    signIn: async (authorizationUrl, login, password) =>
      follow(
        await fetch(authorizationUrl, { redirect: 'manual', headers: { cookie: cookieHeader() } }),
        login,
        password,
      ),
  };
}
