# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fill an Odoo database with French-looking contacts for the benchmarks.

Every partner gets two chatter notes that mention its email, and one in ten
a small text attachment. Rows are made by set-based SQL in batches (never
one ``create`` per record), then the stored computed columns are filled as
the ORM would fill them. The same seed makes the same people.

Usage, from the repository with the project's environment::

    source setup/common.sh && prepare
    python tests/bench/generate.py --db rgpd_bench --partners 50000 [--seed 42]
"""

import argparse
import hashlib
import os
import random
import sys
import time
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import odoo
from odoo.modules.registry import Registry
from odoo.tools import SQL, email_normalize

REPO = Path(__file__).resolve().parents[2]
BATCH_SIZE = 10_000
ATTACHMENT_RATE = 0.1
HISTORY_DAYS = 6 * 365

# fmt: off
FIRST_NAMES = (
    "Adèle", "Agathe", "Alain", "Alexandre", "Alice", "Amélie", "Anaïs", "André", "Antoine",
    "Arthur", "Aurélie", "Baptiste", "Bernard", "Brigitte", "Camille", "Céline", "Chantal",
    "Charlotte", "Chloé", "Christophe", "Claire", "Clément", "Damien", "Delphine", "Denis",
    "Élise", "Élodie", "Émile", "Emma", "Éric", "Étienne", "Fabien", "Florence", "François",
    "Frédéric", "Gaëlle", "Guillaume", "Hélène", "Hugo", "Inès", "Isabelle", "Jacques",
    "Jean", "Jeanne", "Jérôme", "Joséphine", "Julien", "Juliette", "Laetitia", "Laurent",
    "Léa", "Léon", "Louis", "Louise", "Lucas", "Lucie", "Manon", "Marc", "Margaux", "Marie",
    "Mathieu", "Maxime", "Michel", "Nathalie", "Nicolas", "Noémie", "Océane", "Olivier",
    "Pascal", "Patrick", "Pauline", "Philippe", "Pierre", "Quentin", "Raphaël", "Rémi",
    "Sandrine", "Sébastien", "Simon", "Sophie", "Stéphane", "Sylvie", "Thierry", "Thomas",
    "Valérie", "Véronique", "Vincent", "Yves", "Zoé",
)
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre",
    "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
    "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis",
    "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer",
    "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour", "Blanchard", "Marie",
    "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez",
    "Pierre", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc",
    "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard",
)
CITIES = (
    ("Paris", "75011"), ("Paris", "75015"), ("Paris", "75018"), ("Marseille", "13006"),
    ("Lyon", "69003"), ("Lyon", "69007"), ("Toulouse", "31000"), ("Nice", "06000"),
    ("Nantes", "44000"), ("Montpellier", "34000"), ("Strasbourg", "67000"),
    ("Bordeaux", "33000"), ("Lille", "59000"), ("Rennes", "35000"), ("Reims", "51100"),
    ("Toulon", "83000"), ("Saint-Étienne", "42000"), ("Le Havre", "76600"),
    ("Grenoble", "38000"), ("Dijon", "21000"), ("Angers", "49000"), ("Nîmes", "30000"),
    ("Clermont-Ferrand", "63000"), ("Aix-en-Provence", "13100"), ("Brest", "29200"),
    ("Tours", "37000"), ("Amiens", "80000"), ("Limoges", "87000"), ("Metz", "57000"),
    ("Besançon", "25000"), ("Perpignan", "66000"), ("Orléans", "45000"), ("Rouen", "76000"),
    ("Caen", "14000"), ("Nancy", "54000"), ("Avignon", "84000"),
)
STREETS = (
    "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta",
    "rue du Général Leclerc", "place de la Mairie", "rue Pasteur", "avenue de la Gare",
    "rue des Écoles", "chemin des Vignes", "rue de la Liberté", "allée des Tilleuls",
    "rue Jules Ferry", "impasse des Lilas", "quai de la Loire", "rue Nationale",
)
# fmt: on
# Reserved example domains only: no generated address can reach a real mailbox.
EMAIL_DOMAINS = ("example.fr", "example.com", "mail.example.fr", "exemple.example.fr")
NOTES = (
    "<p>Phone call with {name}: asked for the catalogue to be sent to {email}.</p>",
    "<p>Quote sent to {email}; {name} will answer next week.</p>",
)
ATTACHMENT_TEXT = "Order form of {name}\nEmail: {email}\nPhone: {phone}\n"
# Stored computed columns of res.partner that the insert fills (or leaves
# empty, as the ORM would for a person without company, user or image).
FILLED_COMPUTED = {
    "complete_name",
    "email_normalized",
    "phone_sanitized",
    "lang",
    "partner_share",
    "commercial_partner_id",
    "commercial_company_name",
    "company_registry",
    "user_id",
    "properties",
    "image_1024",
    "image_512",
    "image_256",
    "image_128",
}


def _slug(text):
    """ASCII, lowercase form of a name, fit for an email's local part."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.lower().replace(" ", "-").replace("'", "")


def _insert(env, table, columns, constants):
    """INSERT INTO `table` one row per position of the lists of `columns`
    ({column: (sql type, values)}), with the same `constants` ({column: value})
    on every row: one statement for the whole batch."""
    names = [*columns, *constants]
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM unnest(%s) AS t(%s)",
            SQL.identifier(table),
            SQL(", ").join(map(SQL.identifier, names)),
            SQL(", ").join(
                [
                    *(SQL.identifier("t", name) for name in columns),
                    *(SQL("%s", value) for value in constants.values()),
                ]
            ),
            SQL(", ").join(
                SQL("%s::%s[]", values, SQL(sql_type)) for sql_type, values in columns.values()
            ),
            SQL(", ").join(map(SQL.identifier, columns)),
        )
    )


def _people(env, rng, ids, now):
    """One dict of res_partner column values per reserved partner id."""
    Partner = env["res.partner"]
    country = env.ref("base.fr")
    langs = [code for code, _name in env["res.lang"].get_installed()]
    lang = "fr_FR" if "fr_FR" in langs else langs[0]
    has_phone_sanitized = "phone_sanitized" in Partner._fields
    people = []
    for partner_id in ids:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        city, zip_code = rng.choice(CITIES)
        name = f"{first} {last}"
        # The id makes the address unique, across runs too.
        email = f"{_slug(first)}.{_slug(last)}.{partner_id}@{rng.choice(EMAIL_DOMAINS)}"
        digits = "".join(str(rng.randrange(10)) for _i in range(8))
        phone = f"+33 {rng.choice('67')} {' '.join(digits[i : i + 2] for i in range(0, 8, 2))}"
        created = now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400))
        person = {
            "id": partner_id,
            "name": name,
            "complete_name": name,
            "commercial_partner_id": partner_id,
            "email": email,
            "email_normalized": email_normalize(email),
            "phone": phone,
            "street": f"{rng.randrange(1, 150)} {rng.choice(STREETS)}",
            "zip": zip_code,
            "city": city,
            "country_id": country.id,
            "lang": lang,
            "create_date": created,
            "write_date": created + (now - created) * rng.random(),
        }
        if has_phone_sanitized:
            person["phone_sanitized"] = Partner._phone_format(number=phone, country=country) or None
        people.append(person)
    return people


def _insert_partners(env, people):
    types = {
        "id": "int",
        "commercial_partner_id": "int",
        "country_id": "int",
        "create_date": "timestamp",
        "write_date": "timestamp",
    }
    constants = {
        "type": "contact",
        "active": True,
        "is_company": False,
        "partner_share": True,
        "color": 0,
        "message_bounce": 0,
        "create_uid": env.uid,
        "write_uid": env.uid,
    }
    # The plain defaults of the columns other apps add (CRM, Invoicing...),
    # as create() would write them: some are NOT NULL.
    partner_model = env["res.partner"]
    others = [
        name
        for name, field in partner_model._fields.items()
        if field.store
        and field.column_type
        and field.column_type[0] != "jsonb"  # translated, company-dependent, properties
        and not field.compute
        and name not in people[0]
        and name not in constants
    ]
    for name, value in partner_model.default_get(others).items():
        # False is NULL in the database, except for a boolean.
        if value is not False or partner_model._fields[name].type == "boolean":
            constants[name] = value
    # The calendar app (a dependency of the CRM) stamps each new partner.
    if "calendar_last_notif_ack" in constants:
        constants["calendar_last_notif_ack"] = people[0]["create_date"]
    _insert(
        env,
        "res_partner",
        {key: (types.get(key, "varchar"), [person[key] for person in people]) for key in people[0]},
        constants,
    )


def _insert_notes(env, rng, people):
    """Two chatter notes per partner, each mentioning its email."""
    author = env.user.partner_id
    email_from = author.email_formatted or None
    res_ids, bodies, dates, message_ids = [], [], [], []
    for person in people:
        for number, note in enumerate(NOTES):
            res_ids.append(person["id"])
            bodies.append(note.format(name=person["name"], email=person["email"]))
            created, written = person["create_date"], person["write_date"]
            dates.append(created + (written - created) * rng.random())
            message_ids.append(f"<rgpd-bench.{person['id']}.{number}@example.com>")
    _insert(
        env,
        "mail_message",
        {
            "res_id": ("int", res_ids),
            "body": ("text", bodies),
            "message_id": ("varchar", message_ids),
            "date": ("timestamp", dates),
            "create_date": ("timestamp", dates),
            "write_date": ("timestamp", dates),
        },
        {
            "model": "res.partner",
            "message_type": "comment",
            "subtype_id": env.ref("mail.mt_note").id,
            "author_id": author.id,
            "email_from": email_from,
            "reply_to": email_from,
            "record_company_id": env.company.id,
            "email_add_signature": True,
            "create_uid": env.uid,
            "write_uid": env.uid,
        },
    )
    return len(res_ids)


def _insert_attachments(env, people):
    """A small text file, stored in the database, on each of these partners."""
    contents = [ATTACHMENT_TEXT.format(**person) for person in people]
    raws = [content.encode() for content in contents]
    dates = [person["write_date"] for person in people]
    _insert(
        env,
        "ir_attachment",
        {
            "res_id": ("int", [person["id"] for person in people]),
            "name": ("varchar", [f"order-form-{person['id']}.txt" for person in people]),
            "db_datas": ("bytea", raws),
            "file_size": ("int", [len(raw) for raw in raws]),
            # ir.attachment's checksum is a SHA-1 of the content.
            "checksum": ("varchar", [hashlib.sha1(raw).hexdigest() for raw in raws]),
            "index_content": ("text", contents),
            "create_date": ("timestamp", dates),
            "write_date": ("timestamp", dates),
        },
        {
            "type": "binary",
            "res_model": "res.partner",
            "mimetype": "text/plain",
            "company_id": env.company.id,
            "public": False,
            "create_uid": env.uid,
            "write_uid": env.uid,
        },
    )
    return len(people)


def generate(env, partners, seed=42):
    """Create `partners` contacts with their chatter notes and attachments in
    the database of `env`, in batches of set-based inserts. Returns the
    partners (a recordset) and the counts of rows made."""
    rng = random.Random(seed)
    now = datetime.now().replace(microsecond=0)
    env.flush_all()
    env.cr.execute(
        SQL("SELECT nextval('res_partner_id_seq') FROM generate_series(1, %s)", partners)
    )
    ids = [partner_id for (partner_id,) in env.cr.fetchall()]
    counts = {"partners": 0, "messages": 0, "attachments": 0}
    for start in range(0, len(ids), BATCH_SIZE):
        people = _people(env, rng, ids[start : start + BATCH_SIZE], now)
        _insert_partners(env, people)
        counts["partners"] += len(people)
        counts["messages"] += _insert_notes(env, rng, people)
        counts["attachments"] += _insert_attachments(
            env, rng.sample(people, round(len(people) * ATTACHMENT_RATE))
        )
    env.invalidate_all()
    Partner = env["res.partner"]
    created = Partner.browse(ids)
    # Stored computed fields added by other addons: computed by the ORM, in batch.
    for field in Partner._fields.values():
        if field.store and field.compute and field.name not in FILLED_COMPUTED:
            env.add_to_compute(field, created)
    created.flush_recordset()
    for table in ("res_partner", "mail_message", "ir_attachment"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return created, counts


def main(argv=None):
    """Command line: generate the partners in one database and commit."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database, with mail installed")
    parser.add_argument("--partners", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--config",
        default=os.environ.get("ODOO_CONF", str(REPO / ".local" / "odoo.conf")),
        help="Odoo configuration file (default: $ODOO_CONF, written by setup/common.sh)",
    )
    args = parser.parse_args(argv)

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = Registry(args.db)
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.api.SUPERUSER_ID, {})
        _partners, counts = generate(env, args.partners, args.seed)
    elapsed = time.perf_counter() - start
    print(
        f"{args.db}: {counts['partners']} partners, {counts['messages']} messages, "
        f"{counts['attachments']} attachments in {elapsed:.1f} s (seed {args.seed})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
