"""What a request leaves behind: spyne's request context is a reference cycle (its protocol and
event contexts point back to it), so reference counting never frees it. Left to the cyclic
collector — which a worker runs rarely (server.py: GC_GEN0; spyne's own collection is off,
wsgi.py) — each context kept its request's and answer's trees, text and results alive, and a
worker grew by megabytes a page of HentMedarbejdere (issue 13: 2.6 MiB a page of 500). When
spyne closes the context, what it holds is let go; the small cycle that remains is the
collector's."""

from __future__ import annotations

_TUNGE = ("in_string", "in_document", "in_header_doc", "in_body_doc", "in_object", "in_header",
          "out_object", "out_header", "out_document", "out_header_doc", "out_body_doc", "out_string")
_INGEN = dict.fromkeys(_TUNGE)


def slip_konteksten(ctx) -> None:
    """spyne's `method_context_closed` listener: the answer's text is already handed to the WSGI
    server (spyne chains the list it holds, not the attribute)."""
    # plain attributes of the context (none a property): set past spyne's __setattr__, which
    # judges each one
    ctx.__dict__.update(_INGEN)
    # The protocol contexts' factories of sub-contexts close over the context spyne first made and
    # then copied (it still holds the request's text and tree): without them it is freed at once.
    for protokol in (ctx.inprot_ctx, ctx.outprot_ctx):
        if protokol is not None:
            protokol.__dict__.pop("_subctx", None)
