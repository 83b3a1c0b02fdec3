import json
import os
import unittest

from t2sql_trainer import config, dataset, plan
from t2sql_trainer.errors import TrainerError

from .support import TempDir, example, write_jsonl


class DatasetTest(unittest.TestCase):
    def assertDatasetError(self, records_or_text, pattern):
        with TempDir() as d:
            path = os.path.join(d, "train.jsonl")
            with open(path, "w") as f:
                if isinstance(records_or_text, str):
                    f.write(records_or_text)
                else:
                    f.write("".join(json.dumps(r) + "\n" for r in records_or_text))
            with self.assertRaises(TrainerError) as ctx:
                dataset.read_dataset(path)
            self.assertEqual(ctx.exception.kind, "dataset")
            self.assertRegex(ctx.exception.message, pattern)

    def test_reads_lengths_and_hash(self):
        with TempDir() as d:
            path = write_jsonl(d, [example(i, tokens=100 + i) for i in range(5)])
            data = dataset.read_dataset(path, load_records=True)
            self.assertEqual(data["examples"], 5)
            self.assertEqual(data["lengths"], [100, 101, 102, 103, 104])
            self.assertEqual(len(data["records"]), 5)
            import hashlib
            with open(path, "rb") as f:
                self.assertEqual(data["sha256"], hashlib.sha256(f.read()).hexdigest())

    def test_lines_without_token_counts_are_estimated_and_say_so(self):
        with TempDir() as d:
            data = dataset.read_dataset(write_jsonl(d, [example(0), example(1, tokens=50)]))
            self.assertEqual(data["estimated"], 1)
            self.assertGreater(data["lengths"][0], 15)

    def test_bad_lines_name_file_and_line(self):
        good = example(0, tokens=10)
        no_answer = example(1)
        no_answer["messages"] = no_answer["messages"][:2]
        self.assertDatasetError([good, no_answer], r"train\.jsonl:2: turns must alternate")
        self.assertDatasetError(json.dumps(good) + "\n{oops\n", r"train\.jsonl:2: not valid JSON")
        empty = example(2, sql="  ")
        self.assertDatasetError([empty], r":1: the assistant's answer .* is empty")
        bad_role = example(3)
        bad_role["messages"][1]["role"] = "tool"
        self.assertDatasetError([bad_role], r":1: messages\[1\] must be")
        no_db = example(4)
        del no_db["db_id"]
        self.assertDatasetError([no_db], r"db_id .* required")
        self.assertDatasetError("", r"holds no examples")

    def test_a_set_that_differs_from_its_manifest_is_refused(self):
        with TempDir() as d:
            path = write_jsonl(d, [example(0, tokens=10)])
            with open(os.path.join(d, "manifest.json"), "w") as f:
                json.dump({"sha256": "0" * 64}, f)
            with self.assertRaises(TrainerError) as ctx:
                dataset.read_dataset(path)
            self.assertRegex(ctx.exception.message, r"differs from its manifest")

    def test_missing_dataset_says_how_to_build_it(self):
        with self.assertRaises(TrainerError) as ctx:
            dataset.read_dataset("/nonexistent/train.jsonl")
        self.assertIn("t2sql train data", ctx.exception.message)


class PlanTest(unittest.TestCase):
    def cfg(self, **fields):
        raw = {"model": "Qwen/Qwen2.5-Coder-1.5B-Instruct", "dataset": "t.jsonl", "output_dir": "o"}
        raw.update(fields)
        return config.validate(raw, "/x")

    def data(self, lengths):
        return {"path": "/x/t.jsonl", "sha256": "f" * 64, "examples": len(lengths), "lengths": lengths, "estimated": 0, "manifest_checked": True}

    def test_steps_and_tokens(self):
        p = plan.make_plan(self.cfg(batch_size=4, grad_accum=4, epochs=2, max_length=512), self.data([100] * 95 + [600] * 5))
        self.assertEqual(p["examples"], 95)
        self.assertEqual(p["over_max_length"]["count"], 5)
        self.assertEqual(p["steps_per_epoch"], 6)  # ceil(95 / 16)
        self.assertEqual(p["total_steps"], 12)
        self.assertEqual(p["tokens"]["per_epoch"], 9500)
        self.assertEqual(p["tokens"]["total"], 19000)
        p = plan.make_plan(self.cfg(max_steps=20), self.data([100] * 64))
        self.assertEqual(p["total_steps"], 20)

    def test_parameter_count_of_a_known_model_matches_its_published_size(self):
        shape, source = plan.model_shape("Qwen/Qwen2.5-Coder-7B-Instruct")
        self.assertEqual(source, "qwen2.5-7b")
        total = plan.parameter_counts(shape, 16, config.DEFAULT_TARGET_MODULES)["total"]
        self.assertAlmostEqual(total / 1e9, 7.6, delta=0.15)  # Qwen2.5-7B: 7.61B parameters
        shape, _ = plan.model_shape("Qwen/Qwen2.5-Coder-1.5B-Instruct")
        self.assertAlmostEqual(plan.parameter_counts(shape, 16, ["q_proj"])["total"] / 1e9, 1.54, delta=0.05)

    def test_memory_grows_with_batch_and_length_and_shrinks_with_qlora(self):
        shape, _ = plan.model_shape("Qwen/Qwen2.5-Coder-7B")
        mods = config.DEFAULT_TARGET_MODULES
        base = plan.estimate_memory(shape, "lora", 16, mods, 4, 1024)["total"]
        self.assertGreater(plan.estimate_memory(shape, "lora", 16, mods, 8, 1024)["total"], base)
        self.assertGreater(plan.estimate_memory(shape, "lora", 16, mods, 4, 2048)["total"], base)
        self.assertLess(plan.estimate_memory(shape, "qlora", 16, mods, 4, 1024)["total"], base - 8)
        self.assertGreater(base, 15.2)  # 7.6B bf16 weights alone are 14.2 GiB

    def test_a_plan_that_does_not_fit_names_settings_that_would(self):
        p = plan.make_plan(self.cfg(model="Qwen/Qwen2.5-Coder-7B", batch_size=8, max_length=2048, gpu_memory_gb=24), self.data([2000] * 100))
        self.assertFalse(p["memory"]["fits"])
        fits = p["memory"]["would_fit"]
        self.assertTrue(fits)
        self.assertTrue(any("qlora" in s for s in fits), fits)
        for s in fits:
            est = float(s.split("est. ")[1].split(" GiB")[0])
            self.assertLessEqual(est, 24 * 0.95)

    def test_unknown_models_plan_without_a_memory_estimate_unless_sized(self):
        p = plan.make_plan(self.cfg(model="someone/mystery-model"), self.data([100] * 10))
        self.assertIsNone(p["memory"]["estimate_gib"])
        self.assertIn("model_params", p["memory"]["note"])
        p = plan.make_plan(self.cfg(model="someone/mystery-model", model_params=3e9), self.data([100] * 10))
        self.assertIsNotNone(p["memory"]["estimate_gib"])

    def test_local_model_config_is_read(self):
        with TempDir() as d:
            with open(os.path.join(d, "config.json"), "w") as f:
                json.dump({"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                           "intermediate_size": 128, "vocab_size": 1000, "tie_word_embeddings": True}, f)
            shape, source = plan.model_shape(d)
            self.assertEqual(source, "config.json")
            counts = plan.parameter_counts(shape, 8, ["q_proj", "v_proj"])
            # q: 64x64, k,v: 64x32, o: 64x64, mlp: 3x64x128 per layer; embeddings tied
            self.assertEqual(counts["linear"], 2 * (64 * 64 * 2 + 64 * 32 * 2 + 3 * 64 * 128))
            self.assertEqual(counts["embedding"], 64000)
            self.assertEqual(counts["trainable"], 2 * (8 * 128 + 8 * 96))


if __name__ == "__main__":
    unittest.main()
