import fs from 'node:fs';
import path from 'node:path';
import type { BuiltReport } from './buildReport.ts';
import { exampleBrowser } from './exampleBrowser.ts';
import { reportFigures } from './figures.ts';
import { formatReport, mainSystems } from './formatReport.ts';
import { renderFigure } from './renderFigure.ts';

/**
 * Where `t2sql report` writes, relative to its output folder (the repository root by default):
 * REPORT.md, its figures in docs/figures/ (committed beside it), and under reports/ (a CI
 * artifact, not committed) the example browser and the numbers as JSON.
 */
export function reportLayout(outDir: string) {
  return {
    report: path.join(outDir, 'REPORT.md'),
    figuresDir: path.join(outDir, 'docs', 'figures'),
    examples: path.join(outDir, 'reports', 'examples.html'),
    json: path.join(outDir, 'reports', 'report.json'),
  };
}

export interface WrittenReport {
  readonly files: readonly string[];
  readonly systems: number;
  readonly figures: number;
}

/** Writes REPORT.md, the SVG figures, the example browser and report.json; the same input gives the same bytes. */
export async function writeReport(built: BuiltReport, outDir: string): Promise<WrittenReport> {
  const layout = reportLayout(outDir);
  const rel = (file: string) => path.relative(outDir, file).split(path.sep).join('/');
  const figures = reportFigures(built.data);
  fs.mkdirSync(layout.figuresDir, { recursive: true });
  fs.mkdirSync(path.dirname(layout.examples), { recursive: true });
  const files: string[] = [];
  const write = (file: string, text: string) => {
    fs.writeFileSync(file, text);
    files.push(file);
  };
  for (const f of figures) write(path.join(layout.figuresDir, f.file), await renderFigure(f.spec));
  const links = {
    figures: figures.map((f) => ({ file: rel(path.join(layout.figuresDir, f.file)), title: f.title, section: f.section })),
    examples: rel(layout.examples),
  };
  write(layout.report, formatReport(built.data, links));
  const shown = new Set(mainSystems(built.data).map((s) => s.name));
  write(layout.examples, exampleBrowser('t2sql — Spider dev examples', built.dev, built.examples.filter((e) => shown.has(e.name))));
  write(layout.json, JSON.stringify({ ...built.data, figures: figures.map((f) => ({ file: f.file, title: f.title, rows: f.rows })) }, null, 1) + '\n');
  return { files, systems: built.data.systems.length, figures: figures.length };
}
