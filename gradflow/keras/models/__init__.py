"""keras.models: Model, Sequential, and loading/cloning."""

from gradflow.keras.models.functional import Functional
from gradflow.keras.models.model import Model
from gradflow.keras.models.sequential import Sequential
