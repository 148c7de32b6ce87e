"""The contract views as plain data: names, columns, descriptions and an example question each.

These names and columns are a public contract that reporting tools rely on (issue 4). The views
themselves are built by migrations (0002: v_evidence; 0004: the others; 0014: v_relations and
v_actors; 0016: v_evidence.sources, v_statements.target; 0019: the per-fact views' *_via and act;
0022: v_state_activity.targets_sanctioned and persons_sanctioned;
0023: v_state_activity.sanctions_received counts a group sanction with parts as its parts;
each view's SQL by revision is in alembic/views/); this catalog documents
them, `scripts/write_view_docs.py` turns it into docs/views.md, and tests/test_views.py proves
every view has exactly these columns, in this order, on SQLite and PostgreSQL. Migrations never
import this module.

Conventions shared by every view:
- An actor's name is COALESCE(actors.name, actors.description): the best name known across all
  loaded documents, else what the sources say it is ("a son of Alexander Lukashenko").
- Dates are ISO 'YYYY-MM-DD' text (the first day of a partial date) beside `date_precision`
  ('day', 'month' or 'year'), on both engines.
- States are identified by ISO 3166-1 alpha-3. In the per-fact views (v_statements, v_findings,
  v_sanctions, v_demands, v_event_participants, v_relations) an `*_iso3` column gives the state
  the actor is, or is an organ or official of when that is exactly one state (actor_states.sole,
  0017; since 0019), and the `*_via` column appended for it says which: 'state', 'organ' or
  'official'. Both are NULL for groups of states and for actors of no state (a person without a
  post). In v_actors, `iso3` is the actor's own code: NULL unless the actor is a state.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ViewDoc:
    """One contract view: what it holds, its columns in view order, and an example question."""

    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (column name, description), in view order
    example_sql: str  # a typical question, with ORDER BY so its answer is stable
    example_question: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


_DATE = "ISO date 'YYYY-MM-DD'; the first day of the period when only a month or year is known"
_PRECISION = "Precision of the date: 'day', 'month' or 'year'"
_SLUG = "Slug of the document that states this fact (documents.slug)"
_QUOTE = "The document's exact words supporting this fact"
_ISO3 = (
    "ISO 3166-1 alpha-3 code of {who} when it is a state;"
    " NULL otherwise (persons, organizations, groups of states)"
)
# The per-fact views' state columns (0019): a state, or the one state an organ or official is of.
_STATE_ISO3 = (
    "ISO 3166-1 alpha-3 code of the state {who} is, or is an organ or official of (the one state"
    " actor_states.sole gives); NULL for groups of states and actors of no state"
)
_VIA = (
    "How {who} stands for the state in {iso3}: 'state' (it is the state), 'organ' (e.g. its"
    " government) or 'official' (a person holding a post in it); NULL when {iso3} is NULL"
)
_ACT = (
    "Global key of the act this row tells of (acts.key): the same for every document's row about"
    " the same act"
)
_NAME = "Name of {who}: the best name known across loaded documents, else its description"

_CAMEO_LABEL = "The CAMEO 1.1b3 codebook's label of cameo_code (the table cameo_codes)"

V_STATEMENTS = ViewDoc(
    name="v_statements",
    description=(
        "What actors said: direct quotes and stated positions, one row per statement, with the"
        " speaker, the role they spoke in, the state or body they spoke for and, where the"
        " document says, whom the statement condemns, praises or is about (its target). A"
        " statement whose date the document does not give is dated on the document's"
        " publication day."
    ),
    columns=(
        ("statement_id", "Id of the statement (statements.id)"),
        ("document_slug", _SLUG),
        ("speaker", _NAME.format(who="the speaker")),
        ("speaker_role", "Role the speaker spoke in, e.g. 'Foreign Secretary'; NULL if none"),
        (
            "on_behalf_of",
            "Name of the state or body the speaker spoke for; NULL when the speaker speaks for"
            " itself (e.g. a state)",
        ),
        ("stated_on", _DATE),
        ("date_precision", _PRECISION),
        ("text", "What was said, as a sentence (the quote itself for direct quotes)"),
        ("cameo_code", "CAMEO event code of the statement, e.g. '1041' (demand elections)"),
        ("statement_type", "'quote' (the speaker's own words) or 'position' (a reported stance)"),
        ("speaker_kind", "Kind of the speaker: 'state', 'organization', 'person' or 'group'"),
        ("speaker_iso3", _STATE_ISO3.format(who="the speaker")),
        ("on_behalf_of_iso3", _STATE_ISO3.format(who="the actor spoken for")),
        ("statement_key", "Stable key of the statement within its document"),
        ("quote", _QUOTE),
        ("cameo_label", _CAMEO_LABEL),
        (
            "target",
            _NAME.format(who="the actor the statement condemns, praises or is about")
            + "; NULL if the document names none",
        ),
        ("target_kind", "Kind of the target: 'state', 'organization', 'person' or 'group'"),
        ("target_iso3", _STATE_ISO3.format(who="the target")),
        ("speaker_via", _VIA.format(who="the speaker", iso3="speaker_iso3")),
        ("on_behalf_of_via", _VIA.format(who="the actor spoken for", iso3="on_behalf_of_iso3")),
        ("target_via", _VIA.format(who="the target", iso3="target_iso3")),
        ("act", _ACT),
    ),
    example_question="Who spoke in person, in what role, for whom, and about whom?",
    example_sql=(
        "SELECT speaker, speaker_role, on_behalf_of, stated_on, cameo_code, target, text\n"
        "FROM v_statements\n"
        "WHERE speaker_kind = 'person'\n"
        "ORDER BY statement_id"
    ),
)

V_FINDINGS = ViewDoc(
    name="v_findings",
    description=(
        "Conclusions investigations reached, one row per finding, with the investigation, who"
        " conducted it and who mandated it."
    ),
    columns=(
        ("finding_id", "Id of the finding (findings.id)"),
        ("document_slug", _SLUG),
        ("investigation", "Name of the investigation"),
        ("investigated_by", _NAME.format(who="the actor who conducted the investigation")),
        ("finding", "The conclusion, as a sentence"),
        (
            "category",
            "Kind of conclusion, e.g. 'electoral_fraud', 'human_rights_violations', 'impunity',"
            " 'media_freedom'",
        ),
        ("quote", _QUOTE),
        ("mandated_by", _NAME.format(who="the body that mandated the investigation")),
        ("finding_key", "Stable key of the finding within its document"),
        (
            "subject",
            _NAME.format(who="the actor the finding is about (e.g. who committed what it finds)")
            + "; NULL if the document names none",
        ),
        ("subject_kind", "Kind of the subject: 'state', 'organization', 'person' or 'group'"),
        ("subject_iso3", _STATE_ISO3.format(who="the subject")),
        ("subject_via", _VIA.format(who="the subject", iso3="subject_iso3")),
        ("act", _ACT),
    ),
    example_question="What did each investigation find, and about whom?",
    example_sql=(
        "SELECT investigation, investigated_by, category, finding, subject\n"
        "FROM v_findings\n"
        "ORDER BY investigation, finding_id"
    ),
)

V_SANCTIONS = ViewDoc(
    name="v_sanctions",
    description=(
        "Sanctions, one row per target (a measure on three targets is three rows), with the"
        " imposing authority, the regime (FollowTheMoney Sanction.program) and the date."
    ),
    columns=(
        ("sanction_id", "Id of the sanction row (sanctions.id), one per target"),
        ("document_slug", _SLUG),
        ("imposed_by", _NAME.format(who="the imposing authority")),
        ("imposed_by_iso3", _STATE_ISO3.format(who="the imposing authority")),
        ("regime", "Name of the sanctions regime the measure falls under; NULL if not stated"),
        ("target", _NAME.format(who="the target")),
        ("target_kind", "Kind of the target: 'state', 'organization', 'person' or 'group'"),
        ("imposed_on", _DATE),
        ("date_precision", _PRECISION),
        ("quote", _QUOTE),
        ("target_iso3", _STATE_ISO3.format(who="the target")),
        ("reason", "Why, as the document gives it (FollowTheMoney Sanction.reason)"),
        ("measures", "The measures, e.g. 'asset freeze; travel ban'; NULL if not stated"),
        ("event", "Name of the sanctions event the measure belongs to; NULL if none"),
        ("sanction_key", "Stable key of the row within its document ('<sanction>/<target>')"),
        ("imposed_by_via", _VIA.format(who="the imposing authority", iso3="imposed_by_iso3")),
        ("target_via", _VIA.format(who="the target", iso3="target_iso3")),
        ("act", _ACT),
    ),
    example_question="Who sanctioned whom, when, and under which regime?",
    example_sql=(
        "SELECT imposed_by, imposed_by_iso3, target, target_kind, imposed_on, date_precision,"
        " regime\n"
        "FROM v_sanctions\n"
        "ORDER BY sanction_id"
    ),
)

V_DEMANDS = ViewDoc(
    name="v_demands",
    description=(
        "What actors demanded or appealed for, of whom, one row per demand, with its CAMEO code"
        " and label (demand_kind tells an appeal from a demand). A demand of a government"
        " names the government (an organization), and addressee_iso3 gives its state"
        " (addressee_via 'organ'): addressee_iso3 = 'BLR' finds the demands made of Belarus and"
        " of its government. A demand whose date the document does not give is dated on the"
        " document's publication day."
    ),
    columns=(
        ("demand_id", "Id of the demand (demands.id)"),
        ("document_slug", _SLUG),
        ("demanded_by", _NAME.format(who="the actor making the demand")),
        ("demanded_by_iso3", _STATE_ISO3.format(who="the actor making the demand")),
        ("addressee", _NAME.format(who="the actor the demand is made of") + "; NULL if none"),
        ("demand", "What is demanded, as a sentence"),
        ("cameo_code", "CAMEO event code, e.g. '1041' (demand elections), '1053' (release)"),
        ("stated_on", _DATE),
        ("date_precision", _PRECISION),
        ("quote", _QUOTE),
        ("addressee_iso3", _STATE_ISO3.format(who="the addressee")),
        ("addressee_kind", "Kind of the addressee: 'state', 'organization', 'person' or 'group'"),
        ("statement_id", "Id of the statement the demand was made in (v_statements); NULL if none"),
        ("demand_key", "Stable key of the demand within its document"),
        ("cameo_label", _CAMEO_LABEL),
        (
            "demand_kind",
            "'appeal' (CAMEO family 02: the actor appealed, e.g. 'we strongly encourage'),"
            " 'demand' (family 10) or 'other'",
        ),
        (
            "demanded_by_via",
            _VIA.format(who="the actor making the demand", iso3="demanded_by_iso3"),
        ),
        ("addressee_via", _VIA.format(who="the addressee", iso3="addressee_iso3")),
        ("act", _ACT),
    ),
    example_question="What did the United Kingdom demand of Belarus (the state or its government)?",
    example_sql=(
        "SELECT addressee, addressee_via, demand, cameo_code, stated_on\n"
        "FROM v_demands\n"
        "WHERE demanded_by_iso3 = 'GBR'\n"
        "  AND addressee_iso3 = 'BLR'\n"
        "ORDER BY demand_id"
    ),
)

V_EVENT_PARTICIPANTS = ViewDoc(
    name="v_event_participants",
    description=(
        "Who took part in which event, in what role, one row per participation; the event's"
        " date is given beside each row (NULL when no document dates the event)."
    ),
    columns=(
        ("event_id", "Id of the event (events.id)"),
        ("event", "Name of the event"),
        (
            "event_type",
            "Kind of event: 'election', 'mechanism_invocation', 'sanctions',"
            " 'report_publication', …",
        ),
        ("occurred_on", _DATE + "; NULL if undated"),
        ("date_precision", _PRECISION + "; NULL if undated"),
        ("participant", _NAME.format(who="the participant")),
        (
            "participant_kind",
            "Kind of the participant: 'state', 'organization', 'person' or 'group'",
        ),
        ("participant_iso3", _STATE_ISO3.format(who="the participant")),
        (
            "role",
            "The participant's part: 'location', 'invoking_state', 'forum', 'subject',"
            " 'imposing_state', 'target', 'author', …",
        ),
        ("document_slug", "Slug of the document that states this participation"),
        ("participation_id", "Id of the participation (event_participants.id)"),
        ("event_key", "Stable key of the event"),
        ("quote", _QUOTE),
        ("participant_via", _VIA.format(who="the participant", iso3="participant_iso3")),
        ("act", _ACT),
    ),
    example_question="Which events happened when, and with whom?",
    example_sql=(
        "SELECT occurred_on, date_precision, event, participant, participant_iso3, role\n"
        "FROM v_event_participants\n"
        "ORDER BY occurred_on NULLS LAST, event_id, participation_id"
    ),
)

V_STATE_ACTIVITY = ViewDoc(
    name="v_state_activity",
    description=(
        "One row per state with any activity: of the states (every country of ISO 3166-1, the"
        " table states), those some loaded fact names. An actor counts for a state when it is"
        " the state, one of its organs (an actor part_of the state or of an organ: its"
        " government, authorities, security forces, ministries), one of its officials (a person"
        " holding a post in it or an organ), or a group the state is a member of (the table"
        " actor_states says who counts for which state, and how). Every count is an integer"
        " of distinct things, each counted once however many documents tell of it and however"
        " many of the state's actors it names: acts (acts.id; v_corroboration) for statements,"
        " demands and sanctions, events (events.id) for events, actors for targets_sanctioned"
        " and persons_sanctioned. A sanction act has one target: a measure on three people is"
        " three sanctions. A state with every count 0 has no row."
    ),
    columns=(
        ("state", "Name of the state (its best known name, as in the other views)"),
        ("iso3", "ISO 3166-1 alpha-3 code"),
        (
            "statements",
            "Statement acts whose speaker, or the actor spoken for, counts for the state; a"
            " statement naming two of the state's actors counts once",
        ),
        ("demands_made", "Demand acts whose demanding actor counts for the state"),
        (
            "demands_received",
            "Demand acts made of an actor that counts for the state (the addressee; a demand of"
            " a group counts for each of its member states)",
        ),
        (
            "sanctions_imposed",
            "Sanction acts imposed by an actor that counts for the state, one per target: a"
            " measure on three targets is 3, and a target sanctioned by two acts (two dates, two"
            " regimes) counts twice. A group sanction whose members' sanctions are linked to it"
            " (acts.part_of_id) counts as those, not as itself. Not a number of people: see"
            " targets_sanctioned and persons_sanctioned",
        ),
        (
            "sanctions_received",
            "Sanction acts (one per target) whose target counts for the state, each once. As in"
            " sanctions_imposed, a group sanction whose members' sanctions are linked to it"
            " (acts.part_of_id) counts as those acts, not as itself: all of them when the group"
            " is an organ of the state (e.g. senior figures of its government), whether or not"
            " each member counts for the state; when the state is a member of the group, those"
            " whose target counts for the state. A group sanction with no linked members is one"
            " act",
        ),
        (
            "events",
            "Distinct events (events.id, not acts) in which an actor that counts for the state"
            " took part, in any role (v_event_participants), or whose place (events.location_id)"
            " is the state or an actor counting for it; an event counts once however many"
            " participations name it",
        ),
        ("iso2", "ISO 3166-1 alpha-2 code"),
        (
            "targets_sanctioned",
            "Distinct actors the sanctions of sanctions_imposed target: each once, however many"
            " of those acts name it (two dates, two regimes, two of the state's organs), and a"
            " group sanction whose members' sanctions are linked to it counts as those members."
            " Persons, organizations, states and groups alike. Equals sanctions_imposed unless"
            " the state sanctioned a target more than once (or the sources of one act name"
            " different targets, each then counting)",
        ),
        (
            "persons_sanctioned",
            "Of targets_sanctioned, the persons (actors of kind 'person', named or known only by"
            " a description): how many people the state sanctioned, as far as the loaded"
            " documents name them. A sanction on a group whose members no loaded document links"
            " adds none",
        ),
    ),
    example_question="Which states did what, and how often?",
    example_sql=(
        "SELECT state, iso3, statements, demands_made, demands_received, sanctions_imposed,"
        " targets_sanctioned, persons_sanctioned, sanctions_received, events\n"
        "FROM v_state_activity\n"
        "ORDER BY iso3"
    ),
)

V_TIMELINE = ViewDoc(
    name="v_timeline",
    description=(
        "Every dated fact in one list: dated events, sanctions (one row per target),"
        " statements, demands and the publication of each document. A view has no order of"
        " its own: read it with ORDER BY sort_key, which orders by date, coarser precision"
        " first on the same first day (September 2020 before 1 September 2020), then events,"
        " publications, sanctions, statements and demands, then by id."
    ),
    columns=(
        ("occurred_on", _DATE),
        ("date_precision", _PRECISION),
        ("kind", "'event', 'document', 'sanction', 'statement' or 'demand'"),
        (
            "summary",
            "One line saying what happened ('X demanded of Y: …', 'X appealed to Y: …' for a"
            " CAMEO 02 appeal)",
        ),
        ("document_slug", "Slug of the document that dates the fact (the published document)"),
        (
            "sort_key",
            "Text key giving the timeline's order: ORDER BY sort_key (digits, spaces and hyphens"
            " only, so every collation orders it alike)",
        ),
        (
            "fact_id",
            "Id of the row in its table: events, documents, sanctions, statements, demands",
        ),
        ("quote", "The document's exact words supporting the fact; NULL for a publication"),
    ),
    example_question="What happened in September 2020, in order, and which document dates it?",
    example_sql=(
        "SELECT occurred_on, date_precision, kind, summary, document_slug\n"
        "FROM v_timeline\n"
        "WHERE occurred_on BETWEEN '2020-09-01' AND '2020-09-30'\n"
        "ORDER BY sort_key"
    ),
)

V_EVIDENCE = ViewDoc(
    name="v_evidence",
    description=(
        "Every fact's span and the document's words there, so the database proves its own"
        " evidence: `quote` is read from the document's text at [char_start, char_end), and"
        " `quote_matches` is 1 where the fact's stored quote equals it. Covers actor"
        " relations, event participations, statements, findings, sanctions, demands and the"
        " events whose words a document gives."
    ),
    columns=(
        (
            "fact_table",
            "Table of the fact: 'actor_relations', 'event_participants', 'statements',"
            " 'findings', 'sanctions', 'demands' or 'events'",
        ),
        ("fact_id", "Id of the fact in its table"),
        ("fact_key", "Stable key of the fact (within its document; events: globally)"),
        ("document_slug", "Slug of the document the span points into"),
        ("char_start", "Start of the span: 0-based Unicode code point offset, inclusive"),
        ("char_end", "End of the span: 0-based Unicode code point offset, exclusive"),
        ("quote", "The document's text at [char_start, char_end)"),
        ("quote_matches", "1 if the fact's stored quote equals the document's text there, else 0"),
        (
            "act",
            "Key of the act the fact tells of (acts.key; v_corroboration.act); NULL for events",
        ),
        (
            "sources",
            "The sources the fact rests on, of those its document cites (document_sources), in"
            " the document's order: each 'publisher, date, address' (the date as precise as"
            " known: 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'; left out when not given), joined with"
            " '; '; NULL when the fact names none (and for events)",
        ),
    ),
    example_question="Does every stored quote match its document, table by table?",
    example_sql=(
        "SELECT fact_table, COUNT(*) AS facts, SUM(quote_matches) AS matching\n"
        "FROM v_evidence\n"
        "GROUP BY fact_table\n"
        "ORDER BY fact_table"
    ),
)

V_RELATIONS = ViewDoc(
    name="v_relations",
    description=(
        "Relations between actors, one row per relation a document states: posts held"
        " (holds_position, with the post in `role`), kinship (child_of), membership (member_of)"
        " and one body within another (part_of); with the dates a relation held from and until"
        " where a document gives them."
    ),
    columns=(
        ("relation_id", "Id of the relation (actor_relations.id)"),
        ("document_slug", _SLUG),
        ("subject", _NAME.format(who="the subject")),
        ("subject_kind", "Kind of the subject: 'state', 'organization', 'person' or 'group'"),
        ("subject_iso3", _STATE_ISO3.format(who="the subject")),
        (
            "relation",
            "'holds_position', 'child_of', 'member_of' or 'part_of'; reads subject-relation-object",
        ),
        (
            "role",
            "The post's title for holds_position (e.g. 'Minister of Internal Affairs'); else NULL",
        ),
        ("object", _NAME.format(who="the object")),
        ("object_kind", "Kind of the object: 'state', 'organization', 'person' or 'group'"),
        ("object_iso3", _STATE_ISO3.format(who="the object")),
        ("started_on", _DATE + "; since when it holds; NULL if no document says"),
        ("started_precision", _PRECISION + "; NULL with started_on"),
        ("ended_on", _DATE + "; until when it held; NULL if no document says (or it holds still)"),
        ("ended_precision", _PRECISION + "; NULL with ended_on"),
        ("quote", _QUOTE),
        ("relation_key", "Stable key of the relation within its document"),
        ("subject_key", "Stable key of the subject (actors.key)"),
        ("object_key", "Stable key of the object (actors.key)"),
        ("subject_via", _VIA.format(who="the subject", iso3="subject_iso3")),
        ("object_via", _VIA.format(who="the object", iso3="object_iso3")),
        ("act", _ACT),
    ),
    example_question="Who holds which post, who is whose child, which group is part of which?",
    example_sql=(
        "SELECT subject, relation, role, object, ended_on\nFROM v_relations\nORDER BY relation_id"
    ),
)

V_ACTORS = ViewDoc(
    name="v_actors",
    description=(
        "Every actor, one row each: its kind, its ISO code if it is a state, its best name and"
        " description, its Wikidata id, and every name, alias and post the loaded documents give"
        " it (each list joined with '; ', in alphabetical order)."
    ),
    columns=(
        ("actor_id", "Id of the actor (actors.id)"),
        ("actor_key", "Stable key of the actor (actors.key), as documents name it"),
        ("actor", _NAME.format(who="the actor")),
        ("kind", "'state', 'organization', 'person' or 'group'"),
        ("iso3", _ISO3.format(who="the actor")),
        ("name", "Best name known; NULL if no document names it"),
        ("description", "What the sources say it is; NULL if none does"),
        ("wikidata_id", "Wikidata id (Q…), where a source gives it; NULL otherwise"),
        ("names", "Every name the reference data and the loaded documents give it; NULL if none"),
        ("aliases", "Every other name (transliterations, short forms); NULL if none"),
        (
            "posts",
            "Every post it holds or held (holds_position): 'role, organization or state';"
            " NULL if none",
        ),
    ),
    example_question="Which actors do the documents know only by what they are, not by name?",
    example_sql=(
        "SELECT actor_key, kind, description\nFROM v_actors\nWHERE name IS NULL\nORDER BY actor_key"
    ),
)

V_CORROBORATION = ViewDoc(
    name="v_corroboration",
    description=(
        "Each act (a sanction on one target, a demand, a statement, a finding, a"
        " participation, a relation), with how many documents tell of it and the first and the"
        " latest of them by publication date. An act that one document states and another"
        " names (`act:` in its facts file), or that a copy of the same text states again, is"
        " one row here and counts once in v_state_activity."
    ),
    columns=(
        ("act", "Global key of the act (acts.key)"),
        (
            "kind",
            "Table of the rows that tell of it: 'actor_relations', 'event_participants',"
            " 'statements', 'findings', 'sanctions' or 'demands'",
        ),
        ("occurred_on", _DATE + "; the most precise date its sources agree on, NULL if none"),
        ("date_precision", _PRECISION),
        (
            "documents",
            "Distinct loaded documents with a row telling of this act (a copy of a text under"
            " another slug counts as another document); the rows of its parts count on their"
            " own acts, not here",
        ),
        ("first_source", "Slug of the earliest published document that tells of it"),
        ("first_published_on", "Publication date of first_source, ISO 'YYYY-MM-DD'"),
        ("latest_source", "Slug of the latest published document that tells of it"),
        ("latest_published_on", "Publication date of latest_source, ISO 'YYYY-MM-DD'"),
        (
            "part_of",
            "Key of the act it is part of (a group sanction, of which it is one member's);"
            " NULL if none",
        ),
        (
            "disagreements",
            "How many of its columns its sources give differently: one per disputed column"
            " (field), however many sources give it (v_disagreements has a row per column and"
            " source)",
        ),
        ("act_id", "Id of the act (acts.id; the fact tables' act_id)"),
    ),
    example_question="Which sanctions are told, on what date, and by how many documents?",
    example_sql=(
        "SELECT act, occurred_on, date_precision, documents, first_source\n"
        "FROM v_corroboration\n"
        "WHERE kind = 'sanctions'\n"
        "ORDER BY act"
    ),
)
V_DISAGREEMENTS = ViewDoc(
    name="v_disagreements",
    description=(
        "The values that the sources of one act, or the documents that declare one shared"
        " entity (an event, a sanctions regime, an investigation), give differently, each with"
        " the document that gives it: one row per disputed column and source. Dates disagree"
        " only when they cannot both be true ('2020-09' and '2020-09-29' agree: the act or event"
        " takes the day). Every value is kept, each in its own document's fact row or"
        " declaration; an act's date is its first loaded row's, an entity keeps its first"
        " loaded document's value."
    ),
    columns=(
        ("act", "Global key of the act (acts.key), or the key of the entity"),
        (
            "kind",
            "Table of the act's rows (as in v_corroboration), or the entity's table: 'events',"
            " 'sanction_regimes', 'investigations'",
        ),
        ("field", "The disputed column of that table, e.g. 'imposed_on', 'legal_basis'"),
        (
            "value",
            "This source's value, as text: for an act, a name for an actor, regime, event or"
            " investigation, 'YYYY-MM-DD (precision)' for a date, 'CODE label' for a CAMEO code;"
            " for an entity, the value as declared (a reference as the key it names)",
        ),
        ("document_slug", "Slug of the document that gives this value"),
        ("published_on", "Its publication date, ISO 'YYYY-MM-DD'"),
        ("quote", _QUOTE + "; NULL for an entity"),
        ("fact_id", "Id of the fact row in its table (kind); NULL for an entity"),
    ),
    example_question="Where do the sources of an act disagree, and who says what?",
    example_sql=(
        "SELECT act, field, value, document_slug\n"
        "FROM v_disagreements\n"
        "ORDER BY act, field, published_on, document_slug"
    ),
)

VIEWS: tuple[ViewDoc, ...] = (
    V_STATEMENTS,
    V_FINDINGS,
    V_SANCTIONS,
    V_DEMANDS,
    V_EVENT_PARTICIPANTS,
    V_STATE_ACTIVITY,
    V_TIMELINE,
    V_EVIDENCE,
    V_RELATIONS,
    V_ACTORS,
    V_CORROBORATION,
    V_DISAGREEMENTS,
)

VIEW_NAMES: tuple[str, ...] = tuple(v.name for v in VIEWS)


def view_doc(name: str) -> ViewDoc:
    """The catalog entry of view `name`; KeyError if it is not a contract view."""
    for view in VIEWS:
        if view.name == name:
            return view
    raise KeyError(name)
