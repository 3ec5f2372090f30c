"""Training machinery: compile/fit/evaluate/predict, data adapters, epoch iteration."""
