def home_panel(request):
    """(template, context) for this app's part of the start page, or None."""
    return None
