"""keras.callbacks."""

from gradflow.keras.callbacks.callback import Callback
from gradflow.keras.callbacks.callback_list import CallbackList
from gradflow.keras.callbacks.history import History
from gradflow.keras.callbacks.progbar_logger import ProgbarLogger
