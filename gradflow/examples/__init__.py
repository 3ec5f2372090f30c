"""Runnable end-to-end programs shipped with gradflow (`python -m gradflow.examples.<name>`
or `gradflow demo`)."""
