def load_people(command, options):
    """Generate the synthetic HR export and import it through the real import path."""
