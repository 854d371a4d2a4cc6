/**
 * The one rule for control characters in text that clients send (issue 19): a one-line
 * field (a name, a label, a reference) holds none of C0 (U+0000–U+001F), DEL (U+007F) or C1
 * (U+0080–U+009F); multi-line free text (a description, a note, a review) may also hold line
 * feed and tab, nothing else. NUL is refused everywhere: PostgreSQL cannot store it at all.
 *
 * Owns: the character classes, the schema helpers that mark a field one-line or multi-line
 * (by its `pattern`, which also documents the rule in OpenAPI and is checked by the
 * validator), and the walk that finds the first offending character in a request's parsed
 * parts, naming the field by its JSON path. Pure: cloud and hub call it from an HTTP hook.
 * Must never let a string through unchecked because its schema is unknown: a field without a
 * multi-line mark is held to the one-line rule (deny by default).
 */
import { Type, type StringOptions, type TString } from '@sinclair/typebox';
import { AppError, errorDetailsMaxItems } from '../errors/catalog.js';

/** Refused in one-line fields: every C0 control, DEL and every C1 control. */
export const singleLinePattern = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';
/** Refused in multi-line fields: the same but line feed (U+000A) and tab (U+0009). Carriage
 * return is refused: browsers send text areas with \n, and a lone \r moves a line back. */
export const multiLinePattern = '^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$';

type TextOptions = Omit<StringOptions, 'pattern' | 'format'>;

/** A one-line text field: no control characters. */
export function SingleLine(options: TextOptions = {}): TString {
  return Type.String({ ...options, pattern: singleLinePattern });
}

/** A multi-line text field: line feeds and tabs, no other control characters. */
export function MultiLine(options: TextOptions = {}): TString {
  return Type.String({ ...options, pattern: multiLinePattern });
}

export function isControlCharacter(codeUnit: number): boolean {
  return codeUnit <= 0x1f || (codeUnit >= 0x7f && codeUnit <= 0x9f);
}

/** Index of the first character the rule refuses in `text`, or -1. */
export function firstControlCharacter(text: string, multiLine: boolean): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isControlCharacter(unit) && !(multiLine && (unit === 0x0a || unit === 0x09))) return i;
  }
  return -1;
}

/**
 * One parsed part of a request: its name in error paths ("body", "querystring", "params"), its value and its schema.
 */
export interface RequestPart {
  readonly context: string;
  readonly value: unknown;
  readonly schema: unknown;
}

export interface ControlCharacterFinding {
  readonly path: string;
  readonly codePoint: number;
  readonly index: number;
  readonly multiLine: boolean;
}

type SchemaNode = Readonly<Record<string, unknown>>;

/** Unions nest rarely and shallowly; a deeper nesting is a programmer's schema, not input. */
const unionDepthMax = 8;

function branches(schema: unknown, depth = 0): SchemaNode[] {
  if (typeof schema !== 'object' || schema === null || depth > unionDepthMax) return [];
  const node = schema as SchemaNode;
  const nested = [node.anyOf, node.oneOf, node.allOf].filter(Array.isArray).flat() as unknown[];
  return [node, ...nested.flatMap((b) => branches(b, depth + 1))];
}

function propertySchemas(schemas: readonly SchemaNode[], key: string): SchemaNode[] {
  const found: unknown[] = [];
  for (const node of schemas) {
    const properties = node.properties as Record<string, unknown> | undefined;
    if (properties !== undefined && Object.hasOwn(properties, key)) found.push(properties[key]);
    const patterns = node.patternProperties as Record<string, unknown> | undefined;
    if (patterns !== undefined)
      for (const [pattern, child] of Object.entries(patterns))
        if (new RegExp(pattern, 'u').test(key)) found.push(child);
    if (typeof node.additionalProperties === 'object') found.push(node.additionalProperties);
  }
  return found.flatMap((s) => branches(s));
}

function itemSchemas(schemas: readonly SchemaNode[], index: number): SchemaNode[] {
  const found: unknown[] = [];
  for (const node of schemas) {
    const tuple = Array.isArray(node.prefixItems)
      ? node.prefixItems
      : Array.isArray(node.items)
        ? node.items
        : undefined;
    if (tuple !== undefined) found.push(tuple[index] ?? node.additionalItems);
    else if (typeof node.items === 'object') found.push(node.items);
  }
  return found.flatMap((s) => branches(s));
}

const isMultiLine = (schemas: readonly SchemaNode[]): boolean => schemas.some((s) => s.pattern === multiLinePattern);

/** A path segment as JSON Pointer writes it, its own control characters made visible. */
function segment(key: string): string {
  let out = '';
  for (const char of key.slice(0, 60)) out += isControlCharacter(char.charCodeAt(0)) ? '\uFFFD' : char;
  return out.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The first string (a value or an object key) in the parts that breaks the rule, or null.
 * Walks with its own stack, so a deeply nested body cannot overflow the call stack.
 */
export function findControlCharacter(parts: readonly RequestPart[]): ControlCharacterFinding | null {
  for (const part of parts) {
    const stack: { value: unknown; schemas: SchemaNode[]; path: string }[] = [
      { value: part.value, schemas: branches(part.schema), path: part.context },
    ];
    for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
      const { value, schemas, path } = entry;
      if (typeof value === 'string') {
        const multiLine = isMultiLine(schemas);
        const index = firstControlCharacter(value, multiLine);
        if (index >= 0) return { path, codePoint: value.charCodeAt(index), index, multiLine };
      } else if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--)
          stack.push({ value: value[i], schemas: itemSchemas(schemas, i), path: `${path}/${String(i)}` });
      } else if (typeof value === 'object' && value !== null) {
        const keys = Object.keys(value);
        for (const key of keys) {
          const index = firstControlCharacter(key, false);
          if (index >= 0)
            return { path: `${path}/${segment(key)}`, codePoint: key.charCodeAt(index), index, multiLine: false };
        }
        for (const key of keys.reverse())
          stack.push({
            value: (value as Record<string, unknown>)[key],
            schemas: propertySchemas(schemas, key),
            path: `${path}/${segment(key)}`,
          });
      }
    }
  }
  return null;
}

const hex = (codePoint: number): string => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/** The 400 a request with a control character gets (CONTROL_CHARACTER, the field's path), or null. */
export function controlCharacterError(parts: readonly RequestPart[]): AppError | null {
  const finding = findControlCharacter(parts);
  if (finding === null) return null;
  const allowed = finding.multiLine
    ? 'this field allows line feed and tab, no other control character'
    : 'this field is one line: no control character, tab or line break';
  const details = [
    {
      path: finding.path.slice(0, 200),
      problem: `contains the control character ${hex(finding.codePoint)} at position ${String(finding.index)}; ${allowed}`,
    },
  ];
  return new AppError('CONTROL_CHARACTER', undefined, details.slice(0, errorDetailsMaxItems));
}
