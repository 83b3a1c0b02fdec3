import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCodePoints, pyBytesRepr, pyFloatRepr, pyStrWithType } from '../../src/sql/_internals/python.ts';
import { fcParams } from '../support/fastCheck.ts';

// The official evaluator's sort key is Python's own str(); check ours against a real python3.
function python(script: string, input: unknown): unknown {
  const out = execFileSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

describe('Python str() of result cells, checked against python3', () => {
  it('formats floats exactly like repr(float)', () => {
    const floats = [
      ...fc.sample(fc.double({ noNaN: true }), fcParams(2000)),
      ...fc.sample(fc.integer({ min: -1e6, max: 1e6 }).map((x) => x / 8), fcParams(200)),
      0.1, 1e16, 1e15, 123456789012345680, 0.0001, 0.00001, 1.5e-7, -2.5, 100, 1e22, 5e-324, 1.7976931348623157e308,
      Infinity, -Infinity, -0,
    ];
    // JSON cannot carry inf/-0: send them as strings.
    const wire = floats.map((x) => (Number.isFinite(x) && !Object.is(x, -0) ? x : String(Object.is(x, -0) ? '-0.0' : x === Infinity ? 'inf' : '-inf')));
    const expected = python('import sys,json; print(json.dumps([repr(float(x)) for x in json.load(sys.stdin)]))', wire) as string[];
    expect(floats.map(pyFloatRepr)).toEqual(expected);
  });

  it('formats bytes exactly like repr(bytes)', () => {
    const blobs = [...fc.sample(fc.uint8Array({ maxLength: 12 }), fcParams(500)), new Uint8Array([39]), new Uint8Array([39, 34]), new Uint8Array([92, 0, 255])];
    const expected = python('import sys,json; print(json.dumps([repr(bytes(b)) for b in json.load(sys.stdin)]))', blobs.map((b) => [...b])) as string[];
    expect(blobs.map(pyBytesRepr)).toEqual(expected);
  });

  it('sorts cells like sorted(row, key=lambda x: str(x) + str(type(x)))', () => {
    const strings = fc.sample(fc.string({ unit: 'binary', maxLength: 4 }), fcParams(400));
    const cells = [...strings, 'é', '\u{1F600}', '\uFFFF', 'a', 'B'];
    const order = python(
      'import sys,json; xs=json.load(sys.stdin); print(json.dumps(sorted(range(len(xs)), key=lambda i: str(xs[i]) + str(type(xs[i])))))',
      cells,
    ) as number[];
    const ours = [...cells.keys()].sort((a, b) => compareCodePoints(pyStrWithType(cells[a]!), pyStrWithType(cells[b]!)) || a - b);
    expect(ours).toEqual(order);
  });

  it('names the Python types in the key', () => {
    expect(pyStrWithType(null)).toBe("None<class 'NoneType'>");
    expect(pyStrWithType(3n)).toBe("3<class 'int'>");
    expect(pyStrWithType(3)).toBe("3.0<class 'float'>");
    expect(pyStrWithType('x')).toBe("x<class 'str'>");
    expect(pyStrWithType(new Uint8Array([120]))).toBe("b'x'<class 'bytes'>");
  });
});
