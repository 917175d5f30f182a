"""Webhooks for CMS integrators: signing, URL safety, the outbox and the delivery worker."""
