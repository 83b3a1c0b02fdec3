import type { Accuracy } from './ReportData.ts';

/** How REPORT.md writes numbers in its tables: percentages with one decimal, intervals, p-values. */
export const pct = (x: number): string => (100 * x).toFixed(1);
/** A difference in points with its sign (− as the minus sign). */
export const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
export const withCi = (a: Accuracy): string => `${pct(a.accuracy)} [${pct(a.ci[0])}, ${pct(a.ci[1])}]`;
export const pv = (p: number | null): string => (p === null ? '—' : p < 1e-4 ? '< 0.0001' : p < 0.01 ? p.toPrecision(2) : p.toFixed(3));
/** Table cell text: pipes escaped, one line. */
export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
