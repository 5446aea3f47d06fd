"""The audit trail: who saw or changed what, when, from where (ASVS 16.3, SPEC §7).

Entries are only ever added: the application never updates or deletes one, and on PostgreSQL a
trigger refuses UPDATE and DELETE on the table. Domain apps call ``digit.audit.services``; this
app imports none of them (docs/architecture.md), so a person is known here only by id.
"""
