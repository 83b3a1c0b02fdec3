import io
import json
import os
import subprocess
import sys
import unittest

from t2sql_trainer import checkpoints, protocol
from t2sql_trainer.adapter_hash import hash_adapter
from t2sql_trainer.errors import EXIT_CODES, TrainerError
from t2sql_trainer.labels import IGNORE_INDEX, assistant_labels, pad_batch

from .support import REPO_DIR, TempDir


class ProtocolTest(unittest.TestCase):
    def test_lines_are_json_with_event_and_version(self):
        out = io.StringIO()
        protocol.emit("progress", stream=out, **protocol.progress_fields(10, 100, 1.25, 2e-4, 5000, 10.0, 0.1, 10))
        record = json.loads(out.getvalue())
        self.assertEqual(record["event"], "progress")
        self.assertEqual(record["protocol"], protocol.PROTOCOL_VERSION)
        self.assertEqual((record["step"], record["total_steps"], record["loss"]), (10, 100, 1.25))
        self.assertEqual(record["tokens_per_second"], 500.0)
        self.assertEqual(record["eta_seconds"], 90.0)
        self.assertTrue(out.getvalue().endswith("\n"))
        self.assertEqual(out.getvalue().count("\n"), 1)

    def test_the_eta_of_a_resumed_run_counts_the_steps_this_process_trained(self):
        # Resumed at step 50: 10 steps in 10 s, so the 40 left take 40 s (not 40 * 10 / 60).
        fields = protocol.progress_fields(60, 100, 0.5, 2e-4, 5000, 10.0, 0.6, 10)
        self.assertEqual(fields["eta_seconds"], 40.0)
        self.assertIsNone(protocol.progress_fields(50, 100, 0.5, 2e-4, 0, 0.0, 0.5, 0)["eta_seconds"])

    def test_non_finite_numbers_become_null_and_unknown_events_are_refused(self):
        record = json.loads(protocol.encode("progress", loss=float("nan"), nested={"x": [float("inf")]}))
        self.assertIsNone(record["loss"])
        self.assertEqual(record["nested"], {"x": [None]})
        with self.assertRaises(ValueError):
            protocol.encode("finished")

    def test_error_kinds_have_distinct_exit_codes(self):
        self.assertEqual(TrainerError("oom", "x").exit_code, 5)
        self.assertEqual(len({EXIT_CODES[k] for k in ("config", "environment", "no_cuda", "oom", "interrupted", "crash")}), 6)
        with self.assertRaises(ValueError):
            TrainerError("disk", "x")


class LabelsTest(unittest.TestCase):
    def test_only_the_reply_is_learned(self):
        self.assertEqual(assistant_labels([1, 2, 3], [1, 2, 3, 7, 8]), [IGNORE_INDEX] * 3 + [7, 8])

    def test_a_template_whose_prompt_is_not_a_prefix_is_an_error(self):
        with self.assertRaises(ValueError):
            assistant_labels([1, 2, 4], [1, 2, 3, 7])
        with self.assertRaises(ValueError):
            assistant_labels([1, 2], [1, 2])  # no reply at all

    def test_padding_masks_labels_and_attention(self):
        batch = pad_batch([{"input_ids": [1, 2, 3], "labels": [-100, 2, 3]}, {"input_ids": [5], "labels": [5]}], 0)
        self.assertEqual(batch["input_ids"], [[1, 2, 3], [5, 0, 0]])
        self.assertEqual(batch["labels"], [[-100, 2, 3], [5, -100, -100]])
        self.assertEqual(batch["attention_mask"], [[1, 1, 1], [1, 0, 0]])


class CheckpointTest(unittest.TestCase):
    def make(self, root, step, complete=True):
        path = os.path.join(root, "checkpoint-%d" % step)
        os.makedirs(path)
        if complete:
            open(os.path.join(path, "trainer_state.json"), "w").close()
        return path

    def test_resumes_from_the_latest_complete_checkpoint(self):
        with TempDir() as d:
            self.assertIsNone(checkpoints.resume_point(d, "h"))
            self.make(d, 20)
            latest = self.make(d, 100)
            self.make(d, 120, complete=False)  # killed while saving
            checkpoints.record_run_config(d, {"a": 1}, "h")
            self.assertEqual(checkpoints.resume_point(d, "h"), latest)

    def test_checkpoints_of_other_settings_are_not_resumed(self):
        with TempDir() as d:
            self.make(d, 10)
            checkpoints.record_run_config(d, {"a": 1}, "h1")
            with self.assertRaises(TrainerError) as ctx:
                checkpoints.resume_point(d, "h2")
            self.assertEqual(ctx.exception.kind, "checkpoint_mismatch")  # its own kind: t2sql words it for --name
            self.assertEqual(ctx.exception.exit_code, 2)


class AdapterHashTest(unittest.TestCase):
    """The trainer's adapter hash is the one `t2sql generate` records (src/generate/hashAdapter.ts)."""

    def build(self, d):
        adapter = os.path.join(d, "adapter")
        os.makedirs(os.path.join(adapter, "sub", "deeper"))
        files = {"adapter_config.json": b'{"r": 16}', "adapter_model.safetensors": os.urandom(4096), "sub/b.bin": b"\x00\x01",
                 "sub/deeper/z.txt": b"z", "Zeta.txt": b"upper case sorts first", "\u00e9t\u00e9.txt": b"accent", "\U0001F600.txt": b"astral",
                 "\uff61half.txt": b"BMP above the surrogates"}
        for rel, data in files.items():
            with open(os.path.join(adapter, rel), "wb") as f:
                f.write(data)
        os.symlink(os.path.join(adapter, "sub", "b.bin"), os.path.join(adapter, "link.bin"))
        return adapter

    def typescript_hash(self, *paths):
        r = subprocess.run(["node", "--import", "tsx", os.path.join("fixtures", "train", "printAdapterHash.ts"), *paths],
                           cwd=REPO_DIR, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, "node/tsx failed (run `npm ci` at the repository root): " + r.stderr)
        return r.stdout.split()

    def test_same_hash_as_the_typescript_code_on_a_real_folder(self):
        with TempDir() as d:
            adapter = self.build(d)
            single = os.path.join(adapter, "adapter_config.json")
            self.assertEqual([hash_adapter(adapter), hash_adapter(single)], self.typescript_hash(adapter, single))

    def test_content_changes_the_hash_and_copies_keep_it(self):
        with TempDir() as d:
            adapter = self.build(d)
            before = hash_adapter(adapter)
            import shutil
            copy = os.path.join(d, "copy")
            shutil.copytree(adapter, copy)
            self.assertEqual(hash_adapter(copy), before)
            with open(os.path.join(copy, "sub", "deeper", "z.txt"), "wb") as f:
                f.write(b"Z")
            self.assertNotEqual(hash_adapter(copy), before)
            os.makedirs(os.path.join(d, "empty"))
            with self.assertRaises(ValueError):
                hash_adapter(os.path.join(d, "empty"))


if __name__ == "__main__":
    unittest.main()
