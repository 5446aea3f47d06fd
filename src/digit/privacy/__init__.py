"""Personal-data rights across every app: a person's own download (GDPR Art. 15), the
retention schedule that deletes or pseudonymises data after a programme (arkivlagen's
gallring, the funder's minimum first), and erasure of one person on request."""
