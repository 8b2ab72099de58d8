"""The course's published training figures, computed by the engine: `python course_figures.py`
prints them as JSON, so a test can compute them under another BLAS kernel in a child process.

Both course generations: the newer notebook initialises right after np.random.seed(3); the
older one's initialize_parameters seeded again with 2 (init_seed=2).
"""

from __future__ import annotations

import json

GENERATIONS = {"newer": None, "older": 2}
SWEEP = (1, 2, 3, 4, 5)


def course_figures() -> dict:
    from grader.engine import accuracy, load_planar_dataset, nn_model, predict

    X, Y = load_planar_dataset()
    figures = {}
    for generation, init_seed in GENERATIONS.items():
        costs = []
        trained = nn_model(X, Y, 4, num_iterations=10000, init_seed=init_seed,
                           on_cost=lambda i, cost: costs.append(f"{cost:f}"))
        sweep = [accuracy(predict(nn_model(X, Y, n_h, num_iterations=5000,
                                           init_seed=init_seed), X), Y) for n_h in SWEEP]
        figures[generation] = {"costs": costs, "accuracy": accuracy(predict(trained, X), Y),
                               "sweep": sweep}
    return figures


if __name__ == "__main__":
    print(json.dumps(course_figures()))
