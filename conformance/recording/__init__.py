"""The service's answers, redacted and kept per requirement, and their comparison with another run's."""
