import type { LearningCurve } from './learningCurve.ts';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The learning curve as a table: EX with its CI at each step, the gain over the base model and its paired p-value. */
export function describeLearningCurve(curve: LearningCurve): string[] {
  const b = curve.base;
  return [
    `learning curve on Spider dev (n=${b.n}, EX, ${Math.round(b.confidence * 100)}% bootstrap CI; exact McNemar vs base):`,
    `  base        ${pct(b.accuracy)} [${pct(b.ci[0])}, ${pct(b.ci[1])}]`,
    ...curve.points.map(
      (p) =>
        `  step ${String(p.step).padEnd(6)} ${pct(p.accuracy.accuracy)} [${pct(p.accuracy.ci[0])}, ${pct(p.accuracy.ci[1])}]  ` +
        `${p.vsBase.difference >= 0 ? '+' : ''}${(100 * p.vsBase.difference).toFixed(1)} pts, p=${p.vsBase.pValue.toPrecision(3)} (${p.vsBase.b10} gained, ${p.vsBase.b01} lost)`,
    ),
  ];
}
