"""train.py as a process: --dry-run never imports torch; failures are one line and an exit code."""

import json
import os
import subprocess
import sys
import unittest

from .support import TRAINER_DIR, TempDir, example, write_config, write_jsonl


def run(args, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, os.path.join(TRAINER_DIR, "train.py"), *args], capture_output=True, text=True, env=env, timeout=120)


def poisoned_path(d):
    """A PYTHONPATH on which `import torch` (and transformers, unsloth) fails loudly."""
    root = os.path.join(d, "poison")
    for name in ("torch", "transformers", "unsloth"):
        os.makedirs(os.path.join(root, name))
        with open(os.path.join(root, name, "__init__.py"), "w") as f:
            f.write("raise ImportError('%s is poisoned for this test')\n" % name)
    return root


class TrainCliTest(unittest.TestCase):
    def test_dry_run_prints_the_plan_without_torch(self):
        with TempDir() as d:
            write_jsonl(d, [example(i, tokens=120) for i in range(64)])
            r = run(["--config", write_config(d, batch_size=2, grad_accum=4, max_steps=None, epochs=1), "--dry-run"], {"PYTHONPATH": poisoned_path(d)})
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.strip().splitlines()
            self.assertEqual(len(lines), 1)
            event = json.loads(lines[0])
            self.assertEqual(event["event"], "plan")
            self.assertEqual(event["plan"]["total_steps"], 8)
            self.assertEqual(event["plan"]["tokens"]["total"], 64 * 120)
            self.assertIsNotNone(event["plan"]["memory"]["estimate_gib"])
            self.assertRegex(r.stderr, r"64 examples .* 8 steps")
            self.assertFalse(os.path.exists(os.path.join(d, "out")), "a dry run writes nothing")

    def test_bad_config_is_one_line_and_exit_2(self):
        with TempDir() as d:
            write_jsonl(d, [example(0, tokens=10)])
            r = run(["--config", write_config(d, lora={"r": -1}), "--dry-run"])
            self.assertEqual(r.returncode, 2)
            self.assertEqual(r.stderr.strip().count("\n"), 0, r.stderr)
            self.assertEqual(r.stderr, "train.py: %s: lora.r must be from 1 to 1024, got -1\n" % os.path.join(d, "run.json"))
            self.assertEqual(json.loads(r.stdout)["kind"], "config")
            self.assertEqual(json.loads(r.stdout)["field"], "lora.r")

    def test_over_long_examples_only_is_a_dataset_error(self):
        with TempDir() as d:
            write_jsonl(d, [example(0, tokens=5000)])
            r = run(["--config", write_config(d, max_length=1024), "--dry-run"])
            self.assertEqual(r.returncode, 2)
            self.assertIn("longer than max_length 1024", r.stderr)

    def test_a_real_run_without_the_gpu_stack_names_what_to_install(self):
        with TempDir() as d:
            write_jsonl(d, [example(0, tokens=10)])
            r = run(["--config", write_config(d)], {"PYTHONPATH": poisoned_path(d)})
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertEqual(r.stderr.strip().count("\n"), 0, r.stderr)
            self.assertIn("requirements.txt", r.stderr)
            self.assertEqual(json.loads(r.stdout.strip().splitlines()[-1])["kind"], "environment")


if __name__ == "__main__":
    unittest.main()
