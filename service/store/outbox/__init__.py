"""The outbox aggregate: change events written with their change (``events``), the webhooks subscribed
to them (``webhooks``, ``admin``) and each event's deliveries (``deliveries``)."""
