"""Data adapters: every input fit/evaluate/predict accept, as batches of NumPy arrays."""

from gradflow.keras.trainers.data_adapters.select import get_data_adapter
