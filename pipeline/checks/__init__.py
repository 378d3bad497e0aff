"""What a figure must pass before it enters a build: validation of values and periods, disclosure control."""
