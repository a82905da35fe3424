#!/usr/bin/env python3
"""Golden forward/backward values of tiny HF ELECTRA models, for the Swift trainer's tests.

usage: make_golden.py [--out PATH]
       (default PATH: Tests/CorpusModelsTests/Fixtures/electra-golden.safetensors in this checkout)

Builds, in float64 with dropout 0 and eager attention, a tiny transformers ElectraForPreTraining
(discriminator) and a tiny ElectraForMaskedLM (generator; separate model, nothing shared with the
discriminator; its generator_lm_head.weight is tied to its own word embeddings, as HF does by
default), re-initializes every parameter (weights, biases, LayerNorm shifts, all embedding rows)
with N(0, 0.2^2) and every LayerNorm gain with 1 + N(0, 0.2^2), from a seeded torch.Generator,
runs both models on a fixed padded batch with labels, takes HF's own losses (the discriminator's
value recomputed with float64 labels, see below), calls backward on each loss separately and saves
weights, gradients, inputs, labels, logits and losses to one safetensors file (keys: see
Tests/CorpusModelsTests/Fixtures/README.md). Deterministic: two runs give the same bytes.
"""
import argparse
import json
import os
import platform
import struct
import sys

import torch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO, "Tests", "CorpusModelsTests", "Fixtures", "electra-golden.safetensors")

SEED = 0
INIT_STD = 0.2
BATCH, SEQ = 2, 9
PAD_TAIL = 3          # row 1: last 3 positions are padding (attention_mask 0, input id 0)
GEN_TARGETS = 3       # generator labels at 3 real positions per row, -100 elsewhere
FIRST_REAL_ID = 4     # input ids are drawn from [4, vocab)

COMMON = dict(vocab_size=40, embedding_size=8, max_position_embeddings=16, hidden_act="gelu",
              layer_norm_eps=1e-12, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
DISC = dict(COMMON, hidden_size=12, num_hidden_layers=2, num_attention_heads=2, intermediate_size=20)
GEN = dict(COMMON, hidden_size=4, num_hidden_layers=1, num_attention_heads=1, intermediate_size=8)

# Config fields that decide the computation, written to the metadata.
CONFIG_FIELDS = ["vocab_size", "embedding_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                 "intermediate_size", "max_position_embeddings", "type_vocab_size", "pad_token_id",
                 "hidden_act", "layer_norm_eps", "hidden_dropout_prob", "attention_probs_dropout_prob",
                 "tie_word_embeddings"]


def build(cls, fields):
    from transformers import ElectraConfig

    config = ElectraConfig(**fields)
    config._attn_implementation = "eager"
    model = cls(config).double()
    model.train()  # dropout probabilities are 0, so train and eval compute the same thing
    return model


def config_json(model):
    c = model.config
    d = {k: getattr(c, k) for k in CONFIG_FIELDS}
    d["attn_implementation"] = c._attn_implementation
    d["model_class"] = type(model).__name__
    return json.dumps(d, sort_keys=True)


def reinit(model, gen):
    """Every unique parameter, in named_parameters() order, <- N(0, INIT_STD^2) drawn from `gen`;
    LayerNorm gains get 1 + N(0, INIT_STD^2). (Gains drawn around 0 would shrink every normalized
    activation to ~0.2 of unit scale: attention scores would be ~0, the query/key gradients ~1e-6
    of the others and the logits nearly the same at every position, so the fixture would hardly
    test attention.)"""
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64) * INIT_STD)
            if name.endswith("LayerNorm.weight"):
                p.add_(1.0)


def tied_names(model):
    """{alias: canonical} for parameters named_parameters() lists once (first name wins)."""
    first = {}
    tied = {}
    for name, p in model.named_parameters(remove_duplicate=False):
        if id(p) in first:
            tied[name] = first[id(p)]
        else:
            first[id(p)] = name
    return tied


def canonical(data):
    """The safetensors bytes with the JSON header's keys sorted (safetensors writes them, and the
    metadata, in hash-map order, which changes from run to run); tensor data and offsets unchanged."""
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data[8 + n:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()

    import safetensors
    import transformers
    from safetensors import safe_open
    from safetensors.torch import save
    from transformers import ElectraForMaskedLM, ElectraForPreTraining

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(SEED)

    disc = build(ElectraForPreTraining, DISC)
    gen_model = build(ElectraForMaskedLM, GEN)
    assert hasattr(disc.electra, "embeddings_project")
    assert gen_model.generator_lm_head.weight is gen_model.electra.embeddings.word_embeddings.weight

    g = torch.Generator().manual_seed(SEED)
    reinit(disc, g)
    reinit(gen_model, g)

    vocab = COMMON["vocab_size"]
    input_ids = torch.randint(FIRST_REAL_ID, vocab, (BATCH, SEQ), generator=g, dtype=torch.int64)
    attention_mask = torch.ones(BATCH, SEQ, dtype=torch.int64)
    attention_mask[1, SEQ - PAD_TAIL:] = 0
    input_ids[attention_mask == 0] = 0
    real = attention_mask == 1

    disc_labels = torch.randint(0, 2, (BATCH, SEQ), generator=g, dtype=torch.int64)
    disc_labels[~real] = 0  # not used by the loss (HF keeps only attention_mask == 1 positions)

    gen_labels = torch.full((BATCH, SEQ), -100, dtype=torch.int64)
    for b in range(BATCH):
        n_real = int(real[b].sum())
        positions = torch.randperm(n_real, generator=g)[:GEN_TARGETS].sort().values
        gen_labels[b, positions] = torch.randint(FIRST_REAL_ID, vocab, (GEN_TARGETS,), generator=g,
                                                 dtype=torch.int64)

    tensors = {
        "input_ids": input_ids,
        "attention_mask": attention_mask,
        "disc.labels": disc_labels,
        "gen.labels": gen_labels,
    }
    metadata = {
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "safetensors": safetensors.__version__,
        "python": platform.python_version(),
        "command": "python scripts/electra/make_golden.py",
        "seed": str(SEED),
        "init": f"N(0, {INIT_STD}^2); LayerNorm.weight 1 + N(0, {INIT_STD}^2)",
        "disc.loss": "HF ElectraForPreTraining loss (mean BCE-with-logits over attention_mask == 1) "
                     "evaluated with float64 labels; HF itself returns the value as float32",
        "gen.loss": "HF ElectraForMaskedLM loss (mean cross-entropy over labels != -100)",
    }

    for prefix, model, labels in (("disc", disc, disc_labels), ("gen", gen_model, gen_labels)):
        model.zero_grad(set_to_none=True)
        out = model(input_ids=input_ids, attention_mask=attention_mask, labels=labels)
        loss = out.loss
        if prefix == "disc":
            # HF casts the 0/1 labels with .float(), so BCEWithLogitsLoss returns its value as
            # float32 (its gradient is still float64: sigmoid(logit) - label). Save the same loss
            # (mean BCE over attention_mask == 1 positions) computed with float64 labels, and
            # check it against HF's value and its gradients against HF's backward.
            active = attention_mask == 1
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                out.logits[active], labels[active].double())
            assert loss.dtype == torch.float64
            assert abs(loss.item() - out.loss.item()) <= 1e-6 * abs(loss.item()), (loss.item(), out.loss.item())
            params = [p for _, p in model.named_parameters()]
            check = torch.autograd.grad(loss, params, retain_graph=True)
        out.loss.backward()
        if prefix == "disc":
            worst = max((c - p.grad).abs().max().item() for c, p in zip(check, params))
            assert worst <= 1e-14, worst
        names = []
        for name, p in model.named_parameters():
            assert p.grad is not None, f"{prefix}.{name} has no gradient"
            tensors[f"{prefix}.{name}"] = p.detach().clone()
            tensors[f"{prefix}.grad.{name}"] = p.grad.detach().clone()
            names.append([name, list(p.shape)])
        tensors[f"{prefix}.logits"] = out.logits.detach().clone()
        tensors[f"{prefix}.loss"] = loss.detach().clone().reshape(())
        metadata[f"{prefix}.config"] = config_json(model)
        metadata[f"{prefix}.params"] = json.dumps(names)
        metadata[f"{prefix}.tied"] = json.dumps(tied_names(model), sort_keys=True)

    for k, t in tensors.items():
        assert t.dtype in (torch.float64, torch.int64), (k, t.dtype)
        tensors[k] = t.contiguous()

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(canonical(save(tensors, metadata=metadata)))
    with safe_open(args.out, "pt") as f:  # reads back
        assert set(f.keys()) == set(tensors) and f.metadata() == metadata
        assert all(torch.equal(f.get_tensor(k), t) for k, t in tensors.items())
    print(f"wrote {args.out}: {len(tensors)} tensors, {os.path.getsize(args.out)} bytes; "
          f"disc.loss {tensors['disc.loss'].item():.17g}, gen.loss {tensors['gen.loss'].item():.17g}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
