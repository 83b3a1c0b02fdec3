import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './figures.ts';

/** A Vega-Lite spec rendered to SVG headless (Vega's own SVG renderer; no browser, no canvas). */
export async function renderFigure(spec: VegaLiteSpec): Promise<string> {
  const vega = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(vega), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.endsWith('\n') ? svg : `${svg}\n`;
  } finally {
    view.finalize();
  }
}
