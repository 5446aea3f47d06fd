def simulate_waves(command, options):
    """Baseline and follow-up waves with realistic answers (filled in by the measurement work)."""
