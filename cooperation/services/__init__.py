"""Writes that touch several models. Admin actions, API views and commands call these."""
