"""`grader doctor`: which isolation layers this machine gives the sandbox, and why not the others."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    # Imported here: grader/cli.py loads every command module at start-up.
    from grader.grading.sandbox import available_layers

    layers = available_layers()
    width = max(len(layer.name) for layer in layers)
    print(f"{'layer':<{width}}  active  how (or why not)")
    for layer in layers:
        print(f"{layer.name:<{width}}  {'yes' if layer.active else 'no':<6}  {layer.detail}")
    missing = [layer.name for layer in layers if not layer.active]
    print()
    if missing:
        print(f"Grading works; {len(missing)} layer(s) unavailable here: {', '.join(missing)}.")
    else:
        print("Every layer is active.")
    return 0
