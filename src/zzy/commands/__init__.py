"""The command groups of the zzy CLI, one module each; ``zzy.cli`` joins them."""
