"""Read-only assemblies: each module builds what one screen or one API answer shows."""
