def refresh(command, options):
    """Refresh the stored goal figures after the demo data are in."""
