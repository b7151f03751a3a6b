"""Database tables. Policy definitions are stored as their canonical JSON documents; registries,
users and the audit log are ordinary tables."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator,
                        UniqueConstraint)
from sqlalchemy import false
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JSONType = JSON().with_variant(JSONB(), "postgresql")


class DocumentJSON(TypeDecorator):
    """A policy document as JSON text: key order kept exactly (JSONB would reorder keys, and the
    policy files exported from the database must match the files loaded into it)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(value)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class JurisdictionRow(Base):
    __tablename__ = "jurisdiction"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    parent_code: Mapped[str | None] = mapped_column(String(12), ForeignKey("jurisdiction.code"))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(DocumentJSON)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # every UPDATE checks and increments the version: of two saves based on the same copy, one is refused
    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name_zh


class DocumentRow(Base):
    __tablename__ = "document"
    number: Mapped[str] = mapped_column(String(100), primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(12), ForeignKey("jurisdiction.code"))
    data: Mapped[dict[str, Any]] = mapped_column(DocumentJSON)

    def __str__(self) -> str:
        return self.number


class SchemeRow(Base):
    __tablename__ = "scheme"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(12), ForeignKey("jurisdiction.code"))
    data: Mapped[dict[str, Any]] = mapped_column(DocumentJSON)
    jurisdiction: Mapped[JurisdictionRow] = relationship()

    def __str__(self) -> str:
        return self.key


class RoundRow(Base):
    """One round of a scheme; `data` is the round's canonical document (docs/format.md, kind: round)."""

    __tablename__ = "round"
    __table_args__ = (UniqueConstraint("scheme_key", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scheme_key: Mapped[str] = mapped_column(String(100), ForeignKey("scheme.key"))
    key: Mapped[str] = mapped_column(String(64))
    jurisdiction_code: Mapped[str] = mapped_column(String(12), ForeignKey("jurisdiction.code"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    data: Mapped[dict[str, Any]] = mapped_column(DocumentJSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    scheme: Mapped[SchemeRow] = relationship()

    def __str__(self) -> str:
        return f"{self.scheme_key} {self.key}"


class RegionsRow(Base):
    __tablename__ = "regions"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(DocumentJSON)


class CalendarDayRow(Base):
    """One day of the working-day calendar that breaks the plain Mon-Fri rule, for a year the `chinesecalendar`
    package does not know (policyhub/workdays.py): loaded from `kind: workdays` files or entered by a superuser."""

    __tablename__ = "calendar_day"
    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    type: Mapped[str] = mapped_column(String(10))                  # holiday | workday
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    notice_title: Mapped[str] = mapped_column(String(300))
    notice_number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    notice_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.date.isoformat()


class CasesRow(Base):
    """One file of policy test cases (a `kind: cases` document). `source` is the file it was loaded from
    ("" for a file begun in the back office); `version` goes up with every back-office save."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scheme_key: Mapped[str] = mapped_column(String(100), ForeignKey("scheme.key"))
    source: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[dict[str, Any]] = mapped_column(DocumentJSON)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class RegistryEntry(Base):
    """A record officials keep: a platform, a sub-centre, an institution, a task.

    `natural_key` names what the entry stands for where a registry has such a name (a task's number, an
    institution's name, kind and region): the database refuses a second entry with the same key in the same
    registry and jurisdiction, so concurrent writers cannot duplicate it. Entries without one are not
    constrained."""

    __tablename__ = "registry_entry"
    __table_args__ = (Index("uq_registry_entry_natural_key", "registry", "jurisdiction_code", "natural_key",
                            unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registry_name: Mapped[str] = mapped_column("registry", String(64), index=True)  # e.g. "huangpu-platforms"
    scheme_key: Mapped[str | None] = mapped_column(String(100), ForeignKey("scheme.key"))
    jurisdiction_code: Mapped[str] = mapped_column(String(12), ForeignKey("jurisdiction.code"))
    name: Mapped[str] = mapped_column(String(300))
    natural_key: Mapped[str | None] = mapped_column(String(400), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # synthetic sample data loaded by `policyhub serve --demo` (policyhub/sample_data.py), never real records
    sample: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    events: Mapped[list["RegistryEvent"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="(RegistryEvent.date, RegistryEvent.id)")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name


class RegistryEvent(Base):
    """A dated event in a registry entry's history (applied, assessed, exited, progress noted...)."""

    __tablename__ = "registry_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer, ForeignKey("registry_entry.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    event: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    entry: Mapped[RegistryEntry] = relationship(back_populates="events")

    def as_fact(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "event": self.event, **(self.data or {})}


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16), default="viewer")     # superuser | editor | viewer
    jurisdiction_code: Mapped[str | None] = mapped_column(String(12), ForeignKey("jurisdiction.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    jurisdiction: Mapped[JurisdictionRow | None] = relationship()

    # a role change and a deactivation based on the same copy cannot both be saved
    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.username


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(32))          # create | update | delete | publish | clone | ...
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(200))
    jurisdiction_code: Mapped[str | None] = mapped_column(String(12))
    before: Mapped[Any] = mapped_column(JSONType, nullable=True)
    after: Mapped[Any] = mapped_column(JSONType, nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
