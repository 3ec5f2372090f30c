"""Keras's symbolic machinery: KerasTensor, Operation and Node (the layer-level graph
that Functional models are made of)."""
