"""Accounts: users and their EAs, web sessions, the office's account changes, passwords and tokens."""
