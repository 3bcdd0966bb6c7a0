"""The parser's vocabulary: comparatives, synonyms, vague terms and filler words.

Tables only, no logic, so the language the parser understands can be read (and extended) in one place.
Multi-word phrases are tuples of lower-case words.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "AGE_UNITS",
    "COMPARATIVES",
    "CONCEPTS",
    "COUNT_VERBS",
    "DATE_WORDS",
    "FILLER",
    "LOWER_POSTFIX",
    "MONEY_UNITS",
    "MONTHS",
    "NEGATIONS",
    "NONE_ANSWERS",
    "PEOPLE",
    "POSSESSION",
    "UPPER_POSTFIX",
    "VAGUE",
    "VALUE_SYNONYMS",
    "Comparative",
    "Concept",
]

#: (operator, concept hint or None); ``over`` means ``>=`` as in the API reference's own example.
Comparative = tuple[str, str | None]

COMPARATIVES: dict[tuple[str, ...], Comparative] = {
    ("over",): ("gte", None), ("above",): ("gte", None), ("at", "least"): ("gte", None),
    ("no", "less", "than"): ("gte", None), ("not", "less", "than"): ("gte", None), ("minimum", "of"): ("gte", None),
    ("min",): ("gte", None), ("more", "than"): ("gt", None), ("greater", "than"): ("gt", None),
    ("higher", "than"): ("gt", None), ("exceeding",): ("gt", None), ("older", "than"): ("gt", "age"),
    ("over", "the", "age", "of"): ("gte", "age"), ("under", "the", "age", "of"): ("lt", "age"),
    ("under",): ("lt", None), ("below",): ("lt", None), ("less", "than"): ("lt", None),
    ("fewer", "than"): ("lt", None), ("lower", "than"): ("lt", None), ("younger", "than"): ("lt", "age"),
    ("at", "most"): ("lte", None), ("no", "more", "than"): ("lte", None), ("not", "more", "than"): ("lte", None),
    ("up", "to"): ("lte", None), ("maximum", "of"): ("lte", None), ("max",): ("lte", None),
    ("exactly",): ("eq", None), ("equal", "to"): ("eq", None), ("aged",): ("eq", "age"),
    (">",): ("gt", None), (">=",): ("gte", None), ("<",): ("lt", None), ("<=",): ("lte", None),
    ("=",): ("eq", None), ("!=",): ("ne", None),
}  # fmt: skip

#: ``50 or more``, ``50 and up``: the words after a number that make it a lower bound.
UPPER_POSTFIX: tuple[tuple[str, ...], ...] = (
    ("or", "more"), ("or", "older"), ("or", "above"), ("or", "over"), ("or", "higher"), ("or", "greater"),
    ("and", "up"), ("and", "above"), ("and", "over"), ("and", "older"), ("plus",),
)
#: ``30 or less``, ``30 and under``: the words after a number that make it an upper bound.
LOWER_POSTFIX: tuple[tuple[str, ...], ...] = (
    ("or", "less"), ("or", "fewer"), ("or", "younger"), ("or", "below"), ("or", "under"), ("or", "lower"),
    ("and", "under"), ("and", "below"), ("and", "younger"),
)

#: Words after a number that say it is an age.
AGE_UNITS: tuple[tuple[str, ...], ...] = (
    ("years", "old"), ("year", "old"), ("year", "-", "old"), ("years", "-", "old"), ("yrs", "old"), ("yo",),
    ("year", "olds"), ("year", "-", "olds"), ("years",), ("yrs",),
)
#: Words after a number that say it is money.
MONEY_UNITS: tuple[tuple[str, ...], ...] = (
    ("dollars",), ("usd",), ("bucks",), ("a", "year"), ("per", "year"), ("per", "annum"), ("annually",),
)

class Concept(NamedTuple):
    """A thing users name in many ways: ``names`` are words found in column names, ``triggers`` phrases in prompts."""

    names: frozenset[str]
    triggers: tuple[tuple[str, ...], ...]


CONCEPTS: dict[str, Concept] = {
    "age": Concept(
        names=frozenset({"age", "ages", "aged"}),
        triggers=(("age",), ("ages",), ("aged",), ("years", "old"), ("year", "old")),
    ),
    "income": Concept(
        names=frozenset({"income", "salary", "wage", "wages", "earnings", "pay", "compensation"}),
        triggers=(("income",), ("incomes",), ("salary",), ("salaries",), ("making",), ("make",), ("makes",),
                  ("earning",), ("earn",), ("earns",), ("earned",), ("earners",), ("paid",), ("wage",),
                  ("wages",), ("earnings",), ("pay",)),
    ),
    "spend": Concept(
        names=frozenset({"spend", "spending", "spent", "purchase", "purchases", "amount", "price", "cost",
                           "revenue", "balance", "value", "total"}),
        triggers=(("spending",), ("spent",), ("spend",), ("spends",), ("spenders",), ("costing",),
                  ("priced",), ("price",), ("balance",), ("amount",)),
    ),
    "gender": Concept(names=frozenset({"gender", "sex"}), triggers=(("gender",), ("sex",))),
    "signup": Concept(
        names=frozenset({"signup", "signed", "joined", "join", "registered", "registration", "created",
                           "enrolled", "enrollment", "start", "started", "since", "onboarded", "opened"}),
        triggers=(("signed", "up"), ("sign", "up"), ("signup",), ("signups",), ("joined",), ("join",),
                  ("joining",), ("registered",), ("enrolled",), ("created",), ("onboarded",),
                  ("member", "since"), ("customer", "since"), ("opened",), ("started",)),
    ),
    "birth": Concept(
        names=frozenset({"birth", "born", "dob", "birthday", "birthdate"}),
        triggers=(("born",), ("birth",), ("birthday",)),
    ),
    "location": Concept(
        names=frozenset({"state", "province", "region", "country", "city", "location"}),
        triggers=(("state",), ("living", "in"), ("lives", "in"), ("live", "in"), ("based", "in"),
                  ("located", "in"), ("residents", "of"), ("from",)),
    ),
}  # fmt: skip

#: Prompt words standing for category values; each maps to spellings the data may use.
VALUE_SYNONYMS: dict[tuple[str, ...], frozenset[str]] = {
    **{(w,): frozenset({"f", "female", "woman", "women", "w"})
       for w in ("women", "woman", "female", "females", "ladies", "lady", "girls", "girl")},
    **{(w,): frozenset({"m", "male", "man", "men"}) for w in ("men", "man", "male", "males", "guys", "boys", "boy")},
    **{(w,): frozenset({"churned", "churn", "lost", "cancelled", "canceled", "inactive", "churner"})
       for w in ("churned", "churners", "churning", "lost")},
    **{(w,): frozenset({"active", "current"}) for w in ("active", "current")},
    **{(w,): frozenset({"premium", "pro", "gold"}) for w in ("premium",)},
    ("yes",): frozenset({"yes", "y", "true", "1"}),
    ("no",): frozenset({"no", "n", "false", "0"}),
}  # fmt: skip

#: Vague words: (concept, direction). They produce a question with concrete thresholds instead of a guess.
VAGUE: dict[tuple[str, ...], tuple[str, str]] = {
    ("rich",): ("income", "high"), ("wealthy",): ("income", "high"), ("affluent",): ("income", "high"),
    ("high", "earners"): ("income", "high"), ("high", "income"): ("income", "high"),
    ("high", "-", "income"): ("income", "high"), ("well", "-", "off"): ("income", "high"),
    ("poor",): ("income", "low"), ("low", "income"): ("income", "low"), ("low", "-", "income"): ("income", "low"),
    ("low", "earners"): ("income", "low"), ("young",): ("age", "low"), ("youngsters",): ("age", "low"),
    ("old",): ("age", "high"), ("elderly",): ("age", "high"), ("seniors",): ("age", "high"),
    ("senior",): ("age", "high"), ("older",): ("age", "high"), ("middle", "-", "aged"): ("age", "middle"),
    ("middle", "aged"): ("age", "middle"), ("big", "spenders"): ("spend", "high"),
    ("recent",): ("signup", "high"), ("new",): ("signup", "high"), ("long", "-", "time"): ("signup", "low"),
}  # fmt: skip

#: Words that negate the next value: ``not in NY``, ``non-premium``, ``excluding churned``.
NEGATIONS: tuple[tuple[str, ...], ...] = (
    ("not",), ("non",), ("no",), ("excluding",), ("exclude",), ("except",), ("without",), ("other", "than"),
    ("outside",), ("isn't",), ("aren't",), ("never",),
)

#: Words that introduce a thing users want the rows to have: ``with pets``, ``who have kids``.
POSSESSION: tuple[tuple[str, ...], ...] = (
    ("with",), ("who", "have"), ("who", "has"), ("that", "have"), ("having",), ("owning",), ("who", "own"),
    ("whose",),
)

#: Verbs after which a number is the row count: ``generate 500 ...``.
COUNT_VERBS = frozenset({
    "generate", "create", "make", "produce", "synthesize", "synthesise", "simulate", "sample", "give", "get",
    "need", "want", "build", "fake", "show", "return", "output", "draw", "me", "us", "please",
})  # fmt: skip

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip

#: Prepositions that introduce a date: (kind) used by the date recogniser.
DATE_WORDS: dict[tuple[str, ...], str] = {
    ("after",): "after", ("since",): "since", ("from",): "since", ("before",): "before", ("until",): "until",
    ("prior", "to"): "before", ("in",): "in", ("during",): "in", ("on",): "in", ("by",): "until",
}  # fmt: skip

#: Words that carry no condition: people nouns, verbs of request, articles, conjunctions.
FILLER = frozenset({
    "a", "an", "the", "of", "for", "and", "or", "but", "to", "in", "on", "at", "by", "with", "who", "whom", "that",
    "which", "whose", "where", "is", "are", "was", "were", "be", "been", "their", "them", "they", "its", "it",
    "his", "her", "some", "any", "all", "each", "every", "data", "dataset", "rows", "row", "records", "record",
    "samples", "sample", "entries", "entry", "examples", "people", "persons", "person", "customers", "customer",
    "users", "user", "clients", "client", "members", "member", "employees", "employee", "individuals",
    "accounts", "account", "patients", "patient", "subscribers", "subscriber", "synthetic", "fake", "random",
    "please", "me", "us", "i", "we", "you", "like", "just", "only", "also", "both", "either", "generate",
    "create", "make", "produce", "give", "get", "need", "want", "show", "build", "simulate", "synthesize",
    "synthesise", "have", "has", "had", "having", "living", "lives", "live", "based", "located", "from",
    "about", "around", "roughly", "approximately", "table", "set", "list", "those", "these", "this",
    "many", "much", "can", "could", "would", "should", "will", "do", "does", "my", "our", "your", "more",
    "less", "than", "then", "so", "as", "such", "up", "out", "into", "per", "what", "how", "there", "here",
    "group", "groups", "population", "cohort", "ones", "one", "folks", "let's", "lets",
})  # fmt: skip

#: Nouns for people: ``customers over 50`` speaks of their age.
PEOPLE = frozenset({
    "people", "persons", "customers", "users", "clients", "members", "employees", "individuals", "patients",
    "subscribers", "adults", "women", "men", "females", "males", "ladies", "guys", "smokers", "non-smokers",
    "workers", "residents", "buyers", "shoppers", "students", "voters", "citizens", "folks", "respondents",
})  # fmt: skip

#: Replies that decline a clarification question about conditions.
NONE_ANSWERS = frozenset({"no", "none", "nope", "nothing", "skip", "no conditions", "any", "anything", "all",
                          "no thanks", "n/a", "na", "no filter", "no filters"})  # fmt: skip
