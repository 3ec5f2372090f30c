"""keras.utils."""

from gradflow.keras.utils.dataset_utils import split_dataset
from gradflow.keras.utils.file_utils import get_file
from gradflow.keras.utils.image_dataset_utils import image_dataset_from_directory
from gradflow.keras.utils.numerical_utils import normalize, to_categorical
from gradflow.keras.utils.progbar import Progbar
from gradflow.keras.utils.py_dataset import PyDataset
from gradflow.keras.utils.sequence_utils import pad_sequences
from gradflow.keras.utils.text_dataset_utils import text_dataset_from_directory
from gradflow.keras.utils.timeseries_dataset_utils import timeseries_dataset_from_array
