#!/usr/bin/env bash
# GPU smoke test of trainer/train.py (not part of CI; needs a CUDA GPU and the stack in
# requirements.txt). Builds a tiny randomly initialised Qwen2-architecture model from a config (no
# download), writes 64 chat examples, trains 20 LoRA steps, checks that the loss falls and that the
# adapter reloads onto the base model. Exit 0 on success; the last line says what happened.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${T2SQL_PYTHON:-}"
if [ -z "$PY" ]; then if [ -x "$HERE/.venv/bin/python" ]; then PY="$HERE/.venv/bin/python"; else PY=python3; fi; fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/t2sql-smoke-XXXXXX")"
echo "smoke: $PY, work dir $WORK" >&2

"$PY" - "$WORK" <<'PYEOF'
import json, os, sys
work = sys.argv[1]
try:
    import torch, transformers
except ImportError as e:
    sys.exit("smoke: its Python lacks the packages (%s): see trainer/README.md" % e)
if not torch.cuda.is_available():
    sys.exit("smoke: no CUDA device visible to torch %s" % torch.__version__)
from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM, PreTrainedTokenizerFast
from tokenizers import Tokenizer, models, pre_tokenizers

# A word-level tokenizer over a small vocabulary, with Qwen's special tokens and chat template.
words = "SELECT FROM WHERE count ( ) * name age singer concert stadium id = > < AND OR ORDER BY GROUP LIMIT 1 2 3 How many what is the of are there list show all with Database schema : Question , . ? PK".split()
special = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
vocab = {t: i for i, t in enumerate(special + ["[UNK]", "\n", "system", "user", "assistant"] + words)}
tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Split("\n", "isolated"), pre_tokenizers.WhitespaceSplit()])
tok.add_special_tokens(special)
fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>", unk_token="[UNK]")
fast.chat_template = ("{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\n' + m['content'] + '<|im_end|>' + '\n' }}{% endfor %}"
                      "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")
model_dir = os.path.join(work, "tiny-qwen2")
fast.save_pretrained(model_dir)
cfg = Qwen2Config(vocab_size=len(vocab), hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                  num_key_value_heads=2, max_position_embeddings=512, tie_word_embeddings=True,
                  bos_token_id=0, eos_token_id=vocab["<|im_end|>"], pad_token_id=0)
torch.manual_seed(0)
Qwen2ForCausalLM(cfg).to(torch.bfloat16).save_pretrained(model_dir)

questions = ["How many singer are there ?", "list all name of singer", "what is the age of singer", "How many concert are there ?"]
answers = ["SELECT count ( * ) FROM singer", "SELECT name FROM singer", "SELECT age FROM singer", "SELECT count ( * ) FROM concert"]
with open(os.path.join(work, "train.jsonl"), "w") as f:
    for i in range(64):
        q, a = questions[i % 4], answers[i % 4]
        f.write(json.dumps({"messages": [{"role": "system", "content": "SELECT FROM"},
                                         {"role": "user", "content": "Database schema :\nsinger ( id PK , name , age )\n\nQuestion : " + q},
                                         {"role": "assistant", "content": a}], "db_id": "concert_singer", "index": i}) + "\n")
with open(os.path.join(work, "run.json"), "w") as f:
    json.dump({"model": "tiny-qwen2", "dataset": "train.jsonl", "output_dir": "out", "backend": "transformers", "max_steps": 20,
               "batch_size": 4, "grad_accum": 1, "learning_rate": 5e-3, "lr_scheduler": "constant", "warmup_ratio": 0,
               "logging_steps": 1, "save_steps": 10, "max_length": 256, "lora": {"r": 8, "alpha": 16, "dropout": 0.0}}, f)
PYEOF

"$PY" "$HERE/train.py" --config "$WORK/run.json" --dry-run >/dev/null
"$PY" "$HERE/train.py" --config "$WORK/run.json" | tee "$WORK/progress.jsonl"

"$PY" - "$WORK" <<'PYEOF'
import json, os, sys
work = sys.argv[1]
events = [json.loads(l) for l in open(os.path.join(work, "progress.jsonl")) if l.startswith("{")]
losses = [e["loss"] for e in events if e["event"] == "progress"]
done = [e for e in events if e["event"] == "done"]
assert done, "no done event"
assert len(losses) >= 10, "too few progress events: %d" % len(losses)
first, last = sum(losses[:3]) / 3, sum(losses[-3:]) / 3
assert last < first, "loss did not fall: %.4f -> %.4f" % (first, last)
import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM
base = AutoModelForCausalLM.from_pretrained(os.path.join(work, "tiny-qwen2"), torch_dtype=torch.bfloat16)
model = PeftModel.from_pretrained(base, done[0]["adapter_dir"])
ids = torch.tensor([[1, 2, 3]])
with torch.no_grad():
    out = model(input_ids=ids).logits
assert out.shape[-1] == base.config.vocab_size
print("smoke: OK: loss %.4f -> %.4f over %d logged steps; adapter %s (sha256 %s) reloads" % (first, last, len(losses), done[0]["adapter_dir"], done[0]["adapter_hash"][:12]))
PYEOF
