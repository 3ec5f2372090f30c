"""Per-node overhead of the NumPy graph executor vs eager dispatch, on a chain of small ops.

    python benchmarks/graph_overhead.py [--nodes 10000]

Prints microseconds per op for: plain NumPy (the floor), gradflow eager, and the traced
graph run by the NumPy executor; medians of several repeats.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import gradflow as gf


def chain(x, n: int):
    for i in range(n):
        x = x * 1.0001 if i % 2 else x + 0.5
    return x


def numpy_chain(x, n: int):
    a, b = np.float32(1.0001), np.float32(0.5)
    for i in range(n):
        x = x * a if i % 2 else x + b
    return x


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    n = args.nodes
    x_np = np.ones((4,), np.float32)
    x = gf.constant(x_np)
    f = gf.function(lambda x: chain(x, n))
    f(x)  # trace once
    graph_nodes = len(f.get_concrete_function(x).graph.nodes)
    t_numpy = median_time(lambda: numpy_chain(x_np, n), args.repeats)
    t_eager = median_time(lambda: chain(x, n), args.repeats)
    t_graph = median_time(lambda: f(x), args.repeats)
    print(f"chain of {n} small ops (graph: {graph_nodes} nodes after optimization)")
    print(f"  numpy loop      {t_numpy / n * 1e6:7.2f} us/op")
    eager_us, graph_us = t_eager / n * 1e6, t_graph / graph_nodes * 1e6
    print(f"  gradflow eager  {eager_us:7.2f} us/op   ({t_eager / t_numpy:.1f}x numpy)")
    print(f"  gradflow graph  {graph_us:7.2f} us/node ({t_graph / t_numpy:.1f}x numpy)")
    print(f"  graph vs eager  {t_eager / t_graph:.1f}x faster")


if __name__ == "__main__":
    main()
