"""Commands that run the whole specification, or read its catalogue, from the command line."""
