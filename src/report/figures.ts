import { HARDNESS_LEVELS } from '../metrics/hardness.ts';
import type { ReportData, StudyCell, SystemResult } from './ReportData.ts';
import { HEADLINE_SYSTEMS } from './reportSections.ts';

/** A Vega-Lite specification (JSON), data inline. */
export type VegaLiteSpec = Record<string, unknown>;

/** One figure: its file name (SVG, beside the report), title, report section, spec and the rows it plots. */
export interface Figure {
  readonly file: string;
  readonly title: string;
  readonly section: string;
  readonly rows: readonly Record<string, string | number>[];
  readonly spec: VegaLiteSpec;
}

const WIDTH = 560;
const CONFIG = { legend: { labelLimit: 400 }, background: 'white' };
const HEIGHT = 320;
const pct = (x: number): number => Math.round(1000 * x) / 10;

/**
 * Line of a size-ladder system in the size figure: one per model family, and one per condition
 * and schema of the study's cells (`study: zero-shot, minimal`), its points the study's model sizes.
 */
export function sizeFamily(s: SystemResult, study: ReportData['study']): string {
  if (s.origin.kind === 'published-unlisted') return 'Qwen2.5-Coder Instruct, 4-bit (published)';
  if (s.origin.kind === 'run-store') {
    const c = studyCellOf(s, study);
    return c ? `study: ${c.condition}, ${c.schema}` : `study: ${s.condition}`;
  }
  if (s.name.startsWith('resdsql') && s.name.endsWith('natsql')) return 'RESDSQL + NatSQL (T5, fine-tuned)';
  if (s.name.startsWith('resdsql')) return 'RESDSQL (T5, fine-tuned)';
  if (s.name.startsWith('codes')) return 'CodeS (fine-tuned)';
  return s.model;
}

/** Frontier references drawn as bands in the size figure (API models of the report). */
export const FRONTIER_BANDS = ['dinsql-gpt4', 'gpt4-zeroshot'] as const;

/**
 * Accuracy against parameters (log scale) with CI bars; frontier models as horizontal bands: the
 * published references and the study's API-model cells on its reference schema (its first).
 */
export function accuracyVsSizeFigure(data: ReportData): Figure {
  const reference = data.study?.cells[0]?.schema ?? null;
  const fullDev = (s: SystemResult) => s.section === 'study' && s.slice === null;
  const points = data.systems
    .filter((s) => s.params !== null && (s.section === 'size' || (fullDev(s) && s.condition.startsWith('zero-shot'))))
    .map((s) => ({ system: s.name, family: sizeFamily(s, data.study), params: s.params!, ex: pct(s.ex.accuracy), lo: pct(s.ex.ci[0]), hi: pct(s.ex.ci[1]) }));
  const bands = data.systems
    .filter((s) => (FRONTIER_BANDS as readonly string[]).includes(s.name) || (fullDev(s) && s.params === null && studyCellOf(s, data.study)?.schema === reference))
    .map((s) => ({ system: s.name, label: `${s.model}, ${s.condition.replace(/\s*\(.*\)$/, '')}`, ex: pct(s.ex.accuracy), lo: pct(s.ex.ci[0]), hi: pct(s.ex.ci[1]) }));
  const y = { field: 'ex', type: 'quantitative', title: 'execution accuracy (%)', scale: { domain: [50, 95] } };
  return {
    file: 'accuracy-vs-size.svg',
    title: 'Execution accuracy vs model size (95% CI); frontier models as bands',
    section: 'size',
    rows: [...points.map((p) => ({ kind: 'model', ...p })), ...bands.map((b) => ({ kind: 'frontier', ...b }))],
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: CONFIG,
      title: 'Spider dev EX vs parameters (95% CI); bands: frontier references',
      width: WIDTH,
      height: HEIGHT,
      layer: [
        { data: { values: bands }, mark: { type: 'rect', opacity: 0.15, color: '#888' }, encoding: { y: { ...y, field: 'lo' }, y2: { field: 'hi' } } },
        { data: { values: bands }, mark: { type: 'rule', color: '#666', strokeDash: [4, 3] }, encoding: { y } },
        { data: { values: bands }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, x: 0, color: '#444', fontSize: 10 }, encoding: { y, text: { field: 'label' } } },
        {
          data: { values: points },
          layer: [
            { mark: { type: 'rule' }, encoding: { x: { field: 'params', type: 'quantitative', scale: { type: 'log', domain: [0.15, 20] }, title: 'parameters (billions, log scale)' }, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color: { field: 'family', type: 'nominal', legend: { orient: 'right', title: null, labelLimit: 400 } } } },
            { mark: { type: 'line', point: true }, encoding: { x: { field: 'params', type: 'quantitative', scale: { type: 'log', domain: [0.15, 20] } }, y, color: { field: 'family', type: 'nominal' } } },
          ],
        },
      ],
    },
  };
}

/** EX per hardness level for one system per research question, with Wilson intervals. */
export function hardnessFigure(data: ReportData): Figure {
  const systems = HEADLINE_SYSTEMS.map((n) => data.systems.find((s) => s.name === n)).filter((s): s is SystemResult => s !== undefined);
  const rows = systems.flatMap((s) => HARDNESS_LEVELS.map((h) => ({ system: s.name, hardness: h, ex: pct(s.hardness[h].accuracy), lo: pct(s.hardness[h].ci[0]), hi: pct(s.hardness[h].ci[1]), n: s.hardness[h].n })));
  const x = { field: 'hardness', type: 'nominal', sort: [...HARDNESS_LEVELS], title: 'Spider hardness', axis: { labelAngle: 0 } };
  const color = { field: 'system', type: 'nominal', sort: systems.map((s) => s.name), legend: { orient: 'bottom', columns: 2, title: null, labelLimit: 300 } };
  return {
    file: 'hardness.svg',
    title: 'Execution accuracy by hardness (Wilson 95% CI)',
    section: 'hardness',
    rows,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: CONFIG,
      title: 'EX by Spider hardness (95% CI)',
      width: WIDTH,
      height: HEIGHT,
      data: { values: rows },
      encoding: { x, xOffset: { field: 'system', type: 'nominal', sort: systems.map((s) => s.name) } },
      layer: [
        { mark: 'bar', encoding: { y: { field: 'ex', type: 'quantitative', title: 'execution accuracy (%)', scale: { domain: [0, 100] } }, color } },
        { mark: { type: 'rule', color: 'black' }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      ],
    },
  };
}

/** Schema-representation bars: each pair of published sets (and the study's cells that exist). */
export function schemaFigure(data: ReportData): Figure {
  const names = [...new Set(data.ablation.flatMap((p) => [p.a, p.b]))];
  const study = data.systems.filter((s) => s.section === 'study');
  const rows = [...names.map((n) => data.systems.find((s) => s.name === n)!), ...study].map((s) => ({
    system: s.name,
    group: s.section === 'study' ? `${s.model} (study${s.slice ? `, slice ${s.slice}, n = ${s.ex.n}` : ''})` : s.model,
    representation: representationOf(s),
    ex: pct(s.ex.accuracy),
    lo: pct(s.ex.ci[0]),
    hi: pct(s.ex.ci[1]),
  }));
  return {
    file: 'schema-representation.svg',
    title: 'Execution accuracy by schema representation (95% CI)',
    section: 'schema',
    rows,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: CONFIG,
      title: 'EX by schema representation (95% CI)',
      width: 420,
      height: Math.max(120, 40 * rows.length),
      data: { values: rows },
      // One bar per system: systems of several groups (models, slices) showing the same representation sit side by side.
      encoding: { y: { field: 'representation', type: 'nominal', title: null, axis: { labelLimit: 260 } }, yOffset: { field: 'group', type: 'nominal' } },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'ex', type: 'quantitative', title: 'execution accuracy (%)', scale: { domain: [0, 100] } }, color: { field: 'group', type: 'nominal', legend: { orient: 'bottom', title: null, labelLimit: 400 } } } },
        { mark: { type: 'rule', color: 'black' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
        { mark: { type: 'text', align: 'left', dx: 4, dy: -9, fontSize: 10 }, encoding: { x: { field: 'hi', type: 'quantitative' }, text: { field: 'ex', type: 'quantitative', format: '.1f' } } },
      ],
    },
  };
}

/** Accuracy against the number of fine-tuning examples, one line per series, CI band. */
export function dataSizeFigure(data: ReportData): Figure {
  const rows = data.dataSize.flatMap((s) => s.points.map((p) => ({ series: s.series.replace('nl2sql360-', ''), examples: p.examples, ex: pct(p.ex.accuracy), lo: pct(p.ex.ci[0]), hi: pct(p.ex.ci[1]) })));
  const ticks = [...new Set(rows.map((r) => r.examples))].sort((a, b) => a - b);
  const x = { field: 'examples', type: 'quantitative', title: 'Spider training examples used for fine-tuning', axis: { values: ticks, format: ',d', labelOverlap: false, labelFlush: false } };
  const color = { field: 'series', type: 'nominal', scale: { range: SERIES_COLORS }, legend: { orient: 'right', title: null, labelLimit: 260, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } };
  return {
    file: 'finetuning-data-size.svg',
    title: 'Execution accuracy vs fine-tuning data size (95% CI bands)',
    section: 'datasize',
    rows,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: CONFIG,
      title: 'EX vs number of fine-tuning examples (NL2SQL360 series, 95% CI)',
      width: WIDTH,
      height: HEIGHT,
      data: { values: rows },
      encoding: { x },
      layer: [
        { mark: { type: 'area', opacity: 0.1 }, encoding: { y: { field: 'lo', type: 'quantitative', title: 'execution accuracy (%)', scale: { domain: [20, 90] } }, y2: { field: 'hi' }, fill: color } },
        { mark: { type: 'line', point: { size: 18 } }, encoding: { y: { field: 'ex', type: 'quantitative', scale: { domain: [20, 90] } }, color } },
      ],
    },
  };
}

/** Eleven colours dark enough to tell apart on white (one per data-size series). */
const SERIES_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#ff7f0e', '#393b79'];

/** Every figure of the report that has something to plot. */
export function reportFigures(data: ReportData): Figure[] {
  return [accuracyVsSizeFigure(data), hardnessFigure(data), schemaFigure(data), dataSizeFigure(data)].filter((f) => f.rows.length > 0);
}

function representationOf(s: SystemResult): string {
  if (s.section === 'study') return s.condition;
  const as = /schema as (.*)$/.exec(s.condition);
  if (as) return as[1]!;
  const m = /CreateTable[^,]*/.exec(s.condition);
  return m ? m[0].replace(/ schema repr$/, '') : s.condition;
}

/** The study cell a run-store system is (null for any other system). */
function studyCellOf(s: SystemResult, study: ReportData['study']): StudyCell | null {
  if (s.origin.kind !== 'run-store' || !study) return null;
  const { experiment, run } = s.origin;
  return study.cells.find((c) => c.experiment === experiment && c.run === run) ?? null;
}
