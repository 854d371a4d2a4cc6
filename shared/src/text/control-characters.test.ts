// Proves the input rule's walk over a request's parts: the first offending string or key is
// found with its JSON path, one-line is the default, a MultiLine field allows \n and \t only,
// and unions, arrays, tuples and records are followed to the right field's schema.
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { controlCharacterError, findControlCharacter, MultiLine, SingleLine } from './control-characters.js';

const schema = Type.Object({
  name: SingleLine({ maxLength: 80 }),
  note: Type.Optional(MultiLine({ maxLength: 1000 })),
  lines: Type.Array(Type.Object({ label: Type.String(), comment: Type.Union([MultiLine(), Type.Null()]) })),
  pair: Type.Tuple([Type.String(), MultiLine()]),
  extra: Type.Record(Type.String(), MultiLine()),
});
const find = (value: unknown) => findControlCharacter([{ context: 'body', value, schema }]);

describe('findControlCharacter', () => {
  it('finds NUL and escape anywhere and names the field', () => {
    expect(find({ name: 'a\u0000' })).toEqual({ path: 'body/name', codePoint: 0, index: 1, multiLine: false });
    expect(find({ name: 'ok', lines: [{ label: 'x' }, { label: 'y\u001b' }] })?.path).toBe('body/lines/1/label');
    expect(find({ note: 'a\u0000' })?.path).toBe('body/note');
  });

  it('holds fields to one line unless their schema says MultiLine', () => {
    expect(find({ name: 'a\nb' })?.path).toBe('body/name');
    expect(find({ note: 'a\nb\tc' })).toBeNull();
    expect(find({ note: 'a\r\nb' })?.codePoint).toBe(0x0d);
    expect(find({ lines: [{ label: 'a\tb' }] })?.path).toBe('body/lines/0/label');
    expect(find({ lines: [{ label: 'a', comment: 'x\ny' }] })).toBeNull();
    expect(find({ pair: ['a', 'b\nc'] })).toBeNull();
    expect(find({ pair: ['a\nb', 'c'] })?.path).toBe('body/pair/0');
    expect(find({ extra: { k: 'x\ny' } })).toBeNull();
    expect(findControlCharacter([{ context: 'querystring', value: { q: 'a\tb' }, schema: undefined }])?.path).toBe(
      'querystring/q',
    );
  });

  it('checks keys, shows their control characters as U+FFFD in the path, and survives deep nesting', () => {
    expect(find({ 'a\u0000b': 1 })?.path).toBe('body/a\uFFFDb');
    let deep: unknown = 'x\u0007';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(find(deep)?.codePoint).toBe(7);
  });

  it('answers 400 CONTROL_CHARACTER with the path, or nothing for clean text', () => {
    const error = controlCharacterError([{ context: 'body', value: { name: 'Atti\u0000éké' }, schema }]);
    expect(error?.httpStatus).toBe(400);
    expect(error?.code).toBe('CONTROL_CHARACTER');
    expect(error?.details).toEqual([{ path: 'body/name', problem: expect.stringContaining('U+0000') as unknown }]);
    expect(
      controlCharacterError([{ context: 'body', value: { name: 'Attiéké 🐟', note: 'l1\nl2' }, schema }]),
    ).toBeNull();
  });

  it('writes patterns the validator applies the same way', () => {
    const single = new RegExp(SingleLine().pattern ?? '', 'u');
    const multi = new RegExp(MultiLine().pattern ?? '', 'u');
    expect(single.test('Attiéké')).toBe(true);
    expect(single.test('a\tb')).toBe(false);
    expect(multi.test('a\n\tb')).toBe(true);
    expect(multi.test('a\u0000')).toBe(false);
    expect(multi.test('a\u0085')).toBe(false);
  });
});
