"""The main job (see gradflow/examples/fashion_mnist.py): the Keras convnet on the real
Fashion-MNIST with a gf.data pipeline and fit; prints the test accuracy.

    python examples/fashion_mnist.py [--epochs 4]
"""

from gradflow.examples.fashion_mnist import cli

if __name__ == "__main__":
    cli()
