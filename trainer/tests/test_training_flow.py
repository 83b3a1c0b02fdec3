"""training.py's control flow on fakes of torch / transformers / peft (tests/fake_stack/): the
events it emits, checkpoints and their adapter snapshots, resume, the metadata and adapter hash,
and its failures (no CUDA, out of memory, SIGINT). The real stack is exercised by smoke.sh."""

import json
import os
import signal
import subprocess
import sys
import time
import unittest

from t2sql_trainer.adapter_hash import hash_adapter

from .support import TRAINER_DIR, TempDir, example, write_config, write_jsonl

FAKE_STACK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_stack")


def start(config, mode="ok", sleep="0"):
    env = dict(os.environ, PYTHONPATH=FAKE_STACK, FAKE_STACK_MODE=mode, FAKE_STACK_STEP_SLEEP=sleep, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, os.path.join(TRAINER_DIR, "train.py"), "--config", config],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def protocol_lines(out):
    """stdout's events; anything else there (a library's banner, a log dict) fails the test."""
    events = []
    for line in out.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            raise AssertionError("stdout line that is not protocol JSON: %r" % line) from None
        if not isinstance(record, dict) or "event" not in record:
            raise AssertionError("stdout line without an event: %r" % line)
        events.append(record)
    return events


def finish(proc):
    out, err = proc.communicate(timeout=120)
    return proc.returncode, protocol_lines(out), err


def reasons(err):
    """The trainer's own lines on stderr (the libraries' chatter shares it), with no traceback."""
    assert "Traceback" not in err, err
    return [line for line in err.splitlines() if line.startswith("train.py:")]


def setup_run(d, **fields):
    write_jsonl(d, [example(i, sql="SELECT name FROM singer WHERE id = %d" % i, tokens=40) for i in range(16)]
                + [example(99, tokens=5000)])  # over max_length: left out, counted
    cfg = dict(backend="transformers", batch_size=2, grad_accum=1, max_steps=6, save_steps=2, logging_steps=1, max_length=512)
    cfg.update(fields)
    return write_config(d, **cfg)


class TrainingFlowTest(unittest.TestCase):
    def test_a_run_emits_the_protocol_and_writes_adapter_and_metadata(self):
        with TempDir() as d:
            code, events, err = finish(start(setup_run(d)))
            self.assertEqual(code, 0, err)
            kinds = [e["event"] for e in events]
            self.assertEqual(kinds[0], "start")
            self.assertEqual(kinds[-1], "done")
            self.assertEqual(events[0]["backend"], "transformers+peft")
            self.assertEqual(events[0]["over_max_length"], 1)
            progress = [e for e in events if e["event"] == "progress"]
            self.assertEqual([p["step"] for p in progress], [1, 2, 3, 4, 5, 6])
            for p in progress:
                self.assertEqual(set(p) >= {"loss", "learning_rate", "tokens_per_second", "eta_seconds", "total_steps"}, True)
            checkpoints = [e for e in events if e["event"] == "checkpoint"]
            self.assertEqual([c["step"] for c in checkpoints], [2, 4, 6])
            for c in checkpoints:
                self.assertEqual(c["adapter_hash"], hash_adapter(c["adapter_dir"]))
            done = events[-1]
            self.assertEqual(done["adapter_hash"], hash_adapter(done["adapter_dir"]))
            with open(done["metadata"]) as f:
                meta = json.load(f)
            self.assertEqual(meta["adapter_hash"], done["adapter_hash"])
            self.assertEqual(meta["dataset"]["examples"], 16)
            self.assertEqual(meta["dataset"]["over_max_length"], 1)
            self.assertEqual(meta["gpu"]["name"], "Fake GPU")
            self.assertEqual(meta["versions"]["torch"], "0.0-fake")
            self.assertEqual(meta["final_loss"], 2.0 / 6)
            self.assertFalse(os.path.exists(os.path.join(done["adapter_dir"], "metadata.json")), "metadata sits beside the adapter, outside its hash")

    def test_what_libraries_print_goes_to_stderr_and_the_trainer_log_dicts_nowhere(self):
        with TempDir() as d:
            code, events, err = finish(start(setup_run(d)))  # finish() refuses any stdout line that is not an event
            self.assertEqual(code, 0, err)
            self.assertIn("{fake torch: native banner}", err)
            self.assertIn("Fake transformers: {'banner': 'imported'}", err)
            self.assertNotIn("{'loss'", err, "the Trainer's PrinterCallback is removed: progress events carry the logs")
            self.assertEqual(events[-1]["event"], "done")

    def test_a_second_run_resumes_from_the_last_checkpoint(self):
        with TempDir() as d:
            config = setup_run(d, max_steps=4)
            self.assertEqual(finish(start(config))[0], 0)
            code, events, err = finish(start(config))
            self.assertEqual(code, 0, err)
            self.assertTrue(events[0]["resumed_from"].endswith("checkpoint-4"), events[0])
            self.assertEqual([e["step"] for e in events if e["event"] == "progress"], [])

    def test_the_eta_after_a_resume_counts_only_the_steps_this_process_trained(self):
        with TempDir() as d:
            config = setup_run(d, max_steps=40, save_steps=1000)
            proc = start(config, sleep="0.02")
            self.assertIn('"start"', proc.stdout.readline())
            time.sleep(0.4)
            proc.send_signal(signal.SIGINT)
            code, events, err = finish(proc)
            self.assertEqual(code, 130, err)
            resumed_at = events[-1]["step"]
            self.assertTrue(5 <= resumed_at < 40, resumed_at)
            sleep = 0.05
            code, events, err = finish(start(config, sleep=str(sleep)))
            self.assertEqual(code, 0, err)
            progress = [e for e in events if e["event"] == "progress"]
            self.assertEqual(progress[0]["step"], resumed_at + 1)
            for p in progress[:-1]:
                # Each step took at least `sleep`: the remaining ones will too. Dividing the time by
                # every step since 0 (the resumed ones included) would promise far less.
                self.assertGreaterEqual(p["eta_seconds"], 0.9 * (p["total_steps"] - p["step"]) * sleep, p)
            self.assertEqual(progress[-1]["eta_seconds"], 0.0)

    def test_no_cuda_and_out_of_memory_are_one_line_with_their_exit_codes(self):
        with TempDir() as d:
            code, events, err = finish(start(setup_run(d), mode="nocuda"))
            self.assertEqual((code, events[-1]["kind"]), (4, "no_cuda"))
            self.assertEqual(len(reasons(err)), 1, err)
        with TempDir() as d:
            code, events, err = finish(start(setup_run(d, model="Qwen/Qwen2.5-Coder-7B-Instruct", batch_size=64, max_length=4096), mode="oom"))
            self.assertEqual((code, events[-1]["kind"]), (5, "oom"), err)
            self.assertEqual(len(reasons(err)), 1, err)
            self.assertRegex(reasons(err)[0], r"^train\.py: out of GPU memory on Fake GPU \(24 GiB\) with method=lora batch_size=64 max_length=4096; would fit: ")
            self.assertTrue(any("qlora" in s or "batch_size" in s for s in events[-1]["suggestions"]), events[-1])

    def test_sigint_saves_a_checkpoint_and_stops_with_130(self):
        with TempDir() as d:
            proc = start(setup_run(d, max_steps=1000, save_steps=1000), sleep="0.02")
            line = proc.stdout.readline()  # the start event: training is under way
            self.assertIn('"start"', line)
            time.sleep(0.2)
            proc.send_signal(signal.SIGINT)
            code, events, err = finish(proc)
            self.assertEqual(code, 130, err)
            self.assertEqual(events[-1]["event"], "stopped")
            step = events[-1]["step"]
            self.assertTrue(0 < step < 1000)
            self.assertTrue(os.path.isfile(os.path.join(events[-1]["checkpoint"], "trainer_state.json")))
            self.assertEqual(events[-2], {**events[-2], "event": "checkpoint", "step": step})


if __name__ == "__main__":
    unittest.main()
