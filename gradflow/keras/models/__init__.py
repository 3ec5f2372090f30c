"""keras.models: Model, Sequential, and loading/cloning."""

from gradflow.keras.models.cloning import clone_model
from gradflow.keras.models.functional import Functional
from gradflow.keras.models.model import Model
from gradflow.keras.models.model_json import model_from_json
from gradflow.keras.models.sequential import Sequential
from gradflow.keras.saving.saving_api import load_model, save_model
