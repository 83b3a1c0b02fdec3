import json
import os
import unittest

from t2sql_trainer import config
from t2sql_trainer.errors import TrainerError

from .support import TempDir, write_config


class ConfigTest(unittest.TestCase):
    def base(self, **fields):
        raw = {"model": "Qwen/Qwen2.5-Coder-1.5B-Instruct", "dataset": "d/train.jsonl", "output_dir": "out"}
        raw.update(fields)
        return raw

    def assertConfigError(self, raw, pattern):
        with self.assertRaises(TrainerError) as ctx:
            config.validate(raw, "/base")
        self.assertEqual(ctx.exception.kind, "config")
        self.assertRegex(ctx.exception.message, pattern)
        self.assertNotIn("\n", ctx.exception.message)

    def test_defaults_are_filled_and_paths_resolved_against_the_config(self):
        cfg = config.validate(self.base(), "/base")
        self.assertEqual(cfg["dataset"], "/base/d/train.jsonl")
        self.assertEqual(cfg["output_dir"], "/base/out")
        self.assertEqual(cfg["model"], "Qwen/Qwen2.5-Coder-1.5B-Instruct")  # a hub id stays as is
        self.assertEqual(cfg["lora"]["r"], 16)
        self.assertEqual(cfg["method"], "lora")
        self.assertEqual(cfg["lora"]["target_modules"], config.DEFAULT_TARGET_MODULES)

    def test_lora_fields_override_one_by_one(self):
        cfg = config.validate(self.base(lora={"r": 64, "target_modules": ["q_proj", "v_proj"]}), "/base")
        self.assertEqual((cfg["lora"]["r"], cfg["lora"]["alpha"], cfg["lora"]["target_modules"]), (64, 32, ["q_proj", "v_proj"]))

    def test_every_bad_value_is_one_line_naming_the_field(self):
        self.assertConfigError({"dataset": "x", "output_dir": "y"}, r"^model is required")
        self.assertConfigError(self.base(lora={"r": 0}), r"^lora\.r must be from 1")
        self.assertConfigError(self.base(lora={"r": 8.5}), r"^lora\.r must be an integer")
        self.assertConfigError(self.base(lora={"dropout": 1.5}), r"^lora\.dropout must be from 0")
        self.assertConfigError(self.base(lora={"rank": 8}), r"unknown lora field rank")
        self.assertConfigError(self.base(lora={"target_modules": []}), r"target_modules")
        self.assertConfigError(self.base(learning_rate=0), r"^learning_rate must be from \(exclusive\) 0")
        self.assertConfigError(self.base(learning_rate="2e-4"), r"^learning_rate must be a number")
        self.assertConfigError(self.base(method="qlora8"), r"^method must be lora or qlora")
        self.assertConfigError(self.base(lr_scheduler="exp"), r"^lr_scheduler must be one of")
        self.assertConfigError(self.base(batch_size=True), r"^batch_size must be an integer")
        self.assertConfigError(self.base(epochs=-1), r"^epochs must be")
        self.assertConfigError(self.base(lerning_rate=1e-4), r"^unknown field lerning_rate")
        self.assertConfigError([1, 2], r"JSON object")

    def test_nan_and_infinity_are_refused(self):
        self.assertConfigError(self.base(learning_rate=float("nan")), r"^learning_rate must be a finite number, got NaN$")
        self.assertConfigError(self.base(weight_decay=float("inf")), r"^weight_decay must be a finite number, got Infinity$")
        self.assertConfigError(self.base(lora={"alpha": float("-inf")}), r"^lora\.alpha must be a finite number")
        with TempDir() as d:  # json.load reads NaN as written in a file
            path = os.path.join(d, "run.json")
            with open(path, "w") as f:
                f.write('{"model": "m", "dataset": "train.jsonl", "output_dir": "out", "learning_rate": NaN}')
            with self.assertRaises(TrainerError) as ctx:
                config.load(path)
            self.assertEqual(ctx.exception.field, "learning_rate")

    def test_errors_name_the_file_and_the_field_path(self):
        with TempDir() as d:
            path = write_config(d, lora={"r": 0})
            with self.assertRaises(TrainerError) as ctx:
                config.load(path)
            e = ctx.exception
            self.assertEqual((e.kind, e.file, e.field), ("config", path, "lora.r"))
            self.assertEqual(e.describe(), "%s: lora.r must be from 1 to 1024, got 0" % path)
            self.assertEqual(e.event_fields(), {"kind": "config", "message": "lora.r must be from 1 to 1024, got 0", "suggestions": [], "file": path, "field": "lora.r"})

    def test_load_reports_file_line_and_column_of_bad_json(self):
        with TempDir() as d:
            path = os.path.join(d, "run.json")
            with open(path, "w") as f:
                f.write('{\n  "model": "m",\n  "dataset": oops\n}')
            with self.assertRaises(TrainerError) as ctx:
                config.load(path)
            self.assertRegex(ctx.exception.message, r"run\.json:3:\d+: not valid JSON")
            with self.assertRaises(TrainerError) as ctx:
                config.load(os.path.join(d, "missing.json"))
            self.assertRegex(ctx.exception.message, r"no such config file")

    def test_local_model_folders_resolve_against_the_config(self):
        with TempDir() as d:
            os.makedirs(os.path.join(d, "tiny"))
            cfg = config.load(write_config(d, model="tiny"))
            self.assertEqual(cfg["model"], os.path.join(d, "tiny"))

    def test_config_hash_ignores_logging_but_not_what_is_trained(self):
        a = config.validate(self.base(), "/b")
        self.assertEqual(config.config_hash(a), config.config_hash(config.validate(self.base(logging_steps=1, save_steps=5), "/b")))
        self.assertNotEqual(config.config_hash(a), config.config_hash(config.validate(self.base(lora={"r": 8}), "/b")))
        self.assertEqual(len(config.config_hash(a)), 64)
        json.dumps(a)  # the filled config is JSON (it goes into the metadata)


if __name__ == "__main__":
    unittest.main()
