"""Use cases: one function per thing a client can ask, each inside one transaction."""
