"""Test support: the op table and harnesses that drive the generic op tests."""
