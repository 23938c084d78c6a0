"""The error for words in a scenario that the suite cannot read."""


class WordingError(ValueError):
    """A scenario's wording could not be read: a mistake in a feature file, not in the target."""
