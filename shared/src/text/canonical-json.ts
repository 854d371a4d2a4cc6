/**
 * JSON in its canonical form (RFC 8785: sorted keys, no spaces, fixed number forms), the text
 * every content hash and signature in the system is computed over, on any side. Undefined for
 * what JSON cannot hold (undefined itself), as the library answers.
 */
import canonicalizeModule from 'canonicalize';

// The package's CommonJS default export is typed as a namespace; it is the function.
export const canonicalJson = canonicalizeModule as unknown as (input: unknown) => string | undefined;
