"""What the sandbox's layers cost: per-Call latency in each mode (a quick measurement script,
not a test; the benchmarks proper live in bench/).

    .venv/bin/python tests/sandbox/measure_layers.py [repeats]

Modes: inprocess (no process: the floor), fork (the fork server with its OS layers switched
off: rlimits, guard, caps only), full (every layer), plain (a fresh Python per Call).
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from grader.grading.calls import Call, Case, Limits
from grader.grading.sandbox import runner, zygote

SOURCE = '''
import numpy as np
def forward_propagation(X, parameters):
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
'''


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rng = np.random.default_rng(1)
    params = {"W1": rng.standard_normal((4, 2)), "b1": np.zeros((4, 1)),
              "W2": rng.standard_normal((1, 4)), "b2": np.zeros((1, 1))}
    call = Call("forward_propagation", (Case((rng.standard_normal((2, 400)), params)),))
    limits = Limits()
    env, protected = runner.child_env("/tmp"), runner.protected_paths()

    t = time.monotonic()
    full_server = zygote.get(env, protected)
    full_server.wait_ready()
    start_full = time.monotonic() - t
    t = time.monotonic()
    bare_server = zygote.ForkServer(env, protected, namespaces=False)
    bare_server.wait_ready()
    start_bare = time.monotonic() - t

    modes = {
        "inprocess": lambda: runner.run_inprocess(SOURCE, "s.py", call, {}, limits),
        "fork": lambda: runner.run_full(SOURCE, "s.py", call, {}, limits, bare_server),
        "full": lambda: runner.run_full(SOURCE, "s.py", call, {}, limits, full_server),
        "plain": lambda: runner.run_plain(SOURCE, "s.py", call, {}, limits),
    }
    print(f"fork server start-up: full {start_full * 1000:.0f} ms, without namespaces "
          f"{start_bare * 1000:.0f} ms")
    print(f"per-Call latency over {repeats} calls (median / p90, ms):")
    for name, run in modes.items():
        run()  # warm
        times = []
        for _ in range(repeats if name != "plain" else max(3, repeats // 4)):
            t = time.monotonic()
            outcome = run()
            times.append((time.monotonic() - t) * 1000)
            assert outcome.status == "ok", outcome
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1] if len(times) > 1 else times[0]
        print(f"  {name:<10} {statistics.median(times):7.1f} / {p90:7.1f}")
    t = time.monotonic()
    outs = runner.run_calls(SOURCE, "s.py", [call] * 10, limits=limits, isolation="full")
    assert all(o.status == "ok" for o in outs)
    print(f"10 Calls through run_calls(full), fork server warm: {(time.monotonic() - t) * 1000:.0f} ms")
    t = time.monotonic()
    runner.run_calls(SOURCE, "s.py", [call] * 10, limits=limits, isolation="inprocess")
    print(f"10 Calls through run_calls(inprocess): {(time.monotonic() - t) * 1000:.0f} ms")
    bare_server.close()


if __name__ == "__main__":
    main()
