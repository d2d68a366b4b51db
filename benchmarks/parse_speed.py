"""Benchmark: CPU a parse worker spends per metric, by pipeline rule (no database, no worker pool).

Prints a table; asserts nothing; never run by the test suite. Usage:

    .venv/bin/python benchmarks/parse_speed.py [--copies 200] [--workers 2] [--passes 3]

The documents are those of `benchmarks/load_speed.py` (`make_copies`: every
seed and fixture, copied `--copies` times in all). A parse worker of a load
with `--workers` workers parses about every `--workers`-th of them, its
caches starting empty, so each pass parses that share in a fresh process
(one document first, so imports are not counted) and times each rule of
`loaders.pipeline.RULES`, the decoding before them and the rest of
`parse_document` in CPU seconds. The best of `--passes` passes is printed
(the CPU of a shared machine varies from pass to pass). What a load adds to
this (handing the parsed document back to the writer, the pool) is measured
by `load_speed.py`'s "workers CPU ms/metric".
"""

import argparse
import ast
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def one_pass(folder, workers):
    """{stage: CPU seconds} and the metrics parsed, for one worker's share of the documents."""
    from loaders import load, pipeline
    from loaders.reading.decode import DocumentError

    spent = dict.fromkeys(["decode"] + [name for name, _rule in pipeline.RULES], 0.0)

    def timed(name, function):
        def run(*args):
            start = time.process_time()
            try:
                return function(*args)
            finally:
                spent[name] += time.process_time() - start

        return run

    pipeline.RULES[:] = [(name, timed(name, rule)) for name, rule in pipeline.RULES]
    load.decode_document = timed("decode", load.decode_document)
    paths = sorted(folder.iterdir())[::workers]
    documents = [(path.name, path.read_bytes()) for path in paths]
    first_name, first_data = documents[0]
    load.parse_document(first_data, first_name)
    spent.update(dict.fromkeys(spent, 0.0))
    metrics, start = 0, time.process_time()
    for name, data in documents:
        try:
            metrics += len(load.parse_document(data, name)[1].metrics)
        except DocumentError:
            pass
    spent["rest"] = time.process_time() - start - sum(spent.values())
    return spent, metrics


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200, help="documents in all (as load_speed)")
    parser.add_argument("--workers", type=int, default=2, help="parse workers the load would have")
    parser.add_argument("--passes", type=int, default=3, help="passes, each in a fresh process")
    parser.add_argument("--pass-in", type=Path, help=argparse.SUPPRESS)  # one pass, in this process
    args = parser.parse_args(argv)
    if args.pass_in:
        print(repr(one_pass(args.pass_in, args.workers)))
        return
    from benchmarks.load_speed import make_copies

    with tempfile.TemporaryDirectory() as folder:
        make_copies(Path(folder), args.copies)
        command = [sys.executable, __file__, "--workers", str(args.workers), "--pass-in", folder]
        runs = [
            ast.literal_eval(
                subprocess.run(command, capture_output=True, text=True, check=True).stdout
            )
            for _ in range(args.passes)
        ]
    metrics = runs[0][1]
    print(
        f"{args.copies} documents, one worker of {args.workers}: {metrics:,} metrics, cores {os.cpu_count()}"
    )
    print()
    print("| stage | CPU ms (best pass) | ms/metric |")
    print("| --- | --- | --- |")
    for stage in runs[0][0]:
        best = min(spent[stage] for spent, _metrics in runs)
        print(f"| {stage} | {best * 1000:.1f} | {best * 1000 / metrics:.4f} |")
    total = min(sum(spent.values()) for spent, _metrics in runs)
    print(f"| total | {total * 1000:.1f} | {total * 1000 / metrics:.4f} |")


if __name__ == "__main__":
    main()
