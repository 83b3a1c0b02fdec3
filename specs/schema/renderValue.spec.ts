import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { renderValue } from '../../src/schema/renderValue.ts';
import { arbitraryText, arbitraryValue } from './support/arbitrarySchema.ts';
import { fcParams } from '../support/fastCheck.ts';

describe('renderValue', () => {
  test.prop([arbitraryValue, fc.integer({ min: 1, max: 100 })], fcParams(500))(
    'one line, no tab, never closes an SQL comment, never a bare separator',
    (value, max) => {
      const shown = renderValue(value, max);
      expect(shown).not.toMatch(/[\n\r\t]/);
      expect(shown).not.toContain('*/');
      if (!shown.startsWith('"')) expect(shown).not.toMatch(/, |[[\]"]/);
    },
  );

  test.prop([arbitraryText, fc.integer({ min: 1, max: 100 })], fcParams(500))(
    'text reads back as itself, cut to max code points with a final …',
    (text, max) => {
      const shown = renderValue(text, max);
      const back = shown.startsWith('"') ? (JSON.parse(shown) as string) : shown;
      const points = Array.from(text);
      expect(back).toBe(points.length > max ? points.slice(0, max).join('') + '…' : text);
    },
  );

  it('keeps text that looks like another kind of value apart from it', () => {
    expect(renderValue(null, 10)).toBe('NULL');
    expect(renderValue('NULL', 10)).toBe('"NULL"');
    expect(renderValue(12n, 10)).toBe('12');
    expect(renderValue('12', 10)).toBe('"12"');
    expect(renderValue(12, 10)).toBe('12.0');
    expect(renderValue(0.1, 10)).toBe('0.1');
    expect(renderValue(new Uint8Array([0, 255]), 10)).toBe("X'00FF'");
    expect(renderValue("X'00FF'", 10)).toBe(`"X'00FF'"`);
    expect(renderValue('Raith Rovers', 60)).toBe('Raith Rovers');
    expect(renderValue('a */ b', 60)).toBe('"a *\\/ b"');
  });
});
