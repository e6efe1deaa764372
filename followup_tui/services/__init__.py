"""The service layer: one function per user action, each one transaction.

One module per feature (calls, undo, contacts, contact_views, orders, backorders,
parties, team, scripts, glance, transfer, settings) over a shared write kernel (_runs:
runs and touches; _unit: one transaction with the library and her rules); adding is
the Core-only path of `followup add`. Callers import the feature module and look names
up on it (`orders.record_order(...)`).

This file imports nothing: a shell `followup add` loads adding, _unit and settings
(and db.rows) only, and must not map the ORM classes every other module needs.
"""
