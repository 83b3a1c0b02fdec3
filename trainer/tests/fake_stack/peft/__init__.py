__version__ = "0.0-fake"


class LoraConfig:
    def __init__(self, **kw):
        self.kw = kw


def get_peft_model(model, config):
    model.lora = config.kw
    return model


def prepare_model_for_kbit_training(model, **kw):
    return model
