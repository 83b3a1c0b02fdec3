import fs from 'node:fs';
import { rewrite, REWRITE_KINDS } from '../specs/suites/support/equivalentRewrites.ts';
const gold = fs.readFileSync('/work/shared/spider/dev_gold.sql', 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')[0]!);
const counts: Record<string, number> = {};
let parsed = 0;
gold.forEach((g, i) => {
  for (const k of REWRITE_KINDS) {
    const r = rewrite(g, k);
    if (r) { counts[k] = (counts[k] ?? 0) + 1; if (k === 'reprint') parsed++; if ((counts[k] ?? 0) <= 1) console.log(i, k, '\n  ', g, '\n  ', r); }
  }
});
console.log(parsed, counts);
