/**
 * The trainer's pure parts (config, data checks, plan, protocol, labels, resume, adapter hash) and
 * training.py's control flow on fakes of torch/transformers/peft, by python3 -m unittest.
 */
import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';

const trainer = path.resolve(import.meta.dirname, '../../trainer');

it('python3 -m unittest of trainer/ passes (no torch needed)', async () => {
  const r = await execa('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'], { cwd: trainer, reject: false, timeout: 180_000 });
  expect(r.exitCode, `${r.stderr}\n(python3 is needed: apt-get install python3)`).toBe(0);
  expect(r.stderr).toMatch(/\nOK\s*$/);
  // Every test module ran: the hash cross-check with the TypeScript code among them.
  for (const name of ['test_same_hash_as_the_typescript_code_on_a_real_folder', 'test_dry_run_prints_the_plan_without_torch', 'test_every_bad_value_is_one_line_naming_the_field', 'test_a_plan_that_does_not_fit_names_settings_that_would', 'test_sigint_saves_a_checkpoint_and_stops_with_130']) {
    expect(r.stderr).toContain(name);
  }
});
