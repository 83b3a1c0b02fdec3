import fs from 'node:fs';
import path from 'node:path';
import type { ClaimRecord } from '../claims/claimRecord.ts';
import { t2sqlVersion } from '../version.ts';

interface TestCaseLike {
  meta(): { claim?: ClaimRecord };
  result(): { state: string };
  fullName: string;
  module: { moduleId: string };
}

/**
 * vitest reporter: collects every claim's numbers (set by claimSuite in the test's meta) and
 * writes them, with their pass/fail state, to one JSON file for the report.
 */
export default class ClaimsJsonReporter {
  private readonly records: (ClaimRecord & { test: string; file: string; state: string })[] = [];

  constructor(private readonly outputFile = 'reports/ladder-results.json') {}

  onTestCaseResult(testCase: TestCaseLike): void {
    const claim = testCase.meta().claim;
    if (!claim) return;
    this.records.push({ ...claim, test: testCase.fullName, file: path.relative(process.cwd(), testCase.module.moduleId), state: testCase.result().state });
  }

  onTestRunEnd(): void {
    if (this.records.length === 0) return;
    fs.mkdirSync(path.dirname(this.outputFile), { recursive: true });
    const body = { tool: 't2sql', version: t2sqlVersion(), createdAt: new Date().toISOString(), claims: this.records };
    fs.writeFileSync(this.outputFile, JSON.stringify(body, null, 2) + '\n');
  }
}
