"""Several inserts of one write as one statement: on PostgreSQL the event, its log row and the
transaction record go in one round trip (data-modifying CTEs: `WITH a AS (INSERT …), b AS
(INSERT …) INSERT …`); on SQLite, in process, they stay separate statements (issue 13). The rows
of many writes (mass registration) go together per table: on PostgreSQL by COPY (half the time of
an executemany, which runs the INSERT once per row; `INSERT … SELECT FROM unnest(arrays)` was
slower still: issue 15), on SQLite as an executemany."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Table, bindparam, insert, select

from fravaer.adapters.db.read_ahead import Ordnede
from fravaer.adapters.db.session import Session
from fravaer.adapters.db.statements import meld


@lru_cache(maxsize=64)
def _samlet(form: tuple[tuple[Table, tuple[str, ...]], ...]):
    """The one statement for inserts of these tables with these columns, built once."""
    def indsaet(i: int, tabel: Table, kolonner: tuple[str, ...]):
        return insert(tabel).values({k: bindparam(f"p{i}_{k}", type_=tabel.c[k].type) for k in kolonner})

    *foerste, (tabel, kolonner) = form
    ctes = [indsaet(i, t, k).cte(f"s{i}") for i, (t, k) in enumerate(foerste)]
    return indsaet(len(foerste), tabel, kolonner).add_cte(*ctes)


@lru_cache(maxsize=64)
def _samlet_med_vilkaar(vilkaar, form: tuple[tuple[Table, tuple[str, ...]], ...]):
    """The one statement for an UPDATE/DELETE … RETURNING (`vilkaar`) and inserts that are made
    only when it hits a row (each inserts its one row FROM the condition's rows): `WITH v AS
    (UPDATE …), s0 AS (INSERT … SELECT … FROM v) INSERT … SELECT … FROM v`. Its row count is 1
    when the condition hit, else 0 and nothing was written."""
    v = vilkaar.cte("v")

    def indsaet(i: int, tabel: Table, kolonner: tuple[str, ...]):
        return insert(tabel).from_select(list(kolonner), select(
            *(bindparam(f"p{i}_{k}", type_=tabel.c[k].type).label(k) for k in kolonner)).select_from(v))

    *foerste, (tabel, kolonner) = form
    ctes = [indsaet(i, t, k).cte(f"s{i}") for i, (t, k) in enumerate(foerste)]
    return indsaet(len(foerste), tabel, kolonner).add_cte(v, *ctes)


@lru_cache(maxsize=64)
def _parameternavne(form: tuple[tuple[Table, tuple[str, ...]], ...]) -> tuple[tuple[str, ...], ...]:
    """The parameters' names of `_samlet(form)` (and of `_samlet_med_vilkaar`'s inserts), per
    insert in its columns' order: written once (an f-string per column was a twentieth of a
    PostgreSQL write's own Python)."""
    return tuple(tuple(f"p{i}_{k}" for k in kolonner) for i, (_, kolonner) in enumerate(form))


@lru_cache(maxsize=64)
def _flade_navne(form: tuple[tuple[Table, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """`_parameternavne(form)` one after another: the names of the inserts' values in a row."""
    return tuple(navn for navne in _parameternavne(form) for navn in navne)


def _ordnede(foer: tuple[str, ...], vaerdier: tuple, form,
             ventende: list[tuple[Table, tuple[str, ...], tuple]]) -> Ordnede:
    """The parameters `foer` (values `vaerdier`) and those of the inserts `ventende` (of the shape
    `form`): their rows' values one after another, as they wait (no dict made of them)."""
    for _, _, raekke in ventende:
        vaerdier += raekke
    return Ordnede(foer + _flade_navne(form) if foer else _flade_navne(form), vaerdier)


def _form(ventende: list[tuple[Table, tuple[str, ...], tuple]]) -> tuple[tuple[Table, tuple[str, ...]], ...]:
    return tuple([(t, k) for t, k, _ in ventende])


@dataclass
class Udfald:
    """Whether the condition of a `samlet(vilkaar)` hit its row: None until it is known (on
    PostgreSQL when its statement went to the database: with the commit)."""

    ramt: bool | None = None


@lru_cache(maxsize=64)
def _indsaet_en(tabel: Table, kolonner: tuple[str, ...]):
    """One row's insert of these columns, built once (Kerne.skriv sends it past SQLAlchemy)."""
    return insert(tabel).values({k: bindparam(k, type_=tabel.c[k].type) for k in kolonner})


class Samler:
    """Inserts made inside `samlet()` wait and go to the database together when it ends;
    outside it, each goes at once. Nothing inside may read what it inserts."""

    def __init__(self, session: Session):
        self.session = session
        # inside samlet(): each insert as its table, its columns sorted by name and its values in
        # their order (a row given so, Opret's three, waits without a dict made of it and taken
        # apart again for the one statement: issue 13)
        self._ventende: list[tuple[Table, tuple[str, ...], tuple]] | None = None
        # inside opsamlet(): the rows per table and columns (in the order each first came), each
        # row its values in the columns' order — what COPY writes, with no dict per row
        self._bunker: dict[tuple[Table, tuple[str, ...]], list[tuple]] | None = None

    def indsaet(self, tabel: Table, vaerdier: dict) -> None:
        if self._bunker is not None or self._ventende is not None:
            kolonner = tuple(sorted(vaerdier))
            self.indsaet_raekke((tabel, kolonner), tuple([vaerdier[k] for k in kolonner]))
        else:
            self.session.execute(insert(tabel), vaerdier)

    def indsaet_raekke(self, form: tuple[Table, tuple[str, ...]], raekke: tuple) -> None:
        """`indsaet` of a row given as its values in the order of `form`'s columns (sorted by
        name: the form `indsaet` gives the same columns as a dict): a mass registration's rows
        wait as they are, without a dict each (issue 15)."""
        bunker = self._bunker
        if bunker is None:
            if self._ventende is not None:
                self._ventende.append((form[0], form[1], raekke))
            else:
                self.session.execute(insert(form[0]), dict(zip(form[1], raekke, strict=True)))
            return
        bunke = bunker.get(form)
        if bunke is None:
            bunke = bunker[form] = []
        bunke.append(raekke)

    def samlet(self, vilkaar: tuple[object, dict] | None = None) -> _Samlet:
        """The inserts made inside go together when it ends. `vilkaar`: an UPDATE/DELETE …
        RETURNING and its parameters that decide whether they are made at all (a write of a
        version that must still be the stored one): on PostgreSQL it goes in their statement
        (one round trip fewer: issue 13); elsewhere, and inside opsamlet(), it runs at once. The
        `Udfald` entered tells whether it hit (None while not yet sent)."""
        return _Samlet(self, vilkaar)

    def _udfoer_med_vilkaar(self, vilkaar, ventende: list[tuple[Table, tuple[str, ...], tuple]],
                            udfald: Udfald) -> None:
        statement, parametre = vilkaar
        form = _form(ventende)

        def ramt(antal: int) -> None:
            udfald.ramt = antal == 1
        alle = _ordnede(tuple(parametre), tuple(parametre.values()), form, ventende)
        self.session.udskyd(_samlet_med_vilkaar(statement, form), alle, ramt)

    def _udfoer(self, ventende: list[tuple[Table, tuple[str, ...], tuple]]) -> None:
        if len(ventende) > 1 and self.session.dialekt == "postgresql":
            form = _form(ventende)
            # nothing reads them before the commit: they may go with it (Kerne.udskyd)
            self.session.udskyd(_samlet(form), _ordnede((), (), form, ventende))
            return
        for tabel, kolonner, raekke in ventende:  # (bound from the row: Kerne.skriv_raekke)
            self.session.skriv_raekke(_indsaet_en(tabel, kolonner), kolonner, raekke)

    @contextmanager
    def opsamlet(self):
        """The inserts of many writes (mass registration, issue 15) wait until `toem()` or the
        end, then go as one executemany per table (in the order the tables first appear: an
        event before its log row). The owner must `toem()` before anything reads what waits."""
        self._bunker = {}
        try:
            yield
            bunker = self._bunker
        finally:
            self._bunker = None
        self._udfoer_mange(bunker)

    def toem(self) -> None:
        """Send what opsamlet() holds so far."""
        if self._bunker:
            bunker, self._bunker = self._bunker, {}
            self._udfoer_mange(bunker)

    def _udfoer_mange(self, bunker: dict[tuple[Table, tuple[str, ...]], list[tuple]]) -> None:
        forbindelse = self.session.get_bind()
        self.session.glem()  # COPY writes past the session: what it read ahead may be stale
        for (tabel, kolonner), raekker in bunker.items():
            if len(raekker) > 1 and forbindelse.dialect.name == "postgresql":
                _kopier(forbindelse, tabel, kolonner, raekker)
            else:
                self.session.execute(insert(tabel), [dict(zip(kolonner, r, strict=True)) for r in raekker])


class _Samlet:
    """Samler.samlet's context: a class, not a @contextmanager generator (every write enters
    one: contextlib's helper, its __init__, the generator's frame and its resumptions cost some
    four Python calls more)."""

    __slots__ = ("foldes", "samler", "udfald", "vilkaar", "yderst")

    def __init__(self, samler: Samler, vilkaar: tuple[object, dict] | None):
        self.samler = samler
        self.vilkaar = vilkaar

    def __enter__(self) -> Udfald:
        samler, vilkaar = self.samler, self.vilkaar
        udfald = self.udfald = Udfald(True if vilkaar is None else None)
        foldes = self.foldes = (vilkaar is not None and samler._ventende is None and samler._bunker is None
                                and samler.session.dialekt == "postgresql")
        if vilkaar is not None and not foldes:
            udfald.ramt = samler.session.ramte(*vilkaar) == 1
        # inside opsamlet() or samlet(): theirs to send
        self.yderst = samler._bunker is None and samler._ventende is None
        if self.yderst:
            samler._ventende = []
        return udfald

    def __exit__(self, typ, fejl, spor) -> None:
        if not self.yderst:
            return
        samler = self.samler
        ventende = samler._ventende
        samler._ventende = None
        if typ is not None or ventende is None:  # nothing of it is sent (ventende: always a list)
            return
        udfald, vilkaar = self.udfald, self.vilkaar
        if self.foldes and ventende:
            samler._udfoer_med_vilkaar(vilkaar, ventende, udfald)
        elif self.foldes:
            assert vilkaar is not None  # foldes: a condition was given
            udfald.ramt = len(samler.session.execute(*vilkaar).all()) == 1
        elif udfald.ramt is not False:
            samler._udfoer(ventende)


@lru_cache(maxsize=64)
def _copy_sql(tabel: Table, kolonner: tuple[str, ...], dialekt) -> tuple[str, tuple]:
    """COPY t (a, b) FROM STDIN, and each column's bind processor (the type's own conversion, as
    an insert through SQLAlchemy would apply it)."""
    forbered = dialekt.identifier_preparer
    sql = (f"COPY {forbered.format_table(tabel)} ({', '.join(forbered.quote(k) for k in kolonner)}) "
           "FROM STDIN")
    return sql, tuple(tabel.c[k].type._cached_bind_processor(dialekt) for k in kolonner)


def _kopier(forbindelse, tabel: Table, kolonner: tuple[str, ...], raekker: list[tuple]) -> None:
    """The rows by COPY (psycopg's copy protocol: no statement text per row, no parameters to
    parse). It is announced to the engine's statement listeners like any statement, so the
    statement count (statements.py) sees it."""
    sql, processorer = _copy_sql(tabel, kolonner, forbindelse.dialect)
    cursor = forbindelse.connection.dbapi_connection.cursor()
    try:
        meld(forbindelse, cursor, sql, (), None, True)
        with cursor.copy(sql) as kopi:
            if any(p is not None for p in processorer):
                for r in raekker:
                    kopi.write_row([p(v) if p is not None else v
                                    for v, p in zip(r, processorer, strict=True)])
            else:  # no column converts (the event, log and transaction rows): written as they are
                for r in raekker:
                    kopi.write_row(r)
    finally:
        cursor.close()
