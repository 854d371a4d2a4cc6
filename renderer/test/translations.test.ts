// The counter app and the client portal speak through their translation files only (issue 11):
// no word is written in a component. The TypeScript parser reads every .tsx of the app: text between tags and the
// human-facing attributes (placeholder, title, aria-label, alt) must not hold letters; every
// key the code asks for (t('…'), notices' `key: '…'`, `t(\`prefix.${…}\`)`) must exist in
// both languages, and French and English must have the same keys.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
const appDir = path.join(srcDir, 'counter');
const portalDir = path.join(srcDir, 'portal');
const humanAttributes = new Set(['placeholder', 'title', 'aria-label', 'alt', 'aria-description', 'label']);
const letter = /\p{L}/u;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.tsx') && !entry.name.endsWith('.test.tsx') ? [full] : [];
  });
}

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix.slice(0, -1)];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, `${prefix}${k}.`));
}

const localeKeys = (dir: string, language: string): string[] =>
  keysOf(JSON.parse(readFileSync(path.join(dir, 'locales', `${language}.json`), 'utf8')));
const fr = localeKeys(appDir, 'fr');
const en = localeKeys(appDir, 'en');

interface Findings {
  hardCoded: string[];
  keys: string[];
  prefixes: string[];
}

function scan(file: string): Findings {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Findings = { hardCoded: [], keys: [], prefixes: [] };
  const where = (node: ts.Node): string =>
    `${path.relative(srcDir, file)}:${String(source.getLineAndCharacterOfPosition(node.getStart()).line + 1)}`;
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && letter.test(node.text)) found.hardCoded.push(`${where(node)} text "${node.text.trim()}"`);
    if (
      ts.isJsxExpression(node) &&
      node.expression !== undefined &&
      (ts.isStringLiteral(node.expression) || ts.isNoSubstitutionTemplateLiteral(node.expression)) &&
      letter.test(node.expression.text)
    ) {
      found.hardCoded.push(`${where(node)} literal "${node.expression.text}"`);
    }
    if (
      ts.isJsxAttribute(node) &&
      humanAttributes.has(node.name.getText()) &&
      node.initializer !== undefined &&
      ts.isStringLiteral(node.initializer) &&
      letter.test(node.initializer.text)
    ) {
      found.hardCoded.push(`${where(node)} ${node.name.getText()}="${node.initializer.text}"`);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't') {
      const [first] = node.arguments;
      if (first !== undefined && ts.isStringLiteral(first)) found.keys.push(first.text);
      if (first !== undefined && ts.isTemplateExpression(first)) found.prefixes.push(first.head.text);
    }
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'key' && ts.isStringLiteral(node.initializer))
      found.keys.push(node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('counter app translations', () => {
  const findings = sources(appDir).map(scan);

  it('has no word written in a component', () => {
    expect(findings.flatMap((f) => f.hardCoded)).toEqual([]);
  });

  it('finds every key it asks for in French and in English, and both have the same keys', () => {
    const asked = [...new Set(findings.flatMap((f) => f.keys))];
    expect(asked.length).toBeGreaterThan(50);
    expect(asked.filter((k) => !fr.includes(k))).toEqual([]);
    expect(asked.filter((k) => !en.includes(k))).toEqual([]);
    const prefixes = [...new Set(findings.flatMap((f) => f.prefixes))];
    expect(prefixes.filter((p) => !fr.some((k) => k.startsWith(p)))).toEqual([]);
    expect([...fr].sort()).toEqual([...en].sort());
  });

  it('knows a message for every card refusal and every profile the hub can send', async () => {
    const { cardRefusalReasons, profileKeys } = await import('@ismail/shared');
    for (const reason of cardRefusalReasons) expect(fr).toContain(`cardRefusal.${reason}`);
    for (const profile of profileKeys) expect(fr).toContain(`profiles.${profile}`);
  });
});

describe('client portal translations', () => {
  const findings = sources(portalDir).map(scan);
  // The shell's keys as they are, and each area's keys with their namespace written out
  // (locales/wallet.fr.json holds `wallet:…`), as the portal asks for them.
  const portalKeys = (language: string): string[] => {
    const areaFiles = readdirSync(path.join(portalDir, 'locales')).filter((f) => f.endsWith(`.${language}.json`));
    return [
      ...localeKeys(portalDir, language),
      ...areaFiles.flatMap((file) => {
        const namespace = file.slice(0, -`.${language}.json`.length);
        const content: unknown = JSON.parse(readFileSync(path.join(portalDir, 'locales', file), 'utf8'));
        return keysOf(content).map((key) => `${namespace}:${key}`);
      }),
    ];
  };
  const portalFr = portalKeys('fr');
  const portalEn = portalKeys('en');

  it('has no word written in a component', () => {
    expect(findings.flatMap((f) => f.hardCoded)).toEqual([]);
  });

  it('finds every key it asks for in French and in English, and both have the same keys', () => {
    const asked = [...new Set(findings.flatMap((f) => f.keys))];
    expect(asked.length).toBeGreaterThan(20);
    expect(asked.filter((k) => !portalFr.includes(k))).toEqual([]);
    expect(asked.filter((k) => !portalEn.includes(k))).toEqual([]);
    const prefixes = [...new Set(findings.flatMap((f) => f.prefixes))];
    expect(prefixes.filter((p) => !portalFr.some((k) => k.startsWith(p)))).toEqual([]);
    expect([...portalFr].sort()).toEqual([...portalEn].sort());
  });
});
