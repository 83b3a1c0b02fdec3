"""The GPU part: loads the model, trains the LoRA, saves adapter and metadata. Imported by train.py
only for a real run (never by --dry-run or the unit tests), because it needs torch."""

import datetime
import importlib
import json
import os
import platform
import signal
import sys
import time

from . import checkpoints, protocol
from .adapter_hash import hash_adapter
from .config import config_hash
from .errors import TrainerError
from .labels import assistant_labels, pad_batch
from .plan import model_shape, suggestions

SETUP_HINT = "set up the trainer's environment: see trainer/README.md (uv venv trainer/.venv && uv pip install -r trainer/requirements.txt), or point T2SQL_PYTHON at a Python that has them"


def _require(module, what):
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise TrainerError("environment", "%s is not importable in %s (%s): %s" % (what, sys.executable, e, SETUP_HINT))


def _import_stack(backend):
    """(backend name, modules). unsloth must be imported before transformers to patch it."""
    unsloth = None
    if backend in ("auto", "unsloth"):
        try:
            unsloth = importlib.import_module("unsloth")
        except ImportError as e:
            if backend == "unsloth":
                raise TrainerError("environment", "unsloth is not importable (%s): %s" % (e, SETUP_HINT))
        except Exception as e:  # unsloth raises NotImplementedError etc. without a usable GPU
            if backend == "unsloth":
                raise TrainerError("environment", "unsloth failed to load (%s: %s)" % (type(e).__name__, e))
    torch = _require("torch", "torch")
    if not torch.cuda.is_available():
        raise TrainerError("no_cuda", "no CUDA device is visible to torch %s (%s); training needs an NVIDIA GPU" % (torch.__version__, "CPU-only build" if torch.version.cuda is None else "CUDA %s build" % torch.version.cuda))
    transformers = _require("transformers", "transformers")
    peft = _require("peft", "peft")
    return ("unsloth" if unsloth is not None else "transformers+peft"), {"torch": torch, "transformers": transformers, "peft": peft, "unsloth": unsloth}


def _versions(mods):
    out = {"python": platform.python_version()}
    for name in ("torch", "transformers", "peft", "trl", "unsloth", "bitsandbytes", "accelerate"):
        try:
            out[name] = importlib.import_module(name).__version__
        except Exception:
            out[name] = None
    out["cuda"] = mods["torch"].version.cuda
    return out


def _gpu(torch):
    props = torch.cuda.get_device_properties(0)
    return {"name": props.name, "memory_gib": round(props.total_memory / 1024 ** 3, 1), "count": torch.cuda.device_count(), "capability": "%d.%d" % (props.major, props.minor)}


def _load(cfg, backend, mods):
    torch = mods["torch"]
    dtype = torch.bfloat16 if cfg["dtype"] == "bf16" else torch.float16
    lora = cfg["lora"]
    if backend == "unsloth":
        from unsloth import FastLanguageModel

        model, tokenizer = FastLanguageModel.from_pretrained(model_name=cfg["model"], max_seq_length=cfg["max_length"], dtype=dtype, load_in_4bit=cfg["method"] == "qlora")
        model = FastLanguageModel.get_peft_model(
            model, r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"], target_modules=lora["target_modules"], bias="none",
            use_gradient_checkpointing="unsloth" if cfg["gradient_checkpointing"] else False, random_state=cfg["seed"],
        )
        return model, tokenizer
    transformers, peft = mods["transformers"], mods["peft"]
    tokenizer = transformers.AutoTokenizer.from_pretrained(cfg["model"])
    kwargs = {"torch_dtype": dtype}
    if cfg["method"] == "qlora":
        _require("bitsandbytes", "bitsandbytes (needed by QLoRA)")
        kwargs["quantization_config"] = transformers.BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True, bnb_4bit_compute_dtype=dtype)
    kwargs["device_map"] = {"": 0}
    model = transformers.AutoModelForCausalLM.from_pretrained(cfg["model"], **kwargs)
    if cfg["method"] == "qlora":
        model = peft.prepare_model_for_kbit_training(model, use_gradient_checkpointing=cfg["gradient_checkpointing"])
    elif cfg["gradient_checkpointing"]:
        model.gradient_checkpointing_enable()
        model.enable_input_require_grads()
    lora_config = peft.LoraConfig(r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"], target_modules=lora["target_modules"], bias="none", task_type="CAUSAL_LM")
    return peft.get_peft_model(model, lora_config), tokenizer


def _ids(value):
    return list(value["input_ids"]) if isinstance(value, dict) or hasattr(value, "keys") else list(value)


def tokenize(records, tokenizer, max_length):
    """Features with assistant-only labels, in the model's own chat template; longer ones counted."""
    features, over = [], 0
    for r in records:
        messages = r["messages"]
        prompt = _ids(tokenizer.apply_chat_template(messages[:-1], tokenize=True, add_generation_prompt=True))
        full = _ids(tokenizer.apply_chat_template(messages, tokenize=True, add_generation_prompt=False))
        if len(full) > max_length:
            over += 1
            continue
        features.append({"input_ids": full, "labels": assistant_labels(prompt, full)})
    return features, over


def run(cfg, data, plan):
    started = time.time()
    backend, mods = _import_stack(cfg["backend"])
    torch, transformers = mods["torch"], mods["transformers"]
    versions, gpu = _versions(mods), _gpu(torch)
    h = config_hash(cfg)
    resume = checkpoints.resume_point(cfg["output_dir"], h)
    checkpoints.record_run_config(cfg["output_dir"], cfg, h)
    paths = checkpoints.layout(cfg["output_dir"])

    stop = {"requested": False}

    def on_signal(signum, _frame):
        stop["requested"] = True  # the callback saves a checkpoint and ends training at the next step

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    try:
        model, tokenizer = _load(cfg, backend, mods)
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        # Lines already over max_length by the set's own count are left out (counted in the plan);
        # the rest are measured again with the model's tokenizer.
        kept = [r for r, n in zip(data["records"], data["lengths"]) if n <= cfg["max_length"]]
        features, over = tokenize(kept, tokenizer, cfg["max_length"])
        if not features:
            raise TrainerError("dataset", "every example is longer than max_length %d in the model's tokenizer" % cfg["max_length"])
        tokens_seen = {"n": 0}

        def collate(batch):
            padded = pad_batch(batch, tokenizer.pad_token_id)
            tokens_seen["n"] += sum(len(f["input_ids"]) for f in batch)
            return {k: torch.tensor(v) for k, v in padded.items()}

        class Progress(transformers.TrainerCallback):
            def __init__(self):
                self.t0 = None
                self.first_step = 0  # the step this process started from (a resumed run's checkpoint)
                self.last_loss = None

            def on_train_begin(self, args, state, control, **kw):
                self.t0 = time.time()
                self.first_step = state.global_step
                protocol.emit("start", backend=backend, versions=versions, gpu=gpu, total_steps=state.max_steps, resumed_from=resume,
                              examples=len(features), over_max_length=over + plan["over_max_length"]["count"])

            def on_step_end(self, args, state, control, **kw):
                if stop["requested"]:
                    control.should_save = True
                    control.should_training_stop = True

            def on_log(self, args, state, control, logs=None, **kw):
                logs = logs or {}
                if "loss" in logs:
                    self.last_loss = logs["loss"]
                    protocol.emit("progress", **protocol.progress_fields(state.global_step, state.max_steps, logs["loss"], logs.get("learning_rate"),
                                                                         tokens_seen["n"], time.time() - self.t0, state.epoch,
                                                                         state.global_step - self.first_step))

            def on_save(self, args, state, control, model=None, **kw):
                snapshot = os.path.join(paths["snapshots"], "step-%d" % state.global_step)
                (model or kw.get("model")).save_pretrained(snapshot)
                protocol.emit("checkpoint", step=state.global_step, path=os.path.join(args.output_dir, "checkpoint-%d" % state.global_step),
                              adapter_dir=snapshot, adapter_hash=hash_adapter(snapshot), loss=self.last_loss)

        progress = Progress()
        bf16 = cfg["dtype"] == "bf16"
        args = transformers.TrainingArguments(
            output_dir=cfg["output_dir"], per_device_train_batch_size=cfg["batch_size"], gradient_accumulation_steps=cfg["grad_accum"],
            num_train_epochs=cfg["epochs"], max_steps=cfg["max_steps"] or -1, learning_rate=cfg["learning_rate"], lr_scheduler_type=cfg["lr_scheduler"],
            warmup_ratio=cfg["warmup_ratio"], weight_decay=cfg["weight_decay"], logging_steps=cfg["logging_steps"], save_steps=cfg["save_steps"],
            save_total_limit=cfg["save_total_limit"], seed=cfg["seed"], data_seed=cfg["seed"], bf16=bf16, fp16=not bf16,
            gradient_checkpointing=cfg["gradient_checkpointing"] and backend != "unsloth",
            optim="paged_adamw_8bit" if cfg["method"] == "qlora" else "adamw_torch", report_to=[], remove_unused_columns=False,
            disable_tqdm=True, log_level="warning", dataloader_num_workers=0, save_safetensors=True,
        )
        trainer = transformers.Trainer(model=model, args=args, train_dataset=features, data_collator=collate, callbacks=[progress])
        # With disable_tqdm the Trainer prints each log dict to stdout: `progress` events say it all.
        printer = getattr(transformers, "PrinterCallback", None)
        if printer is not None:
            trainer.remove_callback(printer)
        result = trainer.train(resume_from_checkpoint=resume)
        if stop["requested"]:
            found = checkpoints.checkpoints(cfg["output_dir"])
            protocol.emit("stopped", step=trainer.state.global_step, checkpoint=found[-1][1] if found else None)
            sys.stderr.write("train.py: stopped at step %d; run again with the same config to resume\n" % trainer.state.global_step)
            return 130
        model.save_pretrained(paths["adapter"])
        adapter_hash = hash_adapter(paths["adapter"])
        wall = time.time() - started
        metadata = {
            "format": "t2sql-adapter@1", "base_model": cfg["model"], "method": cfg["method"], "backend": backend,
            "dataset": {"path": data["path"], "sha256": data["sha256"], "examples": len(features), "over_max_length": over + plan["over_max_length"]["count"]},
            "config": cfg, "config_hash": h, "versions": versions, "gpu": gpu, "steps": trainer.state.global_step,
            "final_loss": progress.last_loss, "train_loss": result.training_loss, "wall_seconds": round(wall, 1), "resumed_from": resume,
            "adapter_dir": paths["adapter"], "adapter_hash": adapter_hash, "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        }
        with open(paths["metadata"], "w", encoding="utf-8") as f:
            json.dump(metadata, f, indent=2)
        protocol.emit("done", adapter_dir=paths["adapter"], adapter_hash=adapter_hash, metadata=paths["metadata"], final_loss=progress.last_loss,
                      steps=trainer.state.global_step, wall_seconds=round(wall, 1))
        return 0
    except torch.cuda.OutOfMemoryError:
        shape, _ = model_shape(cfg["model"], cfg["model_params"])
        fits = suggestions(cfg, shape, gpu["memory_gib"], data["lengths"]) if shape else []
        raise TrainerError("oom", "out of GPU memory on %s (%.0f GiB) with method=%s batch_size=%d max_length=%d" % (gpu["name"], gpu["memory_gib"], cfg["method"], cfg["batch_size"], cfg["max_length"]),
                           fits or ["method=qlora", "batch_size=1 grad_accum=%d" % (cfg["batch_size"] * cfg["grad_accum"]), "max_length=%d" % (cfg["max_length"] // 2)])
