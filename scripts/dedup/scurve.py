#!/usr/bin/env python3
"""MinHash LSH S-curve: P(caught | J) = 1 - (1 - J^r)^b for bands b and rows r.

Prints a Markdown table of the probability that two documents with Jaccard similarity J of
their shingle sets share at least one band, for J = 0.5..1.0 in steps of 0.05, and the
threshold (1/b)^(1/r) where the curve is steepest (roughly where it crosses 1/2).

    python3 scripts/dedup/scurve.py                 # 14x8 (default), 20x5, 9x13
    python3 scripts/dedup/scurve.py 14x8 10x10
"""
import sys


def caught(j: float, bands: int, rows: int) -> float:
    return 1.0 - (1.0 - j ** rows) ** bands


def table(configs, start=0.5, stop=1.0, step=0.05):
    header = "| J | " + " | ".join(f"{b}x{r}" for b, r in configs) + " |"
    lines = [header, "|---|" + "---:|" * len(configs)]
    steps = int(round((stop - start) / step))
    for k in range(steps + 1):
        j = start + k * step
        cells = " | ".join(f"{caught(j, b, r):.4f}" for b, r in configs)
        lines.append(f"| {j:.2f} | {cells} |")
    thresholds = " | ".join(f"{(1 / b) ** (1 / r):.3f}" for b, r in configs)
    lines.append(f"| threshold (1/b)^(1/r) | {thresholds} |")
    return "\n".join(lines)


def main(argv):
    specs = argv[1:] or ["14x8", "20x5", "9x13"]
    configs = [tuple(int(x) for x in spec.split("x")) for spec in specs]
    print(table(configs))


if __name__ == "__main__":
    main(sys.argv)
