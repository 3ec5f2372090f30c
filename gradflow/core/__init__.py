"""The core: specs, tensors, variables, the primitive mechanism and the tape."""
