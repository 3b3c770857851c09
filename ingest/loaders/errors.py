class UnreadableFile(Exception):
    """A file that cannot be ingested; the message is the reason shown to the user."""
