#!/usr/bin/env python3
"""t2sql's LoRA / QLoRA SFT trainer.

    python train.py --config run.json [--dry-run]

Progress goes to stdout as JSON lines (see trainer/README.md); a failure ends with one `error`
event, one line on stderr and a non-zero exit code naming its kind. `--dry-run` checks the config
and the dataset and prints the plan without importing torch.
"""

import argparse
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from t2sql_trainer import config as run_config  # noqa: E402
from t2sql_trainer import dataset, plan as planning, protocol  # noqa: E402
from t2sql_trainer.errors import EXIT_CODES, TrainerError  # noqa: E402


def one_line(error):
    text = "train.py: %s" % error.describe()
    if error.suggestions:
        text += "; would fit: " + "; ".join(error.suggestions)
    return text.replace("\n", " ")


def main(argv=None):
    parser = argparse.ArgumentParser(description="LoRA / QLoRA SFT on a t2sql SFT set (JSONL).")
    parser.add_argument("--config", required=True, help="run.json (see trainer/README.md)")
    parser.add_argument("--dry-run", action="store_true", help="check config and data, print the plan; no torch")
    args = parser.parse_args(argv)
    try:
        cfg = run_config.load(args.config)
        data = dataset.read_dataset(cfg["dataset"], load_records=not args.dry_run)
        plan = planning.make_plan(cfg, data)
        if plan["examples"] == 0:
            raise TrainerError("dataset", "%s: every example is longer than max_length %d" % (cfg["dataset"], cfg["max_length"]))
        if args.dry_run:
            protocol.emit("plan", plan=plan, config=cfg, config_hash=run_config.config_hash(cfg))
            sys.stderr.write(planning.describe_plan(plan) + "\n")
            return 0
        # unsloth's banner, transformers' PrinterCallback and the like print to stdout: from here on
        # they land on stderr (the log), and stdout carries protocol lines only.
        protocol.claim_stdout()
        from t2sql_trainer import training  # torch and friends, only now

        return training.run(cfg, data, plan)
    except TrainerError as e:
        protocol.emit("error", **e.event_fields())
        sys.stderr.write(one_line(e) + "\n")
        return e.exit_code
    except KeyboardInterrupt:
        protocol.emit("error", kind="interrupted", message="interrupted before training started", suggestions=[])
        sys.stderr.write("train.py: interrupted before training started\n")
        return EXIT_CODES["interrupted"]
    except Exception as e:  # a bug or an unforeseen failure: the traceback goes to the log
        traceback.print_exc(file=sys.stderr)
        message = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
        protocol.emit("error", kind="crash", message=message, suggestions=[])
        sys.stderr.write("train.py: crashed: %s\n" % message)
        return EXIT_CODES["crash"]


if __name__ == "__main__":
    sys.exit(main())
