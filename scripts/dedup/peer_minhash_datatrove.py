#!/usr/bin/env python3
"""datatrove's MinHash dedup (its four stages, one task each, one process) on a JSONL file, timed
per stage, for the per-core comparison with `corpus dedup --method minhash`.

Defaults are datatrove's MinhashConfig, which are FineWeb's: 5-grams, 14 buckets x 8 hashes;
64-bit hashes to match corpus.

    /work/.peers/venv/bin/python scripts/dedup/peer_minhash_datatrove.py /work/bench-data/debian-docs.jsonl /tmp/dt-minhash
"""
import os
import shutil
import sys
import time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers.jsonl import JsonlWriter
from datatrove.utils.hashing import HashConfig


def main():
    source, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    folder, name = os.path.split(os.path.abspath(source))
    config = MinhashConfig(hash_config=HashConfig(precision=64))

    def reader():
        return JsonlReader(folder, glob_pattern=name, text_key="text", id_key="id", compression=None)

    stages = [
        ("signatures", [reader(), MinhashDedupSignature(output_folder=f"{work}/signatures", config=config)], 1),
        ("buckets", [MinhashDedupBuckets(input_folder=f"{work}/signatures", output_folder=f"{work}/buckets", config=config)],
         config.num_buckets),
        ("cluster", [MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove_ids", config=config)], 1),
        ("filter", [reader(), MinhashDedupFilter(input_folder=f"{work}/remove_ids",
                                                 exclusion_writer=JsonlWriter(f"{work}/removed", compression=None)),
                    JsonlWriter(f"{work}/output", compression=None)], 1),
    ]
    total = 0.0
    for label, pipeline, tasks in stages:
        start = time.time()
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=1, logging_dir=f"{work}/logs/{label}").run()
        elapsed = time.time() - start
        total += elapsed
        print(f"{label}: {elapsed:.2f} s", file=sys.stderr)
    print(f"total: {total:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
