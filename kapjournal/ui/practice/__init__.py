"""The therapist's practice window: unlock, the patients list, one patient's course, notes."""
