#!/usr/bin/env python3
"""PyTorch CPU ELECTRA pretraining-step throughput (forward + backward + AdamW step).

usage: torch_electra.py [--preset small|tiny] [--batch 16] [--seq 128] [--steps 10]
                        [--warmup 3] [--threads 2]

The reference for the Swift ELECTRA trainer's throughput, with the same method as the peers'
bench_torch.py `electra-gather`, but with the model size chosen by --preset:

  small  vocab 30522, embedding 128; discriminator hidden 256, 12 layers, 4 heads, FFN 1024;
         generator hidden 64, 12 layers, 1 head, FFN 256 (ELECTRA-Small as in the paper)
  tiny   vocab 8000, embedding 64; discriminator hidden 128, 4 layers, 2 heads, FFN 512;
         generator hidden 32, 4 layers, 1 head, FFN 128

Models: HF transformers ElectraForPreTraining (discriminator) and ElectraForMaskedLM (generator),
built from config (random weights, default dropout 0.1). The generator uses the discriminator's
embedding module (token, position, type embeddings + LayerNorm) and its LM head output weight is
the token-embedding matrix. One step: random token ids in [1000, vocab) (in [5, vocab) when the
vocabulary is smaller than 2000), 15% of positions masked (replaced by id 103), the generator's
encoder runs on the masked sequence and its head (generator_predictions + generator_lm_head) only
on the masked positions, MLM cross-entropy there; replacements sampled from the generator logits
with Gumbel noise (no gradient); the discriminator sees the corrupted sequence with labels
"replaced" (sampled id != original id); loss = mlm + 50 * disc; AdamW (lr 5e-4, weight decay
0.01) over the unique parameters.

Throughput: median wall time of --steps timed steps after --warmup untimed ones (each step has its
own pre-generated batch). tokens/s = batch * seq / median step time. FLOPs per step = 6 x sum
over nn.Linear modules of (weight numel x rows that went through it), counted with forward hooks
during one extra untimed step; embedding lookups, attention score/context products, softmax,
LayerNorm and the optimizer are not counted. Prints one JSON line.
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch

PRESETS = {
    "small": dict(vocab=30522, embedding=128,
                  disc=dict(hidden=256, layers=12, heads=4, ffn=1024),
                  gen=dict(hidden=64, layers=12, heads=1, ffn=256)),
    "tiny": dict(vocab=8000, embedding=64,
                 disc=dict(hidden=128, layers=4, heads=2, ffn=512),
                 gen=dict(hidden=32, layers=4, heads=1, ffn=128)),
}
MASK_ID = 103
MASK_PROB = 0.15
DISC_WEIGHT = 50.0


def electra_config(vocab, embedding, size, max_positions):
    from transformers import ElectraConfig

    return ElectraConfig(vocab_size=vocab, embedding_size=embedding, hidden_size=size["hidden"],
                         num_hidden_layers=size["layers"], num_attention_heads=size["heads"],
                         intermediate_size=size["ffn"], max_position_embeddings=max_positions)


class FlopCounter:
    """6 x weight numel x rows for every nn.Linear call while `active`."""

    def __init__(self, modules):
        self.flops = 0
        self.active = False
        seen = set()
        self.handles = []
        for module in modules:
            for m in module.modules():
                if isinstance(m, torch.nn.Linear) and id(m) not in seen:
                    seen.add(id(m))
                    self.handles.append(m.register_forward_hook(self._hook))

    def _hook(self, module, inputs, output):
        if self.active:
            x = inputs[0]
            self.flops += 6 * module.weight.numel() * (x.numel() // x.shape[-1])

    def close(self):
        for h in self.handles:
            h.remove()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--preset", choices=sorted(PRESETS), default="small")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--vocab", type=int, default=None, help="override the preset's vocabulary (to match a dataset's tokenizer)")
    args = ap.parse_args()

    from transformers import ElectraForMaskedLM, ElectraForPreTraining

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    preset = PRESETS[args.preset]
    vocab, B, L = args.vocab or preset["vocab"], args.batch, args.seq
    max_positions = max(512, L)

    disc = ElectraForPreTraining(electra_config(vocab, preset["embedding"], preset["disc"], max_positions))
    gen = ElectraForMaskedLM(electra_config(vocab, preset["embedding"], preset["gen"], max_positions))
    # Shared embeddings: one module for both models; the generator's output weight is the token table.
    gen.electra.embeddings = disc.electra.embeddings
    gen.generator_lm_head.weight = disc.electra.embeddings.word_embeddings.weight
    disc.train()
    gen.train()

    unique = {}
    for model in (gen, disc):
        for p in model.parameters():
            unique.setdefault(id(p), p)
    params = list(unique.values())
    opt = torch.optim.AdamW(params, lr=5e-4, weight_decay=0.01)

    low = 1000 if vocab >= 2000 else 5

    def make_batch():
        ids = torch.from_numpy(rng.integers(low, vocab, size=(B, L))).long()
        masked = torch.rand(B, L) < MASK_PROB
        return ids, masked

    def train_step(ids, masked):
        attention = torch.ones_like(ids)
        gen_in = ids.masked_fill(masked, MASK_ID)
        hidden = gen.electra(input_ids=gen_in, attention_mask=attention).last_hidden_state
        logits = gen.generator_lm_head(gen.generator_predictions(hidden[masked]))
        mlm = torch.nn.functional.cross_entropy(logits, ids[masked])
        with torch.no_grad():
            u = torch.rand_like(logits).clamp_(1e-9, 1.0)
            sampled = (logits.detach() - torch.log(-torch.log(u))).argmax(-1)
        corrupted = ids.clone()
        corrupted[masked] = sampled
        replaced = (corrupted != ids).long()
        disc_loss = disc(input_ids=corrupted, attention_mask=attention, labels=replaced).loss
        loss = mlm + DISC_WEIGHT * disc_loss
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss.item()

    batches = [make_batch() for _ in range(args.warmup + args.steps)]
    for i in range(args.warmup):
        train_step(*batches[i])

    counter = FlopCounter([gen, disc])
    counter.active = True
    train_step(*batches[0])
    counter.close()
    flops = counter.flops

    times, losses = [], []
    for i in range(args.steps):
        t0 = time.perf_counter()
        losses.append(train_step(*batches[args.warmup + i]))
        times.append(time.perf_counter() - t0)

    med = statistics.median(times)
    tokens = B * L
    n_unique = sum(p.numel() for p in params)
    n_emb = sum(p.numel() for p in disc.electra.embeddings.parameters())
    out = {
        "model": "electra-gather", "preset": args.preset, "vocab": vocab,
        "embedding": preset["embedding"], "disc": preset["disc"], "gen": preset["gen"],
        "threads": torch.get_num_threads(), "batch": B, "seq": L,
        "steps": args.steps, "warmup": args.warmup,
        "step_s_median": med, "step_s_mean": statistics.mean(times), "step_s_min": min(times),
        "tokens_per_step": tokens, "tokens_per_s": tokens / med,
        "linear_flops_per_step": flops, "gflops_per_s": flops / med / 1e9,
        "naive_6NT_gflops_per_s": 6 * n_unique * tokens / med / 1e9,
        "loss_first": losses[0] if losses else None, "loss_last": losses[-1] if losses else None,
        "torch": torch.__version__,
        "params_unique": n_unique, "params_embeddings_shared": n_emb,
        "params_gen_nonemb": sum(p.numel() for n, p in gen.named_parameters()
                                 if "embeddings." not in n and n != "generator_lm_head.weight"),
        "params_disc_nonemb": sum(p.numel() for n, p in disc.named_parameters() if "embeddings." not in n),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
