"""The parser's vocabulary: comparatives, synonyms, vague terms and filler words.

Tables only, no logic, so the language the parser understands can be read (and extended) in one place.
Multi-word phrases are tuples of lower-case words.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "ABBREVIATIONS",
    "AGE_UNITS",
    "COMPARATIVES",
    "CONCEPTS",
    "COUNT_VERBS",
    "DATE_POSTFIX",
    "DATE_WORDS",
    "FILLER",
    "LOWER_POSTFIX",
    "MONEY_UNITS",
    "MONTHS",
    "NEGATIONS",
    "NONE_ANSWERS",
    "PEOPLE",
    "POSSESSION",
    "RATE_WORDS",
    "ROW_NOUNS",
    "TICKERS",
    "UPPER_POSTFIX",
    "VAGUE",
    "VALUE_ABBREVIATIONS",
    "VALUE_SYNONYMS",
    "Comparative",
    "Concept",
]

#: (operator, concept hint or None); ``over`` means ``>=`` as in the API reference's own example ("customers over
#: 50" → ``age >= 50``); ``above``, ``more than``, ``greater than`` are strict, as their plain meaning says.
Comparative = tuple[str, str | None]

COMPARATIVES: dict[tuple[str, ...], Comparative] = {
    ("over",): ("gte", None), ("above",): ("gt", None), ("at", "least"): ("gte", None),
    ("no", "less", "than"): ("gte", None), ("not", "less", "than"): ("gte", None), ("minimum", "of"): ("gte", None),
    ("min",): ("gte", None), ("more", "than"): ("gt", None), ("greater", "than"): ("gt", None),
    ("higher", "than"): ("gt", None), ("exceeding",): ("gt", None), ("older", "than"): ("gt", "age"),
    ("over", "the", "age", "of"): ("gte", "age"), ("under", "the", "age", "of"): ("lt", "age"),
    ("under",): ("lt", None), ("below",): ("lt", None), ("less", "than"): ("lt", None),
    ("fewer", "than"): ("lt", None), ("lower", "than"): ("lt", None), ("younger", "than"): ("lt", "age"),
    ("no", "fewer", "than"): ("gte", None), ("not", "fewer", "than"): ("gte", None), ("smaller", "than"): ("lt", None),
    ("bigger", "than"): ("gt", None), ("larger", "than"): ("gt", None),
    ("in", "excess", "of"): ("gt", None),
    ("greater", "than", "or", "equal", "to"): ("gte", None),
    ("less", "than", "or", "equal", "to"): ("lte", None), ("at", "or", "above"): ("gte", None),
    ("at", "or", "below"): ("lte", None), ("upwards", "of"): ("gt", None),
    ("at", "most"): ("lte", None), ("no", "more", "than"): ("lte", None), ("not", "more", "than"): ("lte", None),
    ("up", "to"): ("lte", None), ("maximum", "of"): ("lte", None), ("max",): ("lte", None),
    ("exactly",): ("eq", None), ("equal", "to"): ("eq", None), ("aged",): ("eq", "age"),
    (">",): ("gt", None), (">=",): ("gte", None), ("<",): ("lt", None), ("<=",): ("lte", None),
    ("=",): ("eq", None), ("!=",): ("ne", None),
}  # fmt: skip

#: ``50 or more``, ``50 and up``: the words after a number that make it a lower bound.
UPPER_POSTFIX: tuple[tuple[str, ...], ...] = (
    ("or", "more"), ("or", "older"), ("or", "above"), ("or", "over"), ("or", "higher"), ("or", "greater"),
    ("and", "up"), ("and", "above"), ("and", "over"), ("and", "older"), ("plus",), ("or", "better"),
    ("and", "higher"), ("and", "more"), ("and", "greater"), ("and", "beyond"), ("or", "up"), ("at", "minimum"),
    ("minimum",), ("or", "bigger"), ("or", "larger"), ("upwards",), ("and", "upwards"), ("or", "later"),
    ("or", "newer"), ("and", "later"), ("onwards",), ("onward",), ("at", "the", "least"),
)
#: ``30 or less``, ``30 and under``: the words after a number that make it an upper bound.
LOWER_POSTFIX: tuple[tuple[str, ...], ...] = (
    ("or", "less"), ("or", "fewer"), ("or", "younger"), ("or", "below"), ("or", "under"), ("or", "lower"),
    ("and", "under"), ("and", "below"), ("and", "younger"), ("or", "worse"), ("and", "less"), ("and", "fewer"),
    ("and", "lower"), ("or", "smaller"), ("at", "most"), ("at", "maximum"), ("maximum",), ("tops",),
    ("or", "earlier"), ("and", "earlier"), ("at", "the", "most"),
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

#: Words after a unit that only restate the period of a rate: ``20 hours a week``, ``$5k per month``.
RATE_WORDS: tuple[tuple[str, ...], ...] = (
    ("a", "week"), ("per", "week"), ("each", "week"), ("weekly",), ("a", "month"), ("per", "month"),
    ("monthly",), ("a", "day"), ("per", "day"), ("daily",), ("a", "year"), ("per", "year"), ("annually",),
    ("yearly",), ("in", "total"), ("total",), ("each",),
)


#: Abbreviations in column names and what users write instead: ``lifeExp`` is "life expectancy".
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "exp": ("expectancy",), "pop": ("population",), "percap": ("per", "capita"), "num": ("number",),
    "qty": ("quantity",), "amt": ("amount",), "avg": ("average",), "pct": ("percent",), "cnt": ("count",),
    "yr": ("year",), "dob": ("date", "of", "birth"), "temp": ("temperature",), "dept": ("department",),
    "emp": ("employee",), "addr": ("address",), "bal": ("balance",), "sal": ("salary",), "hr": ("hour",),
    "hrs": ("hour",), "dur": ("duration",), "freq": ("frequency",), "min": ("minimum",), "max": ("maximum",),
}  # fmt: skip


#: Abbreviations inside category values (Adult's ``HS-grad``, ``Self-emp-inc``, ``Amer-Indian-Eskimo``) and the words
#: users write instead: ``high school graduates``, ``self-employed``, ``American Indian``.
VALUE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "hs": ("high", "school"), "grad": ("graduate",), "gov": ("government",), "govt": ("government",),
    "emp": ("employed",), "inc": ("incorporated",), "amer": ("american",), "civ": ("civilian",),
    "af": ("armed", "force"), "assoc": ("associate",), "acdm": ("academic",), "voc": ("vocational",),
    "prof": ("professional",), "adm": ("administrative",), "mgr": ("manager",), "mgmt": ("management",),
    "serv": ("service",), "spec": ("specialty",), "tech": ("technical",), "univ": ("university",),
    "dept": ("department",), "intl": ("international",), "natl": ("national",), "pvt": ("private",),
}  # fmt: skip

#: Stock tickers that name columns of price tables, and the company names users write instead.
TICKERS: dict[str, tuple[str, ...]] = {
    "aapl": ("apple",), "msft": ("microsoft",), "goog": ("google", "alphabet"), "googl": ("google", "alphabet"),
    "amzn": ("amazon",), "fb": ("facebook", "meta"), "meta": ("facebook",), "nflx": ("netflix",),
    "tsla": ("tesla",), "nvda": ("nvidia",), "intc": ("intel",), "orcl": ("oracle",), "csco": ("cisco",),
    "adbe": ("adobe",), "crm": ("salesforce",), "pypl": ("paypal",), "dis": ("disney",), "wmt": ("walmart",),
    "ko": ("coca-cola", "coke"), "pep": ("pepsi", "pepsico"), "jpm": ("jpmorgan",), "amd": ("amd",),
    "ibm": ("ibm",), "baba": ("alibaba",), "sbux": ("starbucks",), "nke": ("nike",), "mcd": ("mcdonald's",),
}  # fmt: skip


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
    "party": Concept(
        names=frozenset({"size", "party", "guests", "covers", "headcount", "group"}),
        triggers=(("party", "of"), ("parties", "of"), ("groups", "of"), ("group", "of"), ("tables", "of"),
                  ("table", "of"), ("table", "for"), ("party", "size"), ("group", "size")),
    ),
    "population": Concept(
        names=frozenset({"pop", "population", "inhabitants", "residents"}),
        triggers=(("inhabitants",),),
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
    **{words: frozenset({"x", "nb", "non-binary", "nonbinary", "other", "o", "d", "diverse"})
       for words in (("non", "binary"), ("nonbinary",), ("enby",), ("genderqueer",), ("gender", "diverse"))},
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
    ("outside",), ("isn't",), ("aren't",), ("never",), ("don't",), ("doesn't",), ("didn't",), ("haven't",),
    ("hasn't",), ("hadn't",), ("wasn't",), ("weren't",), ("won't",), ("do", "not"), ("does", "not"),
    ("did", "not"), ("have", "not"), ("has", "not"), ("neither",), ("nor",),
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
    ("no", "later", "than"): "until", ("not", "later", "than"): "until", ("no", "earlier", "than"): "since",
    ("not", "earlier", "than"): "since", ("on", "or", "after"): "since", ("on", "or", "before"): "until",
    ("in", "or", "after"): "since", ("in", "or", "before"): "until", ("till",): "until", ("through",): "until",
    ("up", "to"): "until", ("up", "to", "the", "end", "of"): "until", ("to", "the", "end", "of"): "until",
    ("by", "the", "end", "of"): "until", ("up", "until"): "until", ("as", "of"): "since", ("starting",): "since",
    ("starting", "in"): "since", ("starting", "from"): "since", ("beginning", "in"): "since",
    ("later", "than"): "after",
    ("earlier", "than"): "before", ("at", "or", "after"): "since", ("within",): "in", ("throughout",): "in",
}  # fmt: skip

#: Words after a date that turn "in 2019" into an open bound: ``2019 onwards``, ``May 2018 or earlier``.
DATE_POSTFIX: dict[tuple[str, ...], str] = {
    ("on",): "since", ("onwards",): "since", ("onward",): "since", ("or", "later"): "since",
    ("and", "later"): "since", ("and", "beyond"): "since", ("or", "earlier"): "until", ("and", "earlier"): "until",
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

#: Nouns for what a row is (``500 weeks``, ``tables on the weekend``): they carry no condition.
ROW_NOUNS = frozenset({
    "rows", "row", "weeks", "week", "days", "months", "countries", "nations", "tables", "parties", "party",
    "diners", "diner", "guests", "observations", "items", "cases", "transactions", "events", "visits",
    "households", "readings", "measurements", "points", "lines", "instances", "examples", "values", "things",
    "ones", "anything", "anyone", "somebody", "someone", "everyone", "kind", "sort", "type", "types", "who",
    "times", "placed", "made",
})  # fmt: skip

#: Nouns for people: ``customers over 50`` speaks of their age.
PEOPLE = frozenset({
    "people", "persons", "customers", "users", "clients", "members", "employees", "individuals", "patients",
    "subscribers", "adults", "women", "men", "females", "males", "ladies", "guys", "smokers", "non-smokers",
    "workers", "residents", "buyers", "shoppers", "students", "voters", "citizens", "folks", "respondents",
    "wives", "husbands", "immigrants", "earners", "consumers", "households", "staff",
    "applicants", "borrowers", "holders", "owners", "participants", "humans", "kids", "children",
})  # fmt: skip

#: Replies that decline a clarification question about conditions.
NONE_ANSWERS = frozenset({"no", "none", "nope", "nothing", "skip", "no conditions", "any", "anything", "all",
                          "no thanks", "n/a", "na", "no filter", "no filters"})  # fmt: skip
