"""`grader train DATASET`: train the reference network and print its cost and accuracy."""

from __future__ import annotations

import argparse

from grader.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dataset", help="flower, noisy_circles, noisy_moons, blobs, "
                                        "gaussian_quantiles or no_structure")
    parser.add_argument("--hidden", type=int, default=4, help="hidden units (default 4)")
    parser.add_argument("--iterations", type=int, default=10000,
                        help="gradient-descent steps (default 10000)")
    parser.add_argument("--learning-rate", type=float, default=1.2,
                        help="step size (default 1.2)")


def run(args: argparse.Namespace) -> int:
    from grader import engine

    if args.dataset not in engine.DATASETS:
        raise UserError(f"unknown dataset '{args.dataset}'; known datasets: "
                        f"{', '.join(engine.DATASETS)}")
    if args.hidden < 1:
        raise UserError(f"--hidden must be at least 1, not {args.hidden}")
    if args.iterations < 1:
        raise UserError(f"--iterations must be at least 1, not {args.iterations}")
    if not args.learning_rate > 0:
        raise UserError(f"--learning-rate must be positive, not {args.learning_rate}")
    X, Y = engine.load_dataset(args.dataset)
    print(f"Training on {args.dataset}: {X.shape[1]} examples, {args.hidden} hidden units, "
          f"{args.iterations} iterations, learning rate {args.learning_rate:g}")
    parameters = engine.nn_model(
        X, Y, args.hidden, num_iterations=args.iterations, learning_rate=args.learning_rate,
        on_cost=lambda i, cost: print(f"Cost after iteration {i}: {cost:f}", flush=True))
    correct = engine.accuracy(engine.predict(parameters, X), Y)
    print(f"Training accuracy: {correct:.1f}%")
    return 0
