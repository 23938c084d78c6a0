"""Step definitions: each sentence of the features, translated into one call on the harness."""
