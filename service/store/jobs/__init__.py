"""The job aggregate: async ingestion requests and their items (``models``, ``repository``)."""
