"""The council documents assistant: CLI and HTTP service over the hybrid index."""
