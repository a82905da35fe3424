#!/usr/bin/env python3
"""Prints a run's pretraining and fine-tuning figures as Markdown tables, from its stats.json and
its pretrain stages' metrics.jsonl: the tables of docs/experiments.md.

    python3 scripts/experiments/results_table.py runs/electra-vs-mlm
"""
import json
import os
import sys


def last_metrics(folder):
    """The last train and validation lines of a pretrain stage's metrics.jsonl."""
    last = {}
    path = os.path.join(folder, "metrics.jsonl")
    if not os.path.exists(path):
        return last
    with open(path) as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("part") in ("train", "validation"):
                last[record["part"]] = record
    return last


def pretraining_rows(run, stages):
    print("| stage | objective | steps | FLOPs per step | FLOPs in all | last validation |")
    print("|---|---|---|---|---|---|")
    for index, stage in enumerate(stages, start=1):
        compute = stage.get("compute")
        if not compute:
            continue
        folder = os.path.join(run, f"{index:02d}-{stage['name']}")
        validation = last_metrics(folder).get("validation", {})
        figures = [f"loss {validation['loss']:.3f}"] if "loss" in validation else []
        for key, label in (("masked_accuracy", "masked acc."), ("discriminator_auc", "discriminator AUC"),
                           ("discriminator_accuracy", "discriminator acc."), ("replaced_share", "replaced share")):
            if key in validation:
                figures.append(f"{label} {validation[key]:.3f}")
        print(f"| {stage['name']} | {compute['objective']} | {compute['steps']:,} | {compute['flopsPerStep']:.3e} | "
              f"{compute['totalFLOPs']:.3e} | {', '.join(figures)} |")


def finetuning_rows(stages):
    print("\n| model | task | metric | median ×100 | min–max | std | per seed |")
    print("|---|---|---|---|---|---|---|")
    for stage in stages:
        tuning = stage.get("finetuning")
        if not tuning:
            continue
        for task in tuning["tasks"]:
            metric = task["metric"]
            figures = task[metric]
            seeds = ", ".join(f"{100 * seed[metric]:.1f}" for seed in task["seeds"])
            print(f"| {tuning['model']} | {task['name']} | {metric} | {100 * figures['median']:.1f} | "
                  f"{100 * figures['minimum']:.1f}–{100 * figures['maximum']:.1f} | {100 * figures['standardDeviation']:.1f} | {seeds} |")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: results_table.py RUN_DIR")
    run = sys.argv[1]
    with open(os.path.join(run, "stats.json")) as file:
        stats = json.load(file)
    pretraining_rows(run, stats["stages"])
    finetuning_rows(stats["stages"])


if __name__ == "__main__":
    main()
