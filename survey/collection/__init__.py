"""Collecting households: the entry form's data, drafts, explanations, submitting (one at a time or grouped), file import, the sampling frame, revalidation."""
