import type { Hardness } from '../metrics/hardness.ts';
import type { Interval } from '../stats/index.ts';
import type { CellState } from '../study/planStudy.ts';
import type { ErrorCategory } from './errorCategory.ts';

/** Accuracy of some examples with its 95% interval. */
export interface Accuracy {
  readonly n: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly ci: Interval;
}

/** Where a system's predictions come from. */
export type SystemOrigin =
  | { readonly kind: 'published'; readonly repo: string; readonly commit: string; readonly path: string }
  /** Published, but not in the manifest (a replies set: src/data/published/replySets.json). */
  | { readonly kind: 'published-unlisted'; readonly repo: string; readonly commit: string; readonly path: string; readonly reported: string }
  | { readonly kind: 'run-store'; readonly experiment: string; readonly run: string };

/** One system's numbers on full Spider dev: everything the report prints about it. */
export interface SystemResult {
  readonly name: string;
  readonly model: string;
  /** As published (`7B`, `220M`, `API`). */
  readonly size: string;
  /** Parameters in billions (null for API models). */
  readonly params: number | null;
  readonly condition: string;
  /** Report section (see `reportSections`). */
  readonly section: string;
  /** The named seeded slice a study cell answers (null: every question of dev). */
  readonly slice: string | null;
  readonly origin: SystemOrigin;
  /** Execution accuracy with its percentile bootstrap interval over questions (the claims' interval). */
  readonly ex: Accuracy;
  /**
   * Test-suite EX (each example on its database and on the suite generated for its gold; the
   * same bootstrap interval), and how many examples right on the database alone the suite
   * rejects; null when the report ran without suites.
   */
  readonly exSuite: (Accuracy & { readonly changed: number }) | null;
  /** The same with the cluster bootstrap over databases. */
  readonly exDatabasesCi: Interval;
  /** Per hardness level, Wilson intervals. */
  readonly hardness: Readonly<Record<Hardness, Accuracy>>;
  /** Correct / n per database (db_id order). */
  readonly databases: Readonly<Record<string, { n: number; correct: number }>>;
  /** Incorrect examples by category. */
  readonly errors: Readonly<Record<ErrorCategory, number>>;
  /** Execution verdict reasons (match, mismatch, pred_error, …) and their counts. */
  readonly reasons: Readonly<Record<string, number>>;
  readonly provenance: { readonly predictionsSha256: string | null; readonly goldSha256: string; readonly compat: string; readonly evaluatorHash: string };
}

/** A claim's verdict at one inference target, as if that target had been declared. */
export interface ReportedLevel {
  readonly p: number;
  /** Holm within the claim's family (the raw p for negated and exploratory claims). */
  readonly pFamily: number;
  /** Whether the finding (before negation) holds at this target. */
  readonly holds: boolean;
}

/** A paired comparison as the claims' results file records it (steps at the declared target, verdicts at both). */
export interface ReportedComparison {
  readonly family: string;
  readonly statement: string;
  readonly role: string;
  readonly target: string | null;
  readonly sides: 1 | 2;
  readonly source: string | null;
  readonly steps: readonly { a: string; b: string; difference: number; ci: Interval; p: number; test: string }[];
  readonly p: number | null;
  /** Holm within the claim's family (raw p for negated and exploratory claims). */
  readonly pFamily: number | null;
  /** Holm over every confirmatory claim of the run (null outside that correction). */
  readonly pGlobal: number | null;
  readonly pass: boolean;
  readonly holds: boolean;
  /** Both inference targets' verdicts; the declared one decides (null: a claim without a test). */
  readonly levels: { readonly questions: ReportedLevel; readonly databases: ReportedLevel } | null;
}

/** A cell of the study (experiments/*.json) and whether the run store has it. */
export interface StudyCell {
  readonly experiment: string;
  readonly run: string;
  readonly model: string;
  readonly condition: string;
  readonly schema: string;
  /** The named seeded slice the run answers (null: every question). */
  readonly slice: string | null;
  /** How many questions it answers. */
  readonly questions: number;
  /** Complete in the run store (its state `scored` or `generated`): the report scores it. */
  readonly present: boolean;
  /** What `t2sql study plan` says of it. */
  readonly state: CellState;
  /** EX on its questions as `t2sql study run` recorded it in the run store (null until scored). */
  readonly storeAccuracy: number | null;
  /** The command that fills it. */
  readonly command: string;
}

/** A paired difference a − b between two systems on the same questions. */
export interface PairedDifference {
  readonly difference: number;
  /** Paired percentile bootstrap, 95%. */
  readonly ci: Interval;
  readonly onlyA: number;
  readonly onlyB: number;
  /** Exact McNemar, two-sided; exploratory (outside any Holm family). */
  readonly p: number;
}

/** One schema representation of an ablation row on the slice and on full dev. */
export interface SliceTwinCell {
  readonly schema: string;
  /** `experiment/run` of the sliced cell and of its full-dev twin. */
  readonly sliceRun: string;
  readonly fullRun: string;
  readonly slice: Accuracy;
  readonly full: Accuracy;
  /** 1 = best; ties share the better rank. */
  readonly sliceRank: number;
  readonly fullRank: number;
}

/**
 * Where a seeded slice and full dev disagree for one row of the schema ablation (a model and
 * condition): each representation's EX on both, its rank on both, and the paired comparison of
 * each representation with the row's reference (the first one of the experiment) on both.
 */
export interface SliceAgreement {
  readonly slice: string;
  readonly n: number;
  readonly model: string;
  readonly condition: string;
  readonly reference: string;
  readonly cells: readonly SliceTwinCell[];
  readonly pairs: readonly { readonly a: string; readonly b: string; readonly slice: PairedDifference; readonly full: PairedDifference }[];
  /** Pairs of representations (all of them, not only those with the reference). */
  readonly orderedPairs: number;
  /** Of those, how many the slice orders the other way from full dev (a tie on one side and not the other counts). */
  readonly reversed: number;
  /** Of those, how many differ significantly (exact McNemar, p < α, unadjusted) on the slice, and on full dev. */
  readonly significant: { readonly slice: number; readonly full: number };
}

/** A schema-representation comparison between two systems that differ only in the schema shown. */
export interface AblationPair extends PairedDifference {
  readonly a: string;
  readonly b: string;
  readonly what: string;
}

/** t2sql's `extractSql` on a published replies set beside the authors' pred.sql. */
export interface ReplyExtraction {
  readonly set: string;
  readonly n: number;
  /** Questions whose SQL differs between the two extractions (whitespace runs aside). */
  readonly differing: number;
  /** Replies in which `extractSql` found no SQL. */
  readonly oursNoSql: number;
  readonly ours: Accuracy;
  readonly authors: Accuracy;
  /** ours − authors. */
  readonly comparison: PairedDifference;
  readonly reported: string;
}

export interface DataSizeSeries {
  readonly series: string;
  readonly model: string;
  readonly points: readonly { readonly examples: number; readonly name: string; readonly ex: Accuracy }[];
}

/** Everything REPORT.md, the figures and the example browser are made from: numbers, no prose. */
export interface ReportData {
  readonly version: string;
  readonly evaluatorHash: string;
  readonly engineId: string;
  readonly stats: { readonly resamples: number; readonly seed: number; readonly confidence: number; readonly alpha: number };
  readonly data: {
    readonly devN: number;
    readonly databases: number;
    readonly goldSha256: string;
    readonly devJsonSha256: string;
    readonly tablesSha256: string;
    /** sha256 of each dev database file (every .sqlite of its folder). */
    readonly databaseSha256: Readonly<Record<string, string>>;
    /** Whether any dev database folder holds a test suite (more than one .sqlite). */
    readonly testSuites: boolean;
    /** The generated test suites behind `exSuite` (null: none used). */
    readonly generatedSuites: { readonly generatorVersion: string; readonly seed: number } | null;
  };
  readonly hardnessCounts: Readonly<Record<Hardness, number>>;
  readonly systems: readonly SystemResult[];
  readonly claims: {
    readonly file: string;
    /** sha256 of the claims' numbers as used here (sorted; the file's write time left out). */
    readonly sha256: string;
    readonly version: string;
    readonly global: { readonly claims: number; readonly surviving: number };
    readonly comparisons: readonly ReportedComparison[];
  };
  readonly study: { readonly experiment: string; readonly cells: readonly StudyCell[]; readonly slices: readonly SliceAgreement[] } | null;
  readonly replyExtraction: readonly ReplyExtraction[];
  readonly ablation: readonly AblationPair[];
  readonly dataSize: readonly DataSizeSeries[];
}
