#!/usr/bin/env python3
"""Checks a `corpus pretrain` export against HuggingFace transformers.

usage: check_hf_export.py RUN_DIR/export [--tolerance 1e-4]

Loads the folder with `ElectraForPreTraining` or `ElectraForMaskedLM` (as its config.json names),
runs the inputs stored in corpus-check.safetensors through it in evaluation mode, and compares the
logits with the ones corpus computed for the same inputs (at real, non-padding positions).
Exit 0 when they agree within the tolerance, 1 when they do not, 2 on bad usage; when torch or
transformers cannot be imported it says so and exits 0 (skipped), so CI without them passes.
"""
import argparse
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("export")
parser.add_argument("--tolerance", type=float, default=1e-4)
args = parser.parse_args()

try:
    import torch
    import transformers
    from safetensors.torch import load_file
except ImportError as error:
    print(f"check_hf_export: skipped: {error} (install torch, transformers and safetensors to run this check)")
    sys.exit(0)

with open(f"{args.export}/config.json") as handle:
    architecture = json.load(handle)["architectures"][0]
model_class = getattr(transformers, architecture)
model = model_class.from_pretrained(args.export).eval()
check = load_file(f"{args.export}/corpus-check.safetensors")
with torch.no_grad():
    logits = model(input_ids=check["input_ids"], attention_mask=check["attention_mask"]).logits
ours = check["logits"].to(logits.dtype)
real = check["attention_mask"].bool()
difference = (logits - ours).abs()[real].max().item()
print(json.dumps({"architecture": architecture, "transformers": transformers.__version__, "torch": torch.__version__,
                  "positions": int(real.sum()), "max_abs_difference": difference, "tolerance": args.tolerance}))
if difference > args.tolerance:
    print(f"check_hf_export: FAILED: logits differ by {difference} > {args.tolerance}")
    sys.exit(1)
print("check_hf_export: ok")
