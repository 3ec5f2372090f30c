"""keras.utils."""

from gradflow.keras.utils.file_utils import get_file
from gradflow.keras.utils.numerical_utils import normalize, to_categorical
from gradflow.keras.utils.progbar import Progbar
from gradflow.keras.utils.py_dataset import PyDataset
from gradflow.keras.utils.sequence_utils import pad_sequences
