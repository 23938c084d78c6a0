"""What a run concluded: the results document, the plugin that builds it, the expectations it applies."""
