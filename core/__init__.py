"""Plumbing below every app: error types and their API answers, text folding and Vietnamese
collation, the API's base viewsets, fields and filters, the request-scoped memo. Nothing here
knows a business model; every app may import it, it imports no app (see docs/design.md §6)."""
