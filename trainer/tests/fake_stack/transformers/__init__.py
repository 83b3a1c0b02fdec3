import json
import os
import time

__version__ = "0.0-fake"

# Libraries print banners when imported (unsloth's sloth, deprecation notes): stdout is not theirs.
print("Fake transformers: {'banner': 'imported'}")


class BitsAndBytesConfig:
    def __init__(self, **kw):
        self.kw = kw


class _Tokenizer:
    """ChatML over whitespace words: ids are stable word hashes, as a real template's prefix property needs."""

    pad_token_id = None
    eos_token = "<|im_end|>"

    @property
    def pad_token(self):
        return self.eos_token

    @pad_token.setter
    def pad_token(self, value):
        self.pad_token_id = 2

    def apply_chat_template(self, messages, tokenize=True, add_generation_prompt=False):
        ids = []
        for m in messages:
            ids += [1] + [hash(m["role"]) % 1000 + 10] + [sum(map(ord, w)) % 1000 + 10 for w in m["content"].split()] + [2]
        if add_generation_prompt:
            ids += [1, hash("assistant") % 1000 + 10]
        return ids


class AutoTokenizer:
    @staticmethod
    def from_pretrained(name):
        return _Tokenizer()


class _Model:
    def __init__(self, name):
        self.name = name

    def gradient_checkpointing_enable(self):
        pass

    def enable_input_require_grads(self):
        pass

    def save_pretrained(self, directory):
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "adapter_config.json"), "w") as f:
            json.dump({"base_model_name_or_path": self.name, "lora": getattr(self, "lora", {}).get("r")}, f)
        with open(os.path.join(directory, "adapter_model.safetensors"), "wb") as f:
            f.write(b"fake weights " + str(getattr(self, "step", 0)).encode())


class AutoModelForCausalLM:
    @staticmethod
    def from_pretrained(name, **kw):
        return _Model(name)


class TrainerCallback:
    pass


class PrinterCallback(TrainerCallback):
    """What the real Trainer adds when disable_tqdm is set: every log dict printed to stdout."""

    def on_log(self, args, state, control, logs=None, **kw):
        print(logs)


class TrainingArguments:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class _State:
    def __init__(self, max_steps):
        self.global_step = 0
        self.max_steps = max_steps
        self.epoch = 0.0


class _Control:
    should_save = False
    should_training_stop = False


class _Result:
    def __init__(self, loss):
        self.training_loss = loss


class Trainer:
    def __init__(self, model, args, train_dataset, data_collator, callbacks):
        self.model, self.args, self.data, self.collate = model, args, train_dataset, data_collator
        self.callbacks = list(callbacks) + ([PrinterCallback()] if getattr(args, "disable_tqdm", False) else [])
        per_step = args.per_device_train_batch_size * args.gradient_accumulation_steps
        steps = -(-len(train_dataset) // per_step) * int(args.num_train_epochs)
        self.state = _State(args.max_steps if args.max_steps > 0 else steps)

    def remove_callback(self, callback):
        self.callbacks = [cb for cb in self.callbacks if not (cb is callback or (isinstance(callback, type) and type(cb) is callback))]

    def _call(self, event, **kw):
        control = _Control()
        for cb in self.callbacks:
            getattr(cb, event, lambda *a, **k: None)(self.args, self.state, control, model=self.model, **kw)
        return control

    def _save(self):
        path = os.path.join(self.args.output_dir, "checkpoint-%d" % self.state.global_step)
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, "trainer_state.json"), "w") as f:
            json.dump({"global_step": self.state.global_step}, f)
        self._call("on_save")

    def train(self, resume_from_checkpoint=None):
        if os.environ.get("FAKE_STACK_MODE") == "oom":
            import torch

            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        if resume_from_checkpoint:
            with open(os.path.join(resume_from_checkpoint, "trainer_state.json")) as f:
                self.state.global_step = json.load(f)["global_step"]
        self._call("on_train_begin")
        b = self.args.per_device_train_batch_size
        while self.state.global_step < self.state.max_steps:
            start = (self.state.global_step * b) % len(self.data)
            batch = self.collate(self.data[start:start + b] or self.data[:b])
            assert all(len(row) == len(batch["input_ids"][0]) for row in batch["labels"])
            time.sleep(float(os.environ.get("FAKE_STACK_STEP_SLEEP", "0")))
            self.state.global_step += 1
            self.model.step = self.state.global_step
            self.state.epoch = self.state.global_step / self.state.max_steps
            control = self._call("on_step_end")
            if self.state.global_step % self.args.logging_steps == 0:
                self._call("on_log", logs={"loss": 2.0 / self.state.global_step, "learning_rate": self.args.learning_rate})
            if control.should_save or self.state.global_step % self.args.save_steps == 0:
                self._save()
            if control.should_training_stop:
                break
        return _Result(1.0)
