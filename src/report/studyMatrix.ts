import fs from 'node:fs';
import { homeLayout } from '../data/homeLayout.ts';
import type { Prediction } from '../data/predictionFile.ts';
import { spiderPaths } from '../data/spiderPaths.ts';
import { loadExperiment } from '../generate/parseExperiment.ts';
import { spiderPromptInputs } from '../generate/spiderPromptInputs.ts';
import { openAdapterRegistry } from '../store/openAdapterRegistry.ts';
import { openRunStore } from '../store/openRunStore.ts';
import { planStudy } from '../study/planStudy.ts';
import { studyCells } from '../study/studyCells.ts';
import type { StudyCell } from './ReportData.ts';

/** A study cell as the report reads it from the run store. */
export interface StudyMatrixCell extends StudyCell {
  /** The split indices it answers, ascending (all of them, or its seeded slice). */
  readonly indices: readonly number[];
  /** The same settings but the schema (one row of the schema ablation), and but the questions (a slice's full-dev twin). */
  readonly row: string;
  readonly twin: string;
  /** The run's SQL by split index, '' where it asked nothing (present cells only). */
  readonly predictions: readonly Prediction[] | null;
  /** Per-question EX the run store holds for its questions (index → 0/1), empty until scored. */
  readonly storeScores: ReadonlyMap<number, number>;
}

/**
 * The study's cells (`experiments/<name>.json`) with what the run store holds of each, as
 * `t2sql study plan` sees it (`planStudy`): state, stored EX, and the SQL of complete cells.
 * Read-only on the run store; null when the experiment file is absent.
 */
export function readStudyMatrix(experimentFile: string | undefined, home: string, dataRoot: string): { experiment: string; cells: StudyMatrixCell[] } | null {
  if (!experimentFile || !fs.existsSync(experimentFile)) return null;
  const experiment = loadExperiment(experimentFile);
  const inputs = spiderPromptInputs(spiderPaths(dataRoot), experiment.split);
  const splitSize = inputs.examples.length;
  const cells = studyCells(experiment, { splitSize });
  const file = homeLayout(home).runStore;
  const stored = fs.existsSync(file);
  let adapters: ReturnType<ReturnType<typeof openAdapterRegistry>['list']> = [];
  if (stored) {
    const registry = openAdapterRegistry(file);
    adapters = registry.list();
    registry.close();
  }
  const store = stored ? openRunStore(file, { readonly: true }) : null;
  try {
    const plan = store ? planStudy(cells, { store, adapters, inputs, estimate: false }) : null;
    return {
      experiment: experiment.name,
      cells: cells.map((c, i): StudyMatrixCell => {
        const def = c.plan.def;
        const status = plan?.cells[i] ?? null;
        const state = status?.state ?? 'missing';
        const present = (state === 'scored' || state === 'generated') && status?.runId != null;
        let predictions: Prediction[] | null = null;
        const storeScores = new Map<number, number>();
        if (present && store) {
          const runId = status!.runId!;
          const bySplit = store.predictions(runId);
          predictions = Array.from({ length: splitSize }, (_, index) => ({ index, sql: bySplit[index]?.sql ?? '' }));
          const wanted = new Set(c.indices);
          for (const s of store.scores(runId, 'ex')) if (s.sample === 0 && wanted.has(s.index)) storeScores.set(s.index, s.value);
        }
        const condition = def.adapter ? `LoRA (${def.adapter.name})` : def.prompt.shots > 0 ? `few-shot (k = ${def.prompt.shots})` : 'zero-shot';
        const settings = { model: def.model, adapter: def.adapter?.name ?? null, api: def.api, decoding: def.decoding, samples: def.samples };
        return {
          experiment: experiment.name,
          run: def.name,
          model: def.model,
          condition,
          schema: def.prompt.schema,
          slice: def.slice?.name ?? null,
          questions: c.indices.length,
          indices: c.indices,
          present,
          state,
          storeAccuracy: status?.accuracy ?? null,
          command: `npx t2sql study run --experiment ${experiment.name} --run '${def.name}'`,
          row: JSON.stringify({ ...settings, prompt: { ...def.prompt, schema: null }, slice: def.slice?.name ?? null }),
          twin: JSON.stringify({ ...settings, prompt: def.prompt }),
          predictions,
          storeScores,
        };
      }),
    };
  } finally {
    store?.close();
  }
}
