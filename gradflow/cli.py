"""The `gradflow` command: `gradflow demo` trains the main job (Fashion-MNIST convnet)."""

from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    """Entry point of the `gradflow` console script.

    Args:
        argv: the arguments (sys.argv[1:] by default).

    Returns:
        The process exit status.
    """
    parser = argparse.ArgumentParser(prog="gradflow", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "demo",
        help="train the Keras convnet on Fashion-MNIST "
        "(options: --epochs, --batch-size, --limit, --seed)",
    )
    commands.add_parser("version", help="print gradflow's version")
    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "demo":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "version":
        import gradflow

        print(gradflow.__version__)
        return 0
    from gradflow.examples import fashion_mnist

    fashion_mnist.cli(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
