"""Survey and unsafe-place pages."""
