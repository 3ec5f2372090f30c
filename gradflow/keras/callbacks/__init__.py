"""keras.callbacks."""

from gradflow.keras.callbacks.backup_and_restore import BackupAndRestore
from gradflow.keras.callbacks.callback import Callback
from gradflow.keras.callbacks.callback_list import CallbackList
from gradflow.keras.callbacks.csv_logger import CSVLogger
from gradflow.keras.callbacks.early_stopping import EarlyStopping
from gradflow.keras.callbacks.history import History
from gradflow.keras.callbacks.lambda_callback import LambdaCallback
from gradflow.keras.callbacks.learning_rate_scheduler import LearningRateScheduler
from gradflow.keras.callbacks.model_checkpoint import ModelCheckpoint
from gradflow.keras.callbacks.monitor_callback import MonitorCallback
from gradflow.keras.callbacks.progbar_logger import ProgbarLogger
from gradflow.keras.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from gradflow.keras.callbacks.swap_ema_weights import SwapEMAWeights
from gradflow.keras.callbacks.terminate_on_nan import TerminateOnNaN
