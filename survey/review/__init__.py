"""Reviewing households: the actions on a version (approve, return, reopen, waive), the queue, the history."""
