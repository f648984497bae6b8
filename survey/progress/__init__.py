"""Progress of the field work: status counts and the three no-miss figures."""
