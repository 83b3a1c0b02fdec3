import { describe, expect, it } from 'vitest';
import { sampleIndices } from '../../src/stats/index.ts';

describe('sampleIndices', () => {
  it('draws `size` distinct ascending indices in range, the same ones for the same seed', () => {
    const s = sampleIndices(1034, 100, { seed: 2024 });
    expect(s).toMatchObject({ n: 1034, size: 100, seed: 2024 });
    expect(new Set(s.indices).size).toBe(100);
    for (let i = 1; i < 100; i++) expect(s.indices[i]!).toBeGreaterThan(s.indices[i - 1]!);
    expect(s.indices[99]!).toBeLessThan(1034);
    expect(sampleIndices(1034, 100, { seed: 2024 }).indices).toEqual(s.indices);
    expect(sampleIndices(1034, 100, { seed: 2025 }).indices).not.toEqual(s.indices);
  });

  it('includes each index with probability size/n', () => {
    const n = 50;
    const hits = new Float64Array(n);
    const seeds = 4000;
    for (let seed = 0; seed < seeds; seed++) for (const i of sampleIndices(n, 10, { seed }).indices) hits[i]!++;
    // Each count ~ Binomial(4000, 0.2): SD 25.3; allow 5 SD.
    for (const h of hits) expect(Math.abs(h - 800)).toBeLessThan(5 * 25.3);
  });

  it('handles the whole set and the empty set, and refuses a size above n', () => {
    expect(Array.from(sampleIndices(5, 5).indices)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleIndices(5, 0).indices.length).toBe(0);
    expect(() => sampleIndices(5, 6)).toThrow(RangeError);
  });
});
