"""Finding the employment a client names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fravaer.domain.adgang import HELE, Tilknytning, Udsnit, altid_egen, laeseret
from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent, PersonIdent
from fravaer.domain.brugere import Bruger
from fravaer.domain.meddelelser import Afvist, Meddelelse, meddelelse
from fravaer.domain.personale import enheder_under
from fravaer.service.ports import UnitOfWork


def ukendt(ident: AnsaettelsesIdent | PersonIdent) -> Meddelelse:
    return meddelelse("F030", "Ansaettelse", ansaettelse=ident.vis())


def med_forloeb(uow: UnitOfWork, ansaettelser: list[Ansaettelse]) -> list[Ansaettelse]:
    """The employments with their relationship over time, so that every rule reads the hours,
    pay form and PKAT in force on the dates it judges (one query for all of them)."""
    ids = [a.id for a in ansaettelser if not a.forloeb]
    forloeb = uow.historik.forloeb(ids) if ids else None
    if not forloeb:  # (the usual: read with its history already, or it has one period)
        return list(ansaettelser)
    return [a.med_forloeb(forloeb[a.id]) if a.id in forloeb else a for a in ansaettelser]


def problem_med(uow: UnitOfWork, ident: AnsaettelsesIdent, laas: bool = False,
                bruger: Bruger | None = None,
                og_laes: Callable[[Ansaettelse], Callable[[], object]] | None = None
                ) -> tuple[Ansaettelse | None, Meddelelse | None]:
    """The employment, or why not. An employment of an institution the user may not see is
    answered exactly as one that does not exist: ids cannot be probed."""
    if not ident.fuldstaendig:
        return None, meddelelse("F023", "Ansaettelse")
    gaet = _forud_med_laasen(uow, ident, og_laes) if laas and og_laes is not None else None
    # (PostgreSQL) what the employment lacks, read after the lock in its round trip, spares the
    # reads of it (AnsaettelseRepository.efter_laasen): the next round trip's, or with a guess
    # those sent with the lock (_forud_med_laasen)
    efter = laas and og_laes is not None and uow.session.samler_laesninger
    if efter and gaet is None:
        def med_efter_laasen():
            uow.ansaettelser.find(ident, True)
            uow.ansaettelser.efter_laasen(ident)
        uow.session.laes_sammen(med_efter_laasen)
    fundne = uow.ansaettelser.find(ident, laas)
    if efter:
        # (asked about the guessed employment by its id when the lock found it; else by the key)
        gaettet = None if gaet is None else next(
            (f for f in fundne if f.id == gaet[0].id and f.cpr == gaet[0].cpr), None)
        uow.ansaettelser.efter_laasen(ident, laaste=[f.id for f in fundne], gaet=gaettet)
    a, fejl = _den_ene(ident, fundne, bruger)
    if gaet is not None and a == gaet[0] and not fejl and all(
            v == uow.referencer.version() for v in gaet[1]):
        return med_forloeb(uow, [a])[0], None  # its reads came with the lock
    if a is not None and not fejl and og_laes is not None and uow.session.samler_laesninger:
        annoncer = og_laes(a)  # outside the announcement: what it needs to know may be read

        def med_forloebet():
            uow.historik.forloeb([a.id])
            annoncer()
        uow.session.laes_sammen(med_forloebet)
    return (med_forloeb(uow, [a])[0] if a else None), fejl


def _forud_med_laasen(uow: UnitOfWork, ident: AnsaettelsesIdent,
                     og_laes: Callable[[Ansaettelse], Callable[[], object]]
                     ) -> tuple[Ansaettelse, list[int]] | None:
    """Where reads go together (PostgreSQL): the reads `og_laes` announces for the employment a
    locking find of this tjenestenummer last found in this process (a guess), and its history,
    sent with the lock (and the transaction's BEGIN) in its round trip — one round trip, not two.
    They run after the lock, in its transaction, as they would in the next; they are used only
    if the employment locked is the one guessed and the reference data they were chosen by are
    still the database's (the guess and the versions it was made with, returned; None: no guess,
    nothing sent). A wrong guess wastes those reads and costs no more round trips than before.
    What the employment lacked at its last write here (AnsaettelseRepository.gaettet_tomt) is not
    read with them: the read after the lock (efter_laasen, sent with them) says what it lacks
    now, and what it has that the guess skipped is read after, as without a guess."""
    if not uow.session.samler_laesninger:
        return None
    g = uow.ansaettelser.gaet(ident)
    if g is None:
        return None
    try:
        with uow.referencer.foreloebig() as versioner:  # only what the process holds: no read
            annoncer = og_laes(g)
    except LookupError:  # the guess needs what is not held: no reads ahead
        return None

    def med_laasen():
        uow.ansaettelser.find(ident, True)
        uow.ansaettelser.efter_laasen(ident, gaet=g)
        with uow.ansaettelser.gaettet_tomt(g.id):
            uow.historik.forloeb([g.id])
            annoncer()
    uow.session.laes_sammen(med_laasen)
    return g, versioner


def _den_ene(ident: AnsaettelsesIdent, fundne: list[Ansaettelse], bruger: Bruger | None
             ) -> tuple[Ansaettelse | None, Meddelelse | None]:
    if bruger is not None:
        fundne = [a for a in fundne if bruger.maa_laese(a.institution_kode)]
    if not fundne:
        return None, ukendt(ident)
    a = fundne[0]
    begge = ident.tjenestenummer and ident.cpr and ident.loebenummer is not None
    if len(fundne) > 1 or (begge and (a.tjenestenummer != ident.tjenestenummer or a.cpr != ident.cpr
                                       or a.loebenummer != ident.loebenummer)):
        return None, meddelelse("F024", "Ansaettelse", tjenestenummer=ident.tjenestenummer)
    return a, None


def find_ansaettelse(uow: UnitOfWork, ident: AnsaettelsesIdent, laas: bool = False,
                     bruger: Bruger | None = None,
                     og_laes: Callable[[Ansaettelse], Callable[[], object]] | None = None,
                     kendt: Ansaettelse | None = None) -> Ansaettelse:
    """The one employment `ident` names; with `laas`, locked for the rest of the transaction so
    that concurrent writers for it take turns (the simultaneity rules read, then write).
    `og_laes(a)` gives what announces the reads the caller will make next: they go in one round
    trip with the employment's history (Kerne.laes_sammen). `kendt`: an employment read in this
    transaction after its lock, which `bruger` may read: when `ident` names it by a unique key
    alone (its tjenestenummer, or its CPR and løbenummer), it is the one, not read again."""
    if kendt is not None and not laas and naevner_alene(ident, kendt) \
            and (bruger is None or bruger.maa_laese(kendt.institution_kode)):
        return med_forloeb(uow, [kendt])[0]
    return _fundet(*problem_med(uow, ident, laas, bruger, og_laes))


def naevner_alene(ident: AnsaettelsesIdent, a: Ansaettelse) -> bool:
    """Whether the employments `ident` names (AnsaettelseRepository.find: by one key when only
    one is given) are just `a`: both keys are unique."""
    cpr = ident.cpr if ident.cpr and ident.loebenummer is not None else None
    if ident.tjenestenummer:
        return cpr is None and a.tjenestenummer == ident.tjenestenummer
    return cpr is not None and a.cpr == cpr and a.loebenummer == ident.loebenummer


def ansaettelsen(uow: UnitOfWork, ansaettelse_id: int) -> Ansaettelse:
    """The employment a stored row names (an event's): it exists, a foreign key says so."""
    a = uow.ansaettelser.hent(ansaettelse_id)
    if a is None:
        raise LookupError(f"ansættelse {ansaettelse_id} findes ikke")
    return a


def _fundet(a: Ansaettelse | None, fejl: Meddelelse | None) -> Ansaettelse:
    """The employment, or the refusal saying why there is none (one of the two is given)."""
    if fejl is not None:
        raise Afvist([fejl])
    if a is None:
        raise ValueError("hverken en ansættelse eller en fejl")
    return a


def find_ansaettelser(uow: UnitOfWork, idents: list[AnsaettelsesIdent],
                      bruger: Bruger | None = None) -> list[Ansaettelse]:
    """All of them, or a rejection naming every one that cannot be found. Read in two queries
    however many are asked for."""
    return med_forloeb(uow, _hver_sin(idents, _kendte(uow, idents), bruger))


def _kendte(uow: UnitOfWork, idents: list[AnsaettelsesIdent]) -> list[Ansaettelse]:
    """Every employment any of `idents` may name, in one query."""
    return uow.ansaettelser.find_mange(
        {i.tjenestenummer for i in idents if i.tjenestenummer},
        {(i.cpr, i.loebenummer) for i in idents if i.cpr and i.loebenummer is not None})


def _hver_sin(idents: list[AnsaettelsesIdent], kendte: list[Ansaettelse], bruger: Bruger | None
              ) -> list[Ansaettelse]:
    """The one employment of `kendte` each ident names, or a rejection naming every problem."""
    fundne = _hver_for_sig(idents, kendte, bruger)
    fejl = [problem for _, problem in fundne if problem]
    if fejl:
        raise Afvist(fejl)
    return [a for a, _ in fundne if a is not None]  # each has one: no problem was found


def _hver_for_sig(idents: list[AnsaettelsesIdent], kendte: list[Ansaettelse], bruger: Bruger | None
                  ) -> list[tuple[Ansaettelse | None, Meddelelse | None]]:
    """Per ident: the one employment of `kendte` it names, or why not."""
    pr_tjnr: dict[str | None, Ansaettelse] = {a.tjenestenummer: a for a in kendte if a.tjenestenummer}
    pr_cpr: dict[tuple[str | None, int | None], Ansaettelse] = {(a.cpr, a.loebenummer): a for a in kendte}
    svar: list[tuple[Ansaettelse | None, Meddelelse | None]] = []
    for ident in idents:
        tjnr = ident.tjenestenummer
        if tjnr and not ident.cpr:
            # by tjenestenummer alone (a HentKvoter's thousand, mostly): the one found, when no
            # other is named and the user may read it, is what _den_ene answers (without its call)
            a = pr_tjnr.get(tjnr)
            if a is not None and pr_cpr.get((ident.cpr, ident.loebenummer), a) is a \
                    and (bruger is None or bruger.maa_laese(a.institution_kode)):
                svar.append((a, None))
                continue
        if not ident.fuldstaendig:
            svar.append((None, meddelelse("F023", "Ansaettelse")))
            continue
        # the one or two it may name, once each (the two dicts hold the same objects)
        a, b = pr_tjnr.get(ident.tjenestenummer), pr_cpr.get((ident.cpr, ident.loebenummer))
        kandidater = ([] if b is None else [b]) if a is None else [a] if b is None or b is a else [a, b]
        svar.append(_den_ene(ident, kandidater, bruger))
    return svar


def find_hver(uow: UnitOfWork, idents: list[AnsaettelsesIdent], bruger: Bruger | None = None
              ) -> list[tuple[Ansaettelse | None, Meddelelse | None]]:
    """Per ident the employment it names (with its history) or why not, each on its own (mass
    registration refuses one registration, not the batch). Read in two queries however many."""
    fundne = _hver_for_sig(idents, _kendte(uow, idents), bruger)
    med = {a.id: a for a in med_forloeb(uow, list({a.id: a for a, _ in fundne if a}.values()))}
    return [(med[a.id] if a else None, problem) for a, problem in fundne]


def enhedens_ider(uow: UnitOfWork, institution: str, enhed: str) -> set[int]:
    """The ids of an institution's unit (by its code) and of every unit below it."""
    enheder = uow.enheder.alle([institution])
    rod = next((i for i, (e, _) in enheder.items() if e.kode == enhed), None)
    if rod is None:
        raise Afvist([meddelelse("F089", "Enhed", enhed=enhed, institution=institution)])
    return enheder_under({i: op for i, (_, op) in enheder.items()}, rod)


def institutionens(uow: UnitOfWork, institution: str, enhed: str | None = None, side: int = 1000
                   ) -> list[Ansaettelse]:
    """Every employment of an institution, or of a unit and the units under it, in id order, with
    their relationship over time (read in pages of `side`)."""
    under = enhedens_ider(uow, institution, enhed) if enhed is not None else None
    ud: list[Ansaettelse] = []
    efter = 0
    while stykke := uow.ansaettelser.side([institution], efter, side):
        ud += [a for a in stykke if under is None or a.enhed_id in under]
        efter = stykke[-1].id
    return med_forloeb(uow, ud)


def laesbart_fravaer(uow: UnitOfWork, hvem: AnsaettelsesIdent | PersonIdent, bruger: Bruger,
                     idag: date) -> list[tuple[Ansaettelse, tuple[Udsnit, ...]]]:
    """The employments `hvem` names whose absence `bruger` may read, each with the dates and codes
    it may read (domain.adgang: the rights model of docs/RETTIGHEDER.md). A person or an
    employment of which nothing may be read is answered exactly as one that does not exist, so
    that other institutions' employees cannot be probed. Employments in løbenummer order."""
    if isinstance(hvem, PersonIdent):
        person = uow.ansaettelser.af_person(hvem.cpr)
        ret = _laeseret(uow, bruger, person, idag)
        fundne = sorted((a for a in person if a.id in ret), key=lambda a: a.loebenummer)
        if not fundne:
            raise Afvist([ukendt(hvem)])
    else:
        if not hvem.fuldstaendig:
            raise Afvist([meddelelse("F023", "Ansaettelse")])
        kandidater = med_forloeb(uow, uow.ansaettelser.find(hvem))
        # one that only ever belonged to the user's institutions is read whole (altid_egen: as
        # laesbare_ansaettelser, without the person's other employments and their history)
        ret = {a.id: HELE for a in kandidater if altid_egen(bruger, [
            a.institution_kode, *(f.institution_kode or a.institution_kode for f in a.forloeb)])}
        for cpr in {a.cpr for a in kandidater if a.id not in ret}:  # the rights are the person's
            ret |= {aid: u for aid, u in _laeseret(uow, bruger, uow.ansaettelser.af_person(cpr), idag).items()
                    if aid not in ret}
        fundne = [_fundet(*_den_ene(hvem, [a for a in kandidater if a.id in ret], None))]
    return [(a, ret[a.id]) for a in med_forloeb(uow, fundne)]


def annoncer_laesbare(uow: UnitOfWork, idents: list[AnsaettelsesIdent]) -> None:
    """The read laesbare_ansaettelser begins with, announced (laes_sammen) with other reads."""
    _kendte(uow, idents)


def laesbare_ansaettelser(uow: UnitOfWork, idents: list[AnsaettelsesIdent], bruger: Bruger,
                          idag: date) -> list[tuple[Ansaettelse, tuple[Udsnit, ...]]]:
    """The employments `idents` name, each with what `bruger` may read of it (domain.adgang, the
    rights model of docs/RETTIGHEDER.md), or a rejection naming every one of which nothing may be
    read — answered as unknown, so that ids cannot be probed. An employment that has only ever
    belonged to the user's institutions costs nothing more; one that has belonged elsewhere costs
    the reading of its person's employments."""
    kendte = med_forloeb(uow, _kendte(uow, idents))
    ret: dict[int, tuple[Udsnit, ...]] = {}
    for a in kendte:
        if altid_egen(bruger, [a.institution_kode, *(f.institution_kode or a.institution_kode
                                                     for f in a.forloeb)]):
            ret[a.id] = HELE
    for cpr in {a.cpr for a in kendte if a.id not in ret}:
        fremmede = _laeseret(uow, bruger, uow.ansaettelser.af_person(cpr), idag)
        ret |= {aid: u for aid, u in fremmede.items() if aid not in ret}
    return [(a, ret[a.id]) for a in _hver_sin(idents, [a for a in kendte if a.id in ret], None)]


def _laeseret(uow: UnitOfWork, bruger: Bruger, person: list[Ansaettelse], idag: date
              ) -> dict[int, tuple[Udsnit, ...]]:
    """domain.adgang.laeseret of one person's employments, with where each belonged over time."""
    historik = uow.historik.for_ansaettelser([a.id for a in person])
    return laeseret(bruger, [
        Tilknytning(a.id, a.startdato, a.slutdato, a.institution_kode,
                    tuple((f.gyldig_fra, f.institution_kode) for f in historik.get(a.id, [])))
        for a in person], idag)
