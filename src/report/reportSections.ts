/**
 * The report's research questions and which systems answer each: published sets by their
 * manifest group, the unlisted Qwen2.5-Coder runs, and the study's own cells.
 */
export const REPORT_SECTIONS = [
  { id: 'size', title: 'RQ1 Model size', question: 'Does accuracy rise with model size within a model family?' },
  { id: 'finetuning', title: 'RQ2 Fine-tuning', question: 'How much does supervised fine-tuning on Spider train add over the base model, and how does it grow with the number of training examples?' },
  { id: 'schema', title: 'RQ3 Schema representation', question: 'Does the way the schema is shown to the model change accuracy?' },
  { id: 'prompting', title: 'Frontier references and prompting', question: 'Where do API models with zero-shot, few-shot and decomposed prompting stand?' },
  { id: 'reruns', title: 'Reproducibility', question: 'Do independent re-runs of the same fine-tuned models give the same verdicts?' },
  { id: 'datasize', title: 'Fine-tuning data size', question: 'Accuracy against the number of Spider training examples (NL2SQL360 series).' },
  { id: 'study', title: 'Qwen2.5-Coder study cells', question: "The study's own runs (experiments/qwen-study.json), from the run store." },
] as const;
export type SectionId = (typeof REPORT_SECTIONS)[number]['id'];

/** Section of a published set, by its manifest group. */
export function sectionOfGroup(group: string): SectionId {
  if (group === 'size_ladder') return 'size';
  if (group.startsWith('size_ladder')) return 'reruns';
  if (group.startsWith('base_vs_ft')) return 'finetuning';
  if (group === 'ft_data_size') return 'datasize';
  return 'prompting';
}

/**
 * Published sets that differ (as far as their sources say) in the schema representation only,
 * the representation comparisons that exist without the study's own cells.
 */
export const SCHEMA_PAIRS = [
  {
    a: 'chatgpt-zeroshot-createtable-sel3',
    b: 'chatgpt-zeroshot-thu',
    what: 'ChatGPT zero-shot: CREATE TABLE + 3 rows per table vs "table(col, …)" lines',
  },
] as const;

/** Systems whose per-database accuracy REPORT.md prints (one per research question). */
export const HEADLINE_SYSTEMS = [
  'resdsql-3b',
  'codes-7b-sft',
  'qwen2.5-coder-3b-instruct-zeroshot',
  'nl2sql360-llama3-8b-sft',
  'chatgpt-zeroshot-createtable-sel3',
  'dinsql-gpt4',
] as const;
