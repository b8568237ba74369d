"""Vedette client: send transactions, health, errors, logs, webhooks, alerts and check-ins to a
Vedette server's ingest API from any Python 3.9+ application, with the standard library only.

    from vedette import Client
    client = Client("http://localhost:8080", key="vk_...")
    client.record_transaction("order-42", "COMPLETED", amount="19.99", currency="USD")

Record calls return at once: records wait in a bounded buffer and a daemon thread sends them in
batches, retrying on 429, 5xx and connection errors with exponential backoff. Nothing here raises
into the host application once the client is built; what is lost is counted in client.stats().
"""

from .client import Client, Stats

__all__ = ["Client", "Stats", "__version__"]
__version__ = "0.1.0"
