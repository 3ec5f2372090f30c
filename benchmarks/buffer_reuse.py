"""The buffer-reuse pass on the NumPy executor: one training step of a 784-512-512-10 MLP
(batch 128, Adam written in gf ops), run by the same optimized graph with and without
the pass, side by side.

    python benchmarks/buffer_reuse.py [--steps 5] [--repeats 31]

(On a shared machine, OPENBLAS_NUM_THREADS=1 steadies the times: the matmuls then do not
spin on cores that other processes hold.)

Prints what each pass of the pipeline removes from the traced step, what the buffer
plan does, then the median wall-clock and CPU milliseconds per step and the peak memory
a step allocates (tracemalloc, above what is held before the step), and checks that
both runs train to identical numbers. The two variants alternate, repeat by repeat, so
that other load on the machine falls on both alike.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.graph.interpret import Program
from gradflow.graph.passes import optimize
from gradflow.graph.passes.buffer_reuse import summarize

SIZES = (784, 512, 512, 10)
BATCH = 128


def make_step(rng, lr=1e-3, b1=0.9, b2=0.999, eps=1e-7):
    """The MLP training step (the function gf.function traces) and its variables."""
    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        scale = np.sqrt(2.0 / n_in)
        params.append(gf.Variable((rng.standard_normal((n_in, n_out)) * scale).astype(np.float32)))
        params.append(gf.Variable(np.zeros(n_out, np.float32)))
    m = [gf.Variable(np.zeros(p.shape, np.float32), trainable=False) for p in params]
    v = [gf.Variable(np.zeros(p.shape, np.float32), trainable=False) for p in params]
    t = gf.Variable(0.0, trainable=False)

    def step(x, y):
        with gf.GradientTape() as tape:
            h = x
            for i in range(0, len(params) - 2, 2):
                h = gf.nn.relu(h @ params[i] + params[i + 1])
            logits = h @ params[-2] + params[-1]
            loss = gnp.mean(gf.nn.sparse_categorical_crossentropy(y, logits, from_logits=True))
        grads = tape.gradient(loss, params)
        t.assign_add(1.0)
        correction = gnp.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        for p, g, mi, vi in zip(params, grads, m, v):
            mi.assign(b1 * mi + (1.0 - b1) * g)
            vi.assign(b2 * vi + (1.0 - b2) * g * g)
            p.assign_sub(lr * correction * mi / (gnp.sqrt(vi) + eps))
        return loss

    return step


class Trainer:
    """Runs a Program as gf.function would: state in, final state written back."""

    def __init__(self, program: Program, state: list, inputs: list):
        self.program, self.state, self.inputs = program, [s.copy() for s in state], inputs
        self.losses: list[float] = []

    def __call__(self) -> None:
        outputs, updates = self.program.run(self.inputs, self.state)
        for position, array in updates:
            self.state[position] = array
        self.losses.append(float(outputs[0]))


def per_step_ms(fn, steps: int) -> tuple[float, float]:
    """Wall-clock and CPU (this process, all threads) milliseconds per step."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(steps):
        fn()
    return (
        (time.perf_counter() - wall) / steps * 1e3,
        (time.process_time() - cpu) / steps * 1e3,
    )


def peak_mib(fn, repeats: int) -> float:
    """The median, over single steps, of the most memory a step holds above its start."""
    peaks = []
    tracemalloc.start()
    try:
        for _ in range(repeats):
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            fn()
            peaks.append((tracemalloc.get_traced_memory()[1] - before) / 2**20)
    finally:
        tracemalloc.stop()
    return statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=31)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, SIZES[0])).astype(np.float32)
    y = rng.integers(0, SIZES[-1], BATCH).astype(np.int32)
    traced = gf.function(make_step(rng)).get_concrete_function(x, y).traced_graph

    report: list = []
    with_plan = optimize(traced, report)
    print("graph passes on the traced MLP step (nodes before -> after):")
    for name, before, after in report:
        print(f"  {name:<18} {before:4d} -> {after:4d}   ({before - after} removed)")
    print(f"  {summarize(with_plan)}")

    state = [v.numpy() for v in traced.variables]
    runs = {
        "without buffer reuse": Trainer(
            Program(optimize(traced, skip=("buffer_reuse",))), state, [x, y]
        ),
        "with buffer reuse": Trainer(Program(with_plan), state, [x, y]),
    }
    for run in runs.values():
        run()  # warm up
    walls, cpus = {name: [] for name in runs}, {name: [] for name in runs}
    for _ in range(args.repeats):  # interleaved, so load on the machine hits both alike
        for name, run in runs.items():
            wall, cpu = per_step_ms(run, args.steps)
            walls[name].append(wall)
            cpus[name].append(cpu)
    peaks = {name: peak_mib(run, args.repeats) for name, run in runs.items()}

    without, with_ = runs.values()
    identical = with_.losses == without.losses and all(
        np.array_equal(a, b) for a, b in zip(with_.state, without.state)
    )
    base_ms = statistics.median(walls["without buffer reuse"])
    base_cpu = statistics.median(cpus["without buffer reuse"])
    base_mib = peaks["without buffer reuse"]
    print(
        f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, Adam; NumPy executor; median of "
        f"{args.repeats} x {args.steps} steps (time) and of {args.repeats} steps (memory)"
    )
    for name in runs:
        ms, cpu, mib = statistics.median(walls[name]), statistics.median(cpus[name]), peaks[name]
        print(
            f"  {name:<22} {ms:7.2f} ms/step ({ms / base_ms:4.2f}x)   "
            f"cpu {cpu:7.2f} ms/step ({cpu / base_cpu:4.2f}x)   "
            f"peak {mib:6.2f} MiB/step ({mib / base_mib:4.2f}x)"
        )
    results_mib = sum(with_.state[p].nbytes for p in with_plan.updates) / 2**20
    print(
        f"  the step's results alone (new values of the {len(with_plan.updates)} updated "
        f"variables) take {results_mib:.2f} MiB of each peak"
    )
    steps = len(with_.losses)
    print(f"  identical losses and weights after {steps} steps: {identical}")
    if not identical:
        raise SystemExit("buffer reuse changed the results")


if __name__ == "__main__":
    main()
