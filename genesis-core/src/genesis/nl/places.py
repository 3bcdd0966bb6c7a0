"""Places people name without naming a value: US census regions and divisions, coasts, demonyms, continents.

Facts only (tables, no logic). Regions and divisions are the US Census Bureau's (4 regions, 9 divisions, DC in
the South Atlantic division); coasts are the states with an ocean or Gulf of Mexico shoreline. States are
keyed by postal code so :mod:`genesis.nl.grounding` can match them through the ``us`` package in any spelling
the data uses (``Texas`` or ``TX``).
"""

from __future__ import annotations

__all__ = ["CONTINENT_ADJECTIVES", "COUNTRY_ALIASES", "COUNTRY_DEMONYMS", "FOREIGN_WORDS", "HOME_WORDS",
           "REGION_DEMONYMS", "STATE_DEMONYMS", "STATE_GROUPS"]

_DIVISIONS: dict[str, tuple[str, ...]] = {
    "new england": ("CT", "ME", "MA", "NH", "RI", "VT"),
    "mid atlantic": ("NJ", "NY", "PA"),
    "east north central": ("IL", "IN", "MI", "OH", "WI"),
    "west north central": ("IA", "KS", "MN", "MO", "NE", "ND", "SD"),
    "south atlantic": ("DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV"),
    "east south central": ("AL", "KY", "MS", "TN"),
    "west south central": ("AR", "LA", "OK", "TX"),
    "mountain": ("AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY"),
    "pacific": ("AK", "CA", "HI", "OR", "WA"),
}
_REGIONS: dict[str, tuple[str, ...]] = {
    "northeast": _DIVISIONS["new england"] + _DIVISIONS["mid atlantic"],
    "midwest": _DIVISIONS["east north central"] + _DIVISIONS["west north central"],
    "south": _DIVISIONS["south atlantic"] + _DIVISIONS["east south central"] + _DIVISIONS["west south central"],
    "west": _DIVISIONS["mountain"] + _DIVISIONS["pacific"],
}
_OTHER_GROUPS: dict[str, tuple[str, ...]] = {
    "west coast": ("CA", "OR", "WA"),
    "east coast": ("ME", "NH", "MA", "RI", "CT", "NY", "NJ", "DE", "MD", "VA", "NC", "SC", "GA", "FL"),
    "gulf coast": ("TX", "LA", "MS", "AL", "FL"),
    "pacific northwest": ("OR", "WA"),
    "southwest": ("AZ", "NM", "NV", "OK", "TX"),
    "southeast": ("AL", "FL", "GA", "KY", "MS", "NC", "SC", "TN", "VA", "WV"),
    "deep south": ("AL", "GA", "LA", "MS", "SC"),
    "great lakes": ("IL", "IN", "MI", "MN", "NY", "OH", "PA", "WI"),
    "rust belt": ("IL", "IN", "MI", "OH", "PA", "WI"),
    "lower 48": ("AL", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
                 "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
                 "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"),
}
_SPELLINGS = {"mid atlantic": ("mid atlantic", "middle atlantic"), "northeast": ("northeast", "north east"),
              "midwest": ("midwest", "mid west", "middle west"), "southwest": ("southwest", "south west"),
              "southeast": ("southeast", "south east"), "pacific northwest": ("pacific northwest", "northwest")}

#: Phrase (lower case, words separated by spaces) → postal codes of the states it names.
STATE_GROUPS: dict[str, tuple[str, ...]] = {
    spelling + suffix: codes
    for name, codes in {**_DIVISIONS, **_REGIONS, **_OTHER_GROUPS}.items()
    for spelling in _SPELLINGS.get(name, (name,))
    for suffix in ("", " state", " region", " division")
}

#: People of a region (singular, lower case) → the region's phrase in :data:`STATE_GROUPS`.
REGION_DEMONYMS: dict[str, str] = {
    "midwesterner": "midwest", "southerner": "south", "northeasterner": "northeast", "westerner": "west",
    "new englander": "new england", "west coaster": "west coast", "east coaster": "east coast",
    "southwesterner": "southwest", "northwesterner": "pacific northwest",
}

#: Demonym (singular, lower case) → postal code.
STATE_DEMONYMS: dict[str, str] = {
    "alabamian": "AL", "alabaman": "AL", "alaskan": "AK", "arizonan": "AZ", "arizonian": "AZ", "arkansan": "AR",
    "californian": "CA", "coloradan": "CO", "coloradoan": "CO", "connecticuter": "CT", "nutmegger": "CT",
    "delawarean": "DE", "washingtonian dc": "DC", "floridian": "FL", "georgian": "GA", "hawaiian": "HI",
    "idahoan": "ID", "illinoisan": "IL", "illinoisian": "IL", "indianan": "IN", "hoosier": "IN", "iowan": "IA",
    "kansan": "KS", "kentuckian": "KY", "louisianian": "LA", "louisianan": "LA", "mainer": "ME",
    "marylander": "MD", "massachusettsan": "MA", "bay stater": "MA", "michigander": "MI", "michiganian": "MI",
    "minnesotan": "MN", "mississippian": "MS", "missourian": "MO", "montanan": "MT", "nebraskan": "NE",
    "nevadan": "NV", "nevadian": "NV", "new hampshirite": "NH", "new jerseyan": "NJ", "new jerseyite": "NJ",
    "new mexican": "NM", "new yorker": "NY", "north carolinian": "NC", "north dakotan": "ND", "ohioan": "OH",
    "oklahoman": "OK", "oregonian": "OR", "pennsylvanian": "PA", "rhode islander": "RI",
    "south carolinian": "SC", "south dakotan": "SD", "tennessean": "TN", "tennesseean": "TN", "texan": "TX",
    "utahn": "UT", "utahan": "UT", "vermonter": "VT", "virginian": "VA", "washingtonian": "WA",
    "west virginian": "WV", "wisconsinite": "WI", "wyomingite": "WY",
}  # fmt: skip

#: Other names of countries (lower case) → the names data sets use for them.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "usa": ("united states",), "us": ("united states",), "u s": ("united states",), "america": ("united states",),
    "the states": ("united states",), "united states of america": ("united states",),
    "uk": ("united kingdom", "england"), "britain": ("united kingdom", "england"),
    "great britain": ("united kingdom", "england"), "south korea": ("korea, rep.", "korea republic of", "korea"),
    "north korea": ("korea, dem. rep.", "korea democratic people's republic of"),
    "holland": ("netherlands", "holand netherlands"), "the netherlands": ("netherlands", "holand netherlands"),
    "czechia": ("czech republic",), "slovakia": ("slovak republic",), "ivory coast": ("cote d'ivoire",),
    "burma": ("myanmar",), "persia": ("iran",), "dr congo": ("congo, dem. rep.",), "vietnam": ("vietnam", "viet nam"),
}  # fmt: skip

#: Demonym or adjective (lower case) → country names it can stand for.
COUNTRY_DEMONYMS: dict[str, tuple[str, ...]] = {
    "american": ("united states",), "mexican": ("mexico",), "canadian": ("canada",), "german": ("germany",),
    "filipino": ("philippines",), "filipina": ("philippines",), "indian": ("india",), "chinese": ("china",),
    "japanese": ("japan",), "french": ("france",), "british": ("united kingdom", "england"),
    "english": ("england", "united kingdom"), "scottish": ("scotland",), "scot": ("scotland",),
    "irish": ("ireland",), "italian": ("italy",), "polish": ("poland",), "pole": ("poland",), "greek": ("greece",),
    "iranian": ("iran",), "cuban": ("cuba",), "jamaican": ("jamaica",), "haitian": ("haiti",),
    "portuguese": ("portugal",), "vietnamese": ("vietnam",), "thai": ("thailand",), "cambodian": ("cambodia",),
    "laotian": ("laos",), "taiwanese": ("taiwan",), "peruvian": ("peru",), "ecuadorian": ("ecuador",),
    "guatemalan": ("guatemala",), "salvadoran": ("el salvador",), "salvadorian": ("el salvador",),
    "dominican": ("dominican republic",), "puerto rican": ("puerto rico",), "colombian": ("colombia", "columbia"),
    "brazilian": ("brazil",), "argentine": ("argentina",), "argentinian": ("argentina",), "chilean": ("chile",),
    "spanish": ("spain",), "spaniard": ("spain",), "swedish": ("sweden",), "swede": ("sweden",),
    "norwegian": ("norway",), "danish": ("denmark",), "dane": ("denmark",), "finnish": ("finland",),
    "dutch": ("netherlands", "holand netherlands"), "belgian": ("belgium",), "swiss": ("switzerland",),
    "austrian": ("austria",), "hungarian": ("hungary",), "romanian": ("romania",), "bulgarian": ("bulgaria",),
    "turkish": ("turkey",), "egyptian": ("egypt",), "nigerian": ("nigeria",), "kenyan": ("kenya",),
    "ethiopian": ("ethiopia",), "south african": ("south africa",), "australian": ("australia",),
    "new zealander": ("new zealand",), "kiwi": ("new zealand",), "korean": ("korea, rep.", "south korea", "korea"),
    "pakistani": ("pakistan",), "bangladeshi": ("bangladesh",), "indonesian": ("indonesia",),
    "malaysian": ("malaysia",), "singaporean": ("singapore",), "israeli": ("israel",), "saudi": ("saudi arabia",),
    "iraqi": ("iraq",), "afghan": ("afghanistan",), "nepali": ("nepal",), "nepalese": ("nepal",),
    "mongolian": ("mongolia",), "yugoslav": ("yugoslavia",), "serbian": ("serbia",), "croatian": ("croatia",),
    "czech": ("czech republic",), "slovak": ("slovak republic",), "icelandic": ("iceland",),
    "venezuelan": ("venezuela",), "bolivian": ("bolivia",), "uruguayan": ("uruguay",), "paraguayan": ("paraguay",),
    "honduran": ("honduras",), "nicaraguan": ("nicaragua",), "panamanian": ("panama",),
    "costa rican": ("costa rica",), "moroccan": ("morocco",), "algerian": ("algeria",), "tunisian": ("tunisia",),
    "ghanaian": ("ghana",), "lebanese": ("lebanon",), "jordanian": ("jordan",), "syrian": ("syria",),
    "sri lankan": ("sri lanka",), "trinidadian": ("trinidad and tobago", "trinadad&tobago"),
}  # fmt: skip

#: Adjective (lower case) → continent names it stands for.
CONTINENT_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "european": ("europe",), "african": ("africa",), "asian": ("asia",), "oceanian": ("oceania",),
    "australasian": ("oceania",), "north american": ("north america", "americas"),
    "south american": ("south america", "americas"), "latin american": ("latin america", "americas"),
}  # fmt: skip

#: Words for rows born in (or of) the data's home country, and for rows from elsewhere.
HOME_WORDS = ("native born", "us born", "american born", "domestic", "born in the country", "the country",
              "this country", "home country", "born here", "the us", "the usa", "the united states", "the states")
FOREIGN_WORDS = ("immigrant", "foreign born", "foreigner", "foreign", "born abroad", "abroad", "expat",
                 "born overseas", "overseas", "migrant", "non us", "non american", "international")
