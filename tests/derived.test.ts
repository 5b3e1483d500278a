import { describe, expect, it } from 'vitest';
import { keptByValue, keptFor } from '../workflows/derived.js';

describe('keptFor: derived from the very same objects', () => {
  it('derives once per combination of objects, and again for any other', () => {
    const calls: string[] = [];
    const count = keptFor((a: { n: number }, b: { n: number }) => {
      calls.push(`${a.n}+${b.n}`);
      return { sum: a.n + b.n };
    });
    const one = { n: 1 };
    const two = { n: 2 };
    const first = count(one, two);
    expect(count(one, two)).toBe(first);
    // Equal contents are not the same object: a changed row is always a new one, so this is derived again.
    expect(count(one, { n: 2 })).toEqual(first);
    expect(count(two, one)).toEqual({ sum: 3 });
    expect(calls).toEqual(['1+2', '1+2', '2+1']);
  });

  it('keeps an undefined answer too', () => {
    let calls = 0;
    const nothing = keptFor((_: object) => {
      calls++;
      return undefined;
    });
    const key = {};
    nothing(key);
    nothing(key);
    expect(calls).toBe(1);
  });
});

describe('keptByValue: derived from plain values', () => {
  it.each<[string, [number, string], [number, string], number]>([
    ['the same values', [1, 'a'], [1, 'a'], 1],
    ['another number', [1, 'a'], [2, 'a'], 2],
    ['another text', [1, 'a'], [1, 'b'], 2],
  ])('%s', (_, first, second, expected) => {
    let calls = 0;
    const join = keptByValue((n: number, text: string) => {
      calls++;
      return `${n}:${text}`;
    });
    expect(join(...first)).toBe(`${first[0]}:${first[1]}`);
    expect(join(...second)).toBe(`${second[0]}:${second[1]}`);
    expect(calls).toBe(expected);
  });

  it('starts again when full, and still answers right', () => {
    let calls = 0;
    const double = keptByValue((n: number) => {
      calls++;
      return n * 2;
    }, 2);
    expect([double(1), double(2), double(3), double(1)]).toEqual([2, 4, 6, 2]);
    expect(calls).toBe(4);
  });
});
