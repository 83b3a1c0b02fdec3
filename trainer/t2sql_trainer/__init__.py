"""t2sql's LoRA / QLoRA SFT trainer. Everything here but `training.py` runs on plain python3."""
