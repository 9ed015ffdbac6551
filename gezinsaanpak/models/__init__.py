"""Domain models, one module per aggregate."""
