"""Which problems stop which later judgements (DOMAIN.md §4 rule 13: a rejected event yields
every problem that can be judged). An event is judged in steps — its fields, then its relations
to the other events, the child/case/leave reason it names, the account it draws from, and what
that account holds — and every step runs, except where an earlier fejl makes it meaningless.
That is decided here, once, with the reason; nowhere else."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from fravaer.domain.meddelelser import Alvor, Meddelelse


class Trin(StrEnum):
    SAMSPIL = "samspil"  # simultaneity, dependencies, exclusions (rules 6–8)
    REFERENCER = "referencer"  # the child, case or leave reason the event names
    KONTO = "konto"  # which account it draws from: the ferieår (rule 9), the child, the policy's code
    SALDO = "saldo"  # what the account holds: limits and the vacation policy (rule 11, §6)


_ALLE_SENERE = frozenset(Trin)
_FEJL = Alvor.FEJL
_SALDO = frozenset({Trin.SALDO})

# code → (the judgements it stops, why they are meaningless after it)
STOPPER: dict[str, tuple[frozenset[Trin], str]] = {
    "F001": (_ALLE_SENERE, "an unknown code has no rules, no matrix row and no account"),
    "F003": (frozenset({Trin.SAMSPIL, Trin.KONTO, Trin.SALDO}), "Til before Fra: the event has no days"),
    "F010": (_SALDO, "minutes outside 1–1440 give no cost to draw"),
    "F019": (frozenset({Trin.KONTO, Trin.SALDO}), "the named ferieår cannot hold the dates: no account"),
    "F039": (_SALDO, "no ferieår can hold the period: no account to judge"),
    "F040": (_SALDO, "the period needs two ferieår: no one account to judge"),
    "F092": (_SALDO, "the named ferieår may not be used yet: no account to judge"),
    "F093": (_SALDO, "the old ferieår's days must be used first: no one account to judge"),
    "F096": (_SALDO, "the old ferieår's days must be used first: no one account to judge"),
    "F046": (_SALDO, "no child named: no care-day account"),
    "F047": (_SALDO, "no such child: no care-day account"),
    "F048": (_SALDO, "the child belongs to the other scheme: the code draws on no account of it"),
    "F094": (_SALDO, "before the child's birth: no care-day account covers the day"),
    "F095": (_SALDO, "after the year the child turns 7: no care-day account covers the day"),
}


def stopper(meddelelser: Iterable[Meddelelse], trin: Trin) -> bool:
    """Does any fejl among `meddelelser` make the judgement `trin` meaningless?"""
    # a plain loop: asked three times per event judged, mostly of no message at all (issue 15)
    for m in meddelelser:
        if m.alvor is _FEJL and (stop := STOPPER.get(m.kode)) is not None and trin in stop[0]:
            return True
    return False
