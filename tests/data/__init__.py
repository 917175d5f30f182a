"""Shared test data: labelled merge pairs, speaker labels and the quotes of the seed articles."""
