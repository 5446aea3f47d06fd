def populate_learning(command, options):
    """Catalogue, sessions, enrolments, attendance, reflections, groups, role models."""
