"""Contacts in and plans out: CSV and vCard import, CSV / vCard / calendar export.

Readers and writers here are plain functions over text and domain values: no database
session and no UI, so each is tested on files alone. services/transfer.py writes an
import into the book; services/exporting.py reads what an export writes.
"""
