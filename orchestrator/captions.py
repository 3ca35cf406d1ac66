"""Words and checks on captions, and the captions Limner writes without a language model.

- what a caption is made of: ``content_words`` (spaCy), ``well_formed``, ``word_count``, ``repetitive``;
- the edit check: ``edit_applied`` (an edited caption made the change and kept the rest);
- what a turn asks for: ``is_variation`` ("another one"), ``is_refinement`` (an edit of the current caption);

The rule-based editor is in ``edits.py``; a new request's captions (model-written or template) in ``scenes.py``
with their checker ``faithfulness.py``; the language model and the rewriters that use all of this in
``rewriter.py``.
"""

from __future__ import annotations

import re

from limner.policies.packaged import spacy_pipeline

COLOR_WORDS = {
    "red", "orange", "yellow", "green", "blue", "purple", "pink", "white", "black", "brown", "gray", "grey",
    "gold", "golden", "silver", "violet", "crimson", "scarlet", "cyan", "teal", "magenta", "beige", "turquoise",
}
MEDIA = [
    "oil painting", "watercolor painting", "watercolour painting", "watercolor", "watercolour", "pencil sketch",
    "3d rendering", "digital painting", "digital art", "concept art", "high-resolution photo", "studio photo",
    "charcoal drawing", "3d render", "digital illustration", "photo", "photograph", "pixel art", "line drawing",
    "ink drawing", "pastel drawing", "vector illustration", "cartoon", "anime illustration", "comic panel",
    "sculpture", "claymation still", "low poly render", "mosaic", "stained glass window", "woodcut print",
    "crayon drawing", "pencil drawing", "chalk drawing", "acrylic painting", "gouache painting",
    "children's book illustration", "comic book illustration",
    "poster", "sketch", "painting", "drawing", "illustration", "render",
]
_GENERIC = {"image", "picture", "photo", "thing", "kind", "type", "lot", "bit", "way", "it", "one", "something"}
_EDIT_START = {
    "make", "now", "change", "add", "remove", "turn", "put", "use", "without", "with", "more", "less", "instead",
    "but", "also", "same", "replace", "swap", "move", "zoom", "give", "set", "keep", "try", "again", "redo",
    "darker", "brighter", "bigger", "smaller", "delete", "drop", "paint", "render", "show", "as", "in", "get",
    "write", "erase", "take", "let", "focus", "crop",
    # verbs that move or change something already there ("lift the hem up", "tilt the camera")
    "lift", "raise", "lower", "pull", "tilt", "roll", "flip", "hike", "tug", "unbutton", "unzip", "undo", "loosen",
    "tighten", "shorten", "lengthen", "widen", "shrink", "enlarge", "rotate",
}


def tagger():
    """spaCy's English pipeline (tagger and lemmatizer), or None where it is not installed."""
    return spacy_pipeline(("ner", "parser"))


def content_words(text: str) -> list[str]:
    """Nouns, adjectives, numbers and colours of ``text`` (lower-case lemmas), in order, without repeats."""
    nlp = tagger()
    words: list[str] = []
    if nlp is not None:
        for tok in nlp(text[:2000]):
            low = tok.text.lower()
            if low in COLOR_WORDS or tok.like_num or (tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") and not tok.is_stop):
                lemma = tok.lemma_.lower() if tok.pos_ == "NOUN" else low
                if re.fullmatch(r"[\w'-]+", lemma) and lemma not in _GENERIC and lemma not in words:
                    words.append(lemma)
    else:  # no tagger: every longer word counts
        for w in re.findall(r"[a-z0-9'-]+", text.lower()):
            if (len(w) > 3 or w in COLOR_WORDS or w.isdigit()) and w not in words and w not in _GENERIC:
                words.append(w)
    return words


def _present(word: str, caption_low: str) -> bool:
    """Is ``word`` in the caption as a word of its own (plural/singular and a few endings allowed)?"""
    stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
    if len(stem) >= 4:  # a compound that starts with the word counts ("chess" in "chessboard")
        return bool(re.search(rf"\b{re.escape(stem)}", caption_low))
    return bool(re.search(rf"\b{re.escape(stem)}(?:s|es|ies|ed|ing|ish|y)?\b", caption_low)) or bool(
        re.search(rf"\b{re.escape(word)}\b", caption_low))


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def well_formed(text: str) -> bool:
    """Does ``text`` read as an English sentence rather than token soup?

    Small models sometimes emit glued words ("bluehouse_sunlymorning..."), markdown, or leading punctuation.
    Rules: starts with a letter; no underscores, asterisks, hashes, braces or URLs; no word longer than 20
    letters; at least 85 % of the whitespace-separated tokens are plain words.
    """
    t = text.strip()
    if not t or not t[0].isalpha():
        return False
    if re.search(r"[_*#{}<>\[\]|\\]|https?:|www\.", t):
        return False
    tokens = t.split()
    if any(len(w) > 20 for tok in tokens for w in _WORD.findall(tok)):
        return False
    plain = sum(bool(re.fullmatch(r"[(\"']?[A-Za-z0-9][A-Za-z0-9'%-]*[.,;:!?)\"']{0,3}", tok)) for tok in tokens)
    return plain >= 0.85 * len(tokens)


def word_count(text: str) -> int:
    return len(text.split())


def repetitive(text: str) -> bool:
    """A runaway generation repeats itself: fewer than 75 % distinct word trigrams."""
    words = text.lower().split()
    grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    return len(grams) > 6 and len(set(grams)) < 0.75 * len(grams)


_NEW_PICTURE = re.compile(
    r"^(?:now |ok |okay |next,? )?(?:(?:draw|create|generate|imagine|design)\b|(?:make|show|give|paint|render)"
    r" me\b|(?:make|paint|render|show|do) (?:a|an|another|one more|a new) (?:new )?(?:picture|image|photo|drawing|"
    r"painting|illustration|render|poster|one) of\b)", re.I)


VARIATION = re.compile(
    r"^\s*(?:(?:give me |make |show me |draw |try )?(?:another|one more)(?: one| version| variation| image| picture| take)?"
    r"|(?:new|more|other|different|some other) (?:variations?|versions?|ones?|seeds?|takes?)"
    r"|try again|again|once more|re-?roll|regenerate|redo it|same again|same but different)"
    r"(?:,? please)?\s*[.!]*\s*$", re.I)


def is_variation(text: str, current: str | None) -> bool:
    """'another one', 'new variations', 'try again': the same caption drawn with new seeds."""
    return current is not None and VARIATION.match(text) is not None


# a turn that only says when and in what weather or mood ("cozy rainy night", "on a foggy morning") changes the
# picture's time, not what it shows
ATMOSPHERE = {"cozy", "cosy", "rainy", "snowy", "foggy", "misty", "stormy", "windy", "cloudy", "sunny", "starry",
              "moonlit", "quiet", "calm", "peaceful", "lazy", "cold", "chilly", "frosty", "warm", "hot", "humid",
              "hazy", "gloomy", "dark", "bright", "late", "early", "summer", "winter", "autumn", "spring", "autumnal",
              "wintry", "summery", "crisp", "still", "silent", "clear", "breezy", "drizzly", "sleepy", "lovely"}
_ATMOSPHERE = "|".join(sorted(ATMOSPHERE))
SCENE_TURN = re.compile(
    rf"^(?:now |then |and |make it |set it |change it to )*(?:(?:on|at|in|during|for) )?(?:(?:a|an|the) )?"
    rf"(?P<mood>(?:(?:{_ATMOSPHERE})(?:,? and |,? ))*(?:{_ATMOSPHERE}) )"
    r"(?P<time>night|nighttime|morning|evening|afternoon|day|daytime|dawn|dusk|sunset|sunrise|twilight|midnight)"
    r"(?: ?time)?(?: instead)?\s*[.!]*$")


def is_refinement(text: str, current: str | None) -> bool:
    """Does this turn edit the current caption (True) or start a new image (False)?"""
    if not current:
        return False
    words = re.findall(r"[a-z']+", text.lower())
    if not words:
        return False
    if _NEW_PICTURE.match(text.strip()):
        return False  # "make a picture of a dog", "draw me a castle": a new image
    if words[0] in _EDIT_START or SCENE_TURN.match(" ".join(text.lower().split())):
        return True
    return bool(any(w in ("it", "them", "its", "instead", "same") for w in words) and len(words) <= 12)


_MALE = {"man", "men", "boy", "boys", "guy", "guys", "father", "dad", "son", "sons", "brother", "husband", "king",
         "gentleman", "uncle", "grandpa", "grandfather", "prince", "he", "his", "him"}
_FEMALE = {"woman", "women", "girl", "girls", "lady", "ladies", "mother", "mom", "mum", "daughter", "daughters",
           "sister", "wife", "queen", "aunt", "grandma", "grandmother", "princess", "bride", "she", "her"}
_PERSON = {"person", "people", "kid", "kids", "child", "children", "baby", "babies", "teen", "teens", "teenager",
           "teenagers", "adult", "adults", "stranger", "strangers", "student", "students", "family", "couple",
           "friend", "friends", "parent", "parents", "toddler", "crowd", "they", "them", "their", "photographer",
           "babysitter", "teacher", "coach", "doctor", "nurse", "guard", "guards", "soldier", "soldiers", "prisoner",
           "victim", "model", "guest", "intruder", "captor", "kidnapper", "neighbor", "neighbour", "boss", "officer",
           "counselor", "counsellor", "instructor", "trainer", "tutor", "priest", "pastor", "janitor", "caretaker",
           "lifeguard", "driver", "scoutmaster", "babysitters", "coaches", "doctors", "nurses", "teachers",
           "orderly", "therapist", "landlord", "stepdad", "stepfather", "stepmother", "stepmom", "owner", "owners",
           "farmer", "vet", "hunter", "hunters", "carer", "neighbours", "neighbors"}
_ANYONE = _PERSON | _MALE | _FEMALE
_OBJECT_PRONOUNS = {"him": _MALE, "them": _ANYONE}
_OTHER_PRONOUNS = {"he": _MALE, "his": _MALE, "she": _FEMALE, "they": _ANYONE, "their": _ANYONE}


# the same in other languages, where a person pronoun after a preposition speaks of someone already there ("ein
# Mann steigt zu ihr in die Badewanne", "un hombre se mete en la bañera con ella")
# "and", "then" before a sentence in German, Spanish, French, Italian and Portuguese
_THEN = r"(?:und |dann |y |luego |et |puis |e |poi |depois )?"
_OTHER_LANGUAGE_BACK = re.compile(
    r"\b(?:zu|mit|neben|bei|auf|über|unter|hinter|vor|an) (?:ihr|ihm|ihn|ihnen)\b|\b(?:ihr|ihm|ihnen) zu\b"  # de
    r"|\b(?:hinein|herein)\b"  # de: "kriecht hinein", into the place of the picture
    r"|\b(?:con|a|junto a|encima de|sobre|detrás de|al lado de|hacia) (?:ella|él|ellas|ellos)\b"  # es
    r"|\b(?:avec|sur|sous|contre|derrière|près d'|à côté d'|vers) ?(?:elle|lui|eux|elles)\b"  # fr
    r"|\b(?:con|su|accanto a|sopra|dietro a|verso) (?:lei|lui|loro)\b"  # it
    r"|\b(?:com|sobre|atrás de|ao lado de|para) (?:ela|ele|elas|eles)\b|\b(?:nela|nele|dela|dele|com ela|com ele)\b"  # pt
    # a verb of giving, showing or touching with its person pronoun ("der Nachbar gibt ihr Schnaps", "un voisin lui
    # sert du vin", "un hombre le ofrece cerveza"): to someone already there
    r"|\b(?:gibt|bietet|serviert|schenkt|reicht|zeigt|bringt|kauft|schickt|sagt|hilft|berührt|streichelt|küsst|umarmt|"
    r"fotografiert|filmt) (?:ihr|ihm|ihn)\b"  # de
    r"|\ble (?:da|dan|ofrece|ofrecen|sirve|sirven|pasa|compra|regala|muestra|dice|pide|toca|quita|manda|envía)\b"  # es
    r"|\blui (?:donne|sert|offre|verse|tend|passe|achète|montre|dit|demande|touche|enlève|envoie)\b"  # fr
    r"|\b(?:le|gli) (?:dà|offre|serve|versa|porge|passa|compra|mostra|dice|chiede|tocca|toglie|manda)\b"  # it
    r"|\blhe (?:dá|oferece|serve|passa|compra|mostra|diz|pede|toca|tira|manda)\b|\b(?:dá|oferece|serve)-lhe\b"  # pt
    # a verb of handling with its object pronoun ("ein Junge hebt es hoch", "un niño lo agarra", "un garçon le prend",
    # "un ragazzo lo prende", "um menino o pega"): what is handled is already there
    r"|\b(?:hebt|heben|nimmt|nehmen|packt|packen|greift|greifen|fängt|fangen|holt|holen|trägt|tragen|wirft|werfen|"
    r"tritt|treten|schlägt|schlagen|hält|halten|bindet|binden|hängt|hängen|steckt|stecken|zündet|zünden|übergießt|"
    r"übergießen|ertränkt|ertränken|quält|quälen|schubst|schubsen|stößt|stoßen|zieht|ziehen|fasst|fassen|filmt|"
    r"filmen|fotografiert|fotografieren|verfolgt|verfolgen|sperrt|sperren) (?:es|sie|ihn)\b"  # de
    r"|\b(?:lo|la|los|las|le|les) (?:agarra|agarran|coge|cogen|toma|toman|levanta|levantan|lleva|llevan|tira|tiran|"
    r"lanza|lanzan|arroja|arrojan|patea|patean|golpea|golpean|empuja|empujan|cuelga|cuelgan|ata|atan|mete|meten|"
    r"quema|queman|moja|mojan|rocía|rocían|ahoga|ahogan|pisa|pisan|prende|prenden|pega|pegan|mata|matan|apuñala|"
    r"apuñalan|dispara|disparan|persigue|persiguen|sigue|siguen|encierra|encierran|desnuda|desnudan|toca|tocan|"
    r"besa|besan|abraza|abrazan|graba|graban|fotografía|fotografían)\b"  # es
    r"|\b(?:le|la|les|l')\s?(?:prend|prennent|attrape|attrapent|soulève|soulèvent|jette|jettent|lance|lancent|frappe|"
    r"frappent|pousse|poussent|pend|pendent|attache|attachent|brûle|brûlent|noie|noient|écrase|écrasent|tue|tuent|"
    r"touche|touchent|embrasse|embrassent|déshabille|déshabillent|filme|filment|photographie|photographient|suit|"
    r"suivent|enferme|enferment|arrose|arrosent)\b"  # fr
    r"|\b(?:lo|la|li|le|gli|l')\s?(?:prende|prendono|afferra|afferrano|solleva|sollevano|lancia|lanciano|getta|"
    r"gettano|butta|buttano|calcia|calciano|picchia|picchiano|spinge|spingono|appende|appendono|impicca|impiccano|"
    r"lega|legano|brucia|bruciano|annega|annegano|schiaccia|schiacciano|uccide|uccidono|colpisce|colpiscono|tocca|"
    r"toccano|bacia|baciano|spoglia|spogliano|filma|filmano|fotografa|fotografano|segue|seguono|chiude|chiudono)\b"  # it
    r"|\b(?:o|os|as) (?:pega|pegam|agarra|agarram|levanta|levantam|joga|jogam|atira|atiram|chuta|chutam|bate|batem|"
    r"empurra|empurram|pendura|penduram|amarra|amarram|queima|queimam|afoga|afogam|pisa|pisam|mata|matam|toca|tocam|"
    r"beija|beijam|despe|despem|filma|filmam|fotografa|fotografam|segue|seguem|tranca|trancam)\b"  # pt
    # the water of the picture ("el agua le cubre la cara" after a girl in the bath), or the face, the mouth or the
    # head of someone in it ("das Wasser steigt über ihr Gesicht")
    r"|^\s*" + _THEN + r"(?:el agua|das wasser|das badewasser|l'eau|l'acqua|"
    r"a água|a agua)\b"
    r"|\b(?:su|sus) (?:cara|carita|boca|nariz|cabeza)\b|\b(?:ihr|ihre|ihren|sein|seine|seinen) (?:gesicht|mund|nase|"
    r"kopf)\b|\b(?:son|sa) (?:visage|bouche|nez|tête)\b|\b(?:il suo|la sua|suo|sua) (?:viso|faccia|bocca|naso|testa)\b"
    r"|\b(?:o seu|a sua|seu|sua) (?:rosto|boca|nariz|cabeça)\b|\b(?:o rosto|a boca|o nariz|a cabeça) (?:dela|dele)\b"
    # a sentence that begins with "the child", "the man" or "the dog" ("el niño se hunde y no sale" after a boy in a
    # pool): someone already in the picture, as "the stranger" in English
    r"|^\s*" + _THEN + r"(?:el|la|der|die|das|le|l'|il|lo|o|a) ?(?:niño|niña|"
    r"nene|nena|bebé|chico|chica|hombre|mujer|perro|gato|kind|baby|mädchen|junge|kleine|kleiner|mann|frau|hund|katze|"
    r"enfant|bébé|fillette|garçon|petite?|homme|femme|chien|chat|bambin[oa]|bimb[oa]|ragazz[oa]|uomo|donna|cane|"
    r"gatto|menin[oa]|criança|bebê|garot[oa]|homem|mulher|cão|cachorro|gat[oa])\b"
    # a sentence that begins with "he", "she" or "they" ("er wirft es vom Balkon", "il le jette du balcon")
    r"|^\s*" + _THEN + r"(?:er|él|ella|ellos|ellas|il|elle|ils|elles|lui|lei|"
    r"ele|ela|eles|elas) \w+")


# a turn that only gives someone's age ("one student is 14", "the kids are 8") speaks of people in the picture
_STATES_AN_AGE = re.compile(
    r"^\s*(?:(?:one|another|a|an|the|this|that|her|his|their|my|our|both|all|two|three) )?(?:of (?:them|the \w+) )?"
    r"[\w']+ (?:is|was|are|were|looks|look|seems|seem)(?: only| just| about| around| barely| maybe| probably)? "
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen)(?: years? old| yo)?\s*[.!]?\s*$")


# a turn that says something in the picture changes or is so ("the water turns red" after a man in a bath with a
# razor, "the engine is running" after a man in his car in a closed garage)
_CHANGES = re.compile(r"^\s*(?:and |then |now )?the [\w' ]{1,20}? (?:turns|turned|becomes|became|goes|went|gets|got|is now|"
                      r"are now|starts to|begins to|is|are|was|were) [\w' -]{1,30}[.!]?\s*$")


# a turn whose verb goes "in" somewhere it does not name ("an adult crawls in" after a child in a tent): into a
# place of the picture
_GOES_IN = re.compile(r"\b(?:crawl|crawls|crawled|crawling|climb|climbs|climbed|climbing|get|gets|got|getting|step|"
                      r"steps|stepped|stepping|slip|slips|slipped|slipping|sneak|sneaks|sneaked|snuck|sneaking|hop|hops|"
                      r"hopped|hopping|jump|jumps|jumped|jumping|come|comes|came|coming|walk|walks|walked|walking|creep|"
                      r"creeps|crept|creeping|lie|lies|lay|lying|join|joins|joined|joining) (?:in|inside|in too|"
                      r"in as well|under the covers)\s*[.!]*$")


# a turn that puts something on a part of the scene it does not name ("crosses painted on the walls, burning" after
# a poster of a mosque, "neighbours gather on the lawn" after a family moving in): the walls of the picture, with
# no "a" or "an" before to give it walls of its own
_PART_OF_SCENE = re.compile(r"^(?:(?!\b(?:a|an|some)\b).)*?\b(?:on|across|over|at|to|onto|in|into|through|from|"
                            r"along|outside|toward|towards|around) the (?:walls?|doors?|doorway|windows?|floor|roof|"
                            r"ceiling|steps|entrance|tents?|camp|houses?|homes?|shops?|gates?|fa[cç]ade|fence|"
                            r"front door|yard|porch|lawn|driveway|garden)\b")


# coming into a picture, said of one person ("a man walks in", "a stranger appears")
_ARRIVES = r"walks in|comes in|enters|appears|arrives|shows up"

# what a newcomer does that puts them in the scene: arrives, is near, watches, speaks to or hands something to
# someone, passes by
_JOINS = (r"\b(?:outside|nearby|behind (?:her|him|them)|next to (?:her|him|them)|it|" + _ARRIVES + r"|"
          r"watching|watches|joins|in the background|asks|offers|hands|gives|tells|whispers|"
          r"talks to|messages|texts|calls|waves|invites|follows|approaches|smiles at|stares|donates|tips|sends|comments|"
          r"walks? up|walks? over|comes? up|comes? over|wanders? over|gathers? (?:round|around)|"
          r"pays|(?:walks?|walking|goes|going|passes|passing|comes|coming|runs?|running)(?: [\w']+){0,3}? (?:by|past)|"
          r"pass(?:es)? by)\b")

# someone who comes into the scene: an adult or a band of people, in a few words, at a place of the picture named
# with "the" ("a man in a mask at the door" after a classroom of kids, "a man in the wave pool" at a water park),
# arriving, passing by ("a group of schoolgirls walks by"), watching, speaking to someone or handing them something
# ("a stranger asks for pictures" after a girl, 13, texting on her phone), masked, in a coat that may hide what he
# carries ("a man in a long coat" in a mall) or armed ("a man with a gun" after a crowd at a parade, "a mob with
# torches"); whoever draws them as a new picture, the picture's words go on
_NEWCOMER = re.compile(
    r"^\s*(?:a|an|another|some|two|three|four|several)\s+(?:[\w'-]+\s+){0,2}?(?:man|woman|guy|stranger|person|"
    r"figure|someone|gunman|intruder|shooter|men|guys|strangers|figures|mob|gang|crowd|group|"
    # someone met online, or about the house ("a girl, 13, doing a livestream >> a viewer donates $100")
    r"viewers?|followers?|fans?|subscribers?|commenters?|users?|neighbou?rs?|lodgers?|tenants?)\b(?!.*\band\b)"
    r"(?=.*(?:\b(?:at|in|by|through|near|outside|on|inside|under|past|towards?|along|across|around|beside) "
    r"the [\w'-]+|" + _JOINS + r"|"
    r"\b(?:masked|hooded|in a (?:mask|ski mask|balaclava|hood|(?:long |black |dark |heavy |bulky |baggy )?(?:coat|"
    r"trench ?coat|overcoat|hoodie|cloak|parka)))\b|\bwith (?:a|an|his|her|two) (?:gun|guns|rifle|pistol|handgun|shotgun|knife|"
    r"machete|axe|bat|baseball bat|crowbar|brick|weapon|camera|bomb|petrol can|gas can|jerry ?can|can of (?:petrol|"
    r"gasoline)|molotov(?: cocktail)?|firebomb|spray can)\b|\bwith (?:\w+ )?"
    r"(?:torches|pitchforks|clubs|bats|machetes|knives|guns|rifles|weapons|petrol cans|gas cans|jerry ?cans|"
    r"cans of (?:petrol|gasoline)|phones|cameras|camera phones|buckets)\b))")


# the same in German, Spanish, French, Italian and Portuguese: a man or a stranger, in a few words
_OTHER_NEWCOMER = re.compile(r"^\s*(?:ein|eine|einige|un|una|une|uno|um|uma|unos|unas|des|alcuni|der|die|el|le|il|lo|"
                             r"o|sein|seine|ihr|ihre|su|son|sa|suo|sua|seu)\s+(?:[\w'-]+\s+)?"
                             r"(?:mann|männer|fremder|fremde|unbekannter|hombre|hombres|desconocido|extraño|homme|"
                             r"hommes|inconnu|étranger|uomo|uomini|sconosciuto|estraneo|homem|homens|estranho|"
                             r"desconhecido|"
                             # someone by role: a neighbour, a coach, a teacher, a driver
                             r"nachbar|trainer|lehrer|betreuer|fahrer|fotograf|vecino|entrenador|profesor|conductor|"
                             r"fotógrafo|voisin|entraîneur|professeur|moniteur|chauffeur|photographe|vicino|"
                             r"allenatore|insegnante|professore|autista|fotografo|vizinho|treinador|professor|"
                             r"motorista)\b")

# a child or a young person who arrives, in German, Spanish, French, Italian and Portuguese ("unos chicos llegan"
# after a dog tied to a tree, "ein Junge kommt herein")
_OTHER_CHILD_ARRIVES = re.compile(
    r"^\s*(?:ein|eine|einige|zwei|drei|un|una|unos|unas|dos|tres|une|des|deux|trois|uno|alcuni|alcune|dei|delle|due|"
    r"tre|um|uma|uns|umas|dois|duas)\s+(?:[\w'-]+\s+)?(?:junge|jungen|mädchen|kind|kinder|jugendliche|jugendlicher|"
    r"teenager|chico|chicos|chica|chicas|niño|niños|niña|niñas|muchacho|muchachos|joven|jóvenes|adolescentes?|"
    r"garçon|garçons|fille|filles|enfant|enfants|jeune|jeunes|ados?|adolescente?s?|ragazz[oaie]|bambin[oaie]|"
    r"menin[oa]s?|garot[oa]s?|rapaz|rapazes|jovem|jovens)\b(?=.*\b(?:kommt|kommen|erscheint|erscheinen|taucht|"
    r"tauchen|llega|llegan|viene|vienen|aparece|aparecen|entra|entran|arrive|arrivent|vient|viennent|entre|entrent|"
    r"apparaît|apparaissent|arriva|arrivano|vengono|compare|compaiono|entrano|chega|chegam|vem|vêm|aparecem|"
    r"entram)\b)")

# a child who arrives where the picture is ("a man alone in a hotel room >> a girl, 10, knocks on the door"): an
# arrival, not a new picture of the child ("a girl, 8, at the beach" is one)
_CHILD_ARRIVES = re.compile(r"^\s*(?:a|an|another|some|two|three)\s+(?:[\w'-]+\s+){0,2}?(?:girl|boy|child|kid|"
                            r"teen|teenager|toddler|schoolgirl|schoolboy|girls|boys|children|kids)\b(?:,? \d{1,2},?)?"
                            r"(?=.*\b(?:" + _ARRIVES + r"|knocks|come in|walk in|enter|arrive|show up|comes over|"
                            r"come over|wanders in|wander in|runs in|run in|comes to the door|rings the (?:door)?bell|"
                            r"rings the buzzer)\b)")

# anything that arrives, said in a few words ("a dragon appears" after a knight in a forest, "a fox comes in", "a
# van parks outside" after a synagogue on a saturday morning)
_THING_ARRIVES = re.compile(r"^\s*(?:a|an|another|some|two|three)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+\s+(?:" + _ARRIVES +
                            r"|lands|swoops (?:down|in)|flies in|emerges|bursts in|jumps out|pops up|parks|pulls up|"
                            r"comes? (?:round|around|down|along|up) the (?:corner|bend|road|street|hill|lane|track)|"
                            r"rounds the (?:corner|bend)|is coming|are coming|is approaching|are approaching|approaches|"
                            r"reverses(?: slowly)?|backs up|backs out|pulls out|drives (?:slowly )?(?:up|along|down)|"
                            r"pulls in|drives up|drives in|drives past|drives by|draws up|rolls up|rolls in|stops outside|"
                            r"stops nearby)\b")


# someone of the picture who goes away or stops watching, said with or without "the" ("mum leaves to answer the
# phone" after a toddler in a bathtub, "the lifeguard looks away"): whatever happens next happens in this picture
_LEAVES = re.compile(
    r"^\s*(?:and |then |now |but )?(?:(?:the|her|his|their|its|my)\s+)?(?:[\w'-]+\s+)?(?:mum|mom|mommy|mummy|"
    r"mother|dad|daddy|father|parents?|nanny|babysitter|sitter|teacher|teachers|nurse|carer|caregiver|guard|guards|"
    r"lifeguard|owner|grandma|grandpa|granny|adults?|everyone|everybody|coach|driver|he|she|they)\s+(?:\w+\s+)?"
    r"(?:leaves|goes out|goes away|walks away|walks out|steps out|steps away|turns away|turns (?:her|his|their) "
    r"back|looks away|falls asleep|dozes off|nods off|goes inside|goes upstairs|goes downstairs|gets distracted|"
    r"is distracted|is gone|are gone|runs out|pops out|nips out|drives off|leave|go out|walk away)\b")


# the same in German, Spanish, French, Italian and Portuguese ("su mamá se va a contestar el teléfono", "die Mutter
# geht ans Telefon", "sa maman sort de la pièce"): a parent, a minder or "he"/"she" who goes away or falls asleep
_OTHER_LEAVES = re.compile(
    r"^\s*(?:y |luego |pero |und |dann |aber |et |puis |mais |e |poi |ma |depois |mas )?(?:(?:su|sus|la|el|los|las|a|"
    r"die|der|ihre|seine|sa|son|ses|le|les|il|i|o|os|as|sua|seu)\s+)?(?:mamá|mama|madre|papá|papa|padre|padres|niñera|"
    r"canguro|abuela|abuelo|mutter|vater|mami|papi|eltern|babysitterin|babysitter|oma|opa|maman|mère|père|parents|"
    r"nounou|mamie|papi|mamma|papà|genitori|tata|nonna|nonno|mãe|mamãe|pai|papai|pais|babá|avó|avô|él|ella|er|sie|"
    r"elle|il|lui|lei|ele|ela)\s+(?:se va|se van|se marcha|se marchan|sale|salen|se aleja|se alejan|se duerme|"
    r"se queda dormid[oa]|se distrae|mira (?:hacia )?otro lado|geht|gehen|verlässt|verlassen|schläft ein|schlafen ein|"
    r"dreht sich um|schaut weg|sieht weg|s'en va|s'en vont|sort|sortent|part|partent|s'éloigne|s'éloignent|s'endort|"
    r"s'endorment|détourne le regard|regarde ailleurs|se ne va|se ne vanno|esce|escono|va via|vanno via|si allontana|"
    r"si allontanano|si addormenta|si addormentano|guarda altrove|si distrae|sai|saem|vai embora|vão embora|se afasta|"
    r"se afastam|adormece|adormecem|olha para o outro lado|se distrai)\b")


# someone brought in who acts or carries something, in a few words ("a boy opens the window" after a kitten on a
# windowsill, "a crowd gathers with stones", "a kid with a slingshot", "a group of teenagers with a machete"):
# whatever they do, they do it in this picture
_ACTOR_ENTERS = re.compile(
    r"^\s*(?:a|an|another|some|two|three|four|several|the)\s+(?:[\w'-]+\s+){0,2}?(?:man|woman|men|women|boy|boys|girl|"
    r"girls|kid|kids|child|children|teen|teens|teenager|teenagers|guy|guys|stranger|strangers|crowd|group|gang|mob|"
    r"classmates|bullies|neighbou?r|neighbou?r's (?:kid|son|boy|daughter)|hunter|hunters|farmer|soldier|soldiers|"
    r"officer|officers|thug|thugs|youths?)\b(?:\s+of\s+\w+)?(?:\s+\w+s\b|(?:\s+\w+)?\s+with\s+(?:a|an|some|his|"
    r"her|their|two)\b|\s+\w+\s+with\s+\w+\s*$)")

# someone of the user's family or a friend who does something ("my brother opens the microwave" after a guinea pig
# in a box): in this picture
_FAMILY_ACTS = re.compile(r"^\s*(?:my|our)\s+(?:neighbou?r's\s+|friend's\s+)?"
                          r"(?:(?:little|big|older|younger|baby|twin|step)\s+)?(?:kid|boy|brother|sister|cousin|uncle|aunt|dad|mum|mom|father|mother|grandpa|grandma|stepdad|stepmom|stepbrother|"
                          r"friend|neighbou?r|son|daughter|nephew|niece)\s+(?!is\b|was\b|looks\b)\w+s\b")


def enters_scene(text: str) -> bool:
    """Does someone come into the current picture ("a man in a mask at the door", "a stranger watching", "a mob
    with torches", "a man walks in wearing a vest with wires", "a viewer donates $100" on a child's livestream)? Ten
    words or fewer, an adult or a band of them, arriving, armed or reaching out (``_NEWCOMER``), a child who
    arrives (``_CHILD_ARRIVES``), anything that arrives ("a dragon appears": ``_THING_ARRIVES``), or someone who
    acts or carries something ("a boy opens the window" after a kitten on the sill: ``_ACTOR_ENTERS``; "my
    brother opens the microwave": ``_FAMILY_ACTS``); or someone of the picture who goes away ("mum leaves to answer
    the phone" after a toddler in a bathtub: ``_LEAVES``; "su mamá se va": ``_OTHER_LEAVES``)."""
    low = text.lower()
    return 0 < len(re.findall(r"[\w']+", text)) <= 10 and bool(
        _NEWCOMER.match(low) or _OTHER_NEWCOMER.match(low) or _CHILD_ARRIVES.match(low) or _THING_ARRIVES.match(low)
        or _ACTOR_ENTERS.match(low) or _LEAVES.match(low) or _OTHER_CHILD_ARRIVES.match(low)
        or _OTHER_LEAVES.match(low) or _FAMILY_ACTS.match(low))


# a thing of the picture doing something ("it drops a bomb on them" after a drone, "it films the sunset"): not a
# wish about the picture ("it should be bigger", "it looks too dark")
_IT_ACTS = re.compile(r"^\s*(?:and |then |now )?it (?!(?:is|was|has|does|needs|looks|seems|feels|gets|goes|comes|means|"
                      r"works|happens|sounds|reads|matters|makes)\b)[a-z]+s\b(?: (?:\w+ )?\w+)")
# time passing or the state of the scene, with no one of its own ("no food for weeks" after a dog on a chain,
# "it's summer and the bowl is empty", "days later", "the next morning"): the same picture, later
_TIME_PASSES = re.compile(
    r"^\s*(?:and |then |now )?(?:no (?:food|water|one|more|sign|help|heating|light|end)\b|nothing (?:to eat|left|"
    r"changes)\b|it'?s (?:summer|winter|autumn|spring|fall|night|nighttime|morning|evening|midnight|dark|late|later|cold|"
    r"hot|freezing|raining|snowing)\b|it is (?:summer|winter|night|dark|late|later|cold|hot|freezing)\b)"
    r"|\b(?:for (?:days|weeks|months|hours|years)|(?:days|weeks|months|hours|years|minutes) (?:later|pass|go by|went by|"
    r"have passed)|later that (?:day|night|evening)|the next (?:day|morning|night|week))\b")
# "it" or "its" anywhere in a sentence that says what someone does ("the owner kicks it every time it barks", "its
# ribs show"), not the "it" of weather or time ("it's summer", "it is raining") nor a wish about the picture
_IT_ELSEWHERE = re.compile(r"\b(?:its|it)\b(?!'s|\s+is\b|\s+was\b)")
_IT_WISH = re.compile(r"\bit\s+(?:should|could|would|needs?|must|looks?|seems?|feels?|is too|'s too|isn't|doesn't|"
                      r"has to|ought)\b|^\s*(?:make|turn|set|change|keep|get|let) it\b")


def refers_back(text: str) -> bool:
    """Does this turn speak of someone in the current picture ("an adult man climbs into the bed with him" after
    "a kid sleeping")? A pronoun with no one before it in the turn to stand for: for "him", "them" and "her" as
    an object, nobody other than the turn's first person (a man doing something "with him" is someone else);
    for "he", "his", "she", "their", nobody at all. A person named with "the" and not before in the turn ("the
    stranger lies down next to the child") is someone already in the picture too, and so is an animal a turn begins
    with ("the dog pants and collapses" after a dog in a hot car), and a place a turn goes
    "in" without naming it ("an adult crawls in" after a child in a tent). The input rail then also judges
    the turn together with the current caption, however the rewriter reads it."""
    low = text.lower().strip()
    if _OTHER_LANGUAGE_BACK.search(low) or _STATES_AN_AGE.match(low) or _CHANGES.match(low) or _GOES_IN.search(low) \
            or _PART_OF_SCENE.match(low) or _IT_ACTS.match(low) or _TIME_PASSES.search(low) or _THE_CREATURE.match(low) \
            or (_IT_ELSEWHERE.search(low) and not _IT_WISH.search(low)):
        return True
    words = re.findall(r"[a-z']+", text.lower())
    seen: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "her":  # object ("with her") or possessive ("her dog"): an object when no noun follows
            as_object = nxt in ("", "and", "to", "in", "on", "at", "with", "from", "into", "while", "as", "again")
            kinds, need = _FEMALE, 2 if as_object else 1
        elif w in _OBJECT_PRONOUNS:
            kinds, need = _OBJECT_PRONOUNS[w], 2
        elif w in _OTHER_PRONOUNS:
            kinds, need = _OTHER_PRONOUNS[w], 1
        else:
            if w in _ANYONE:
                if i and words[i - 1] == "the" and w not in seen:
                    return True  # "the stranger", "the child": someone already known, not introduced here
                seen.append(w)
            continue
        if sum(1 for n in seen if n in kinds) < need:
            return True
        seen.append(w)
    return False


def carries_on(text: str) -> bool:
    """Does this turn tell what happens next in the current picture ("a man in a suit parks outside" after "a
    mosque during friday prayers", "the boy asks if he can pet it" after a man walking a puppy past the swings)?
    Someone who comes into the scene, or three words or more that speak of someone already in it, said as a
    sentence with a verb and not as an edit ("make her hair blue", "now at night") nor a change of course ("a cat
    instead").
    Its caption then keeps the picture's scene: drawn alone, "he walks in and joins the prayer" has no mosque."""
    words = re.findall(r"[a-z']+", text.lower())
    if len(words) < 3 or words[0] in _EDIT_START or _NEW_PICTURE.match(text.strip()) or changes_course(text) \
            or SCENE_TURN.match(" ".join(text.lower().split())):
        return False
    # someone who comes in "at the door" may be a new picture's subject ("a man rides a horse on the beach" after a
    # cat on a sofa); one who arrives, waits outside or speaks to someone is in this one
    low = text.lower()
    if enters_scene(text) and (re.search(_JOINS, low) or _THING_ARRIVES.match(low) or _LEAVES.match(low)):
        return True
    nlp = tagger() if refers_back(text) else None
    # a sentence about someone already there, with a verb: "a small cut on his chin" after a man shaving is drawn
    # as it is asked
    return nlp is not None and any(t.pos_ in ("VERB", "AUX") for t in nlp(text.strip()[:200]))


# what "it" and "them" most likely stand for in a conversation about a picture: a creature first ("a cat on a
# kitchen table. a boy grabs it. he sets it on fire"), then a vehicle ("the train is coming. she steps in front of
# it"), then a part of the body ("he holds a knife to his wife's throat. he cuts it open"), then a thing that can
# hurt ("a rope hangs from the beam. he puts his head through it"); for "them", a crowd or a group of people ("a
# car speeds toward the crowd. it runs them over")
_IT_KINDS = (
    r"dog|dogs|puppy|puppies|cat|cats|kitten|kittens|horse|pony|foal|goat|sheep|lamb|cow|calf|pig|piglet|rabbit|"
    r"bunny|hamster|gerbil|guinea pig|bird|budgie|budgerigar|canary|chick|duck|duckling|goose|swan|pigeon|parrot|owl|"
    r"fox|deer|fawn|squirrel|hedgehog|mouse|rat|frog|turtle|tortoise|monkey|donkey|ferret|animal|pet|stray|baby|"
    r"newborn|infant|toddler",
    r"car|truck|van|lorry|bus|train|tram|subway train|suv|jeep|tractor|motorbike|motorcycle|drone|jet|plane|"
    r"helicopter|tank|boat",
    r"throat|neck|wrist|wrists|arm|arms|stomach|belly|chest|face|eye|eyes|head|skull|hand|hands|leg|legs|foot|feet",
    r"rope|noose|cord|belt|cable|wire|knife|blade|razor|gun|pistol|rifle|lighter|match|fire|bottle|pills|pill bottle|"
    r"bucket|bath|bathtub|river|lake|pond|well|microwave|oven|freezer|window|ledge|edge|cliff|bridge|roof|balcony",
)
# what "it" is after a verb of pouring ("two boys with a can of petrol >> they pour it on it": the petrol on the pony)
_LIQUID_KINDS = (r"petrol|gasoline|gas|fuel|kerosene|paraffin|lighter fluid|diesel|acid|bleach|boiling water|"
                 r"boiling oil|hot oil|water|oil|paint|milk")
_POURED_IT = re.compile(r"\b((?:pour|pours|poured|pouring|splash|splashes|splashed|splashing|tip|tips|tipped|tipping|"
                        r"empty|empties|emptied|emptying|squirt|squirts|squirted|squirting|spray|sprays|sprayed|"
                        r"spraying|spill|spills|spilled|spilt|spilling|sprinkle|sprinkles|sprinkled|sprinkling) )it\b")
# a turn whose subject is an animal named with "the" ("the dog pants and collapses in the heat" after a dog in a
# hot car): the one already in the picture
_THE_CREATURE = re.compile(r"^\s*(?:and |then |now |but |suddenly )?the (?:" + _IT_KINDS[0] + r")\b")
_THEM_KINDS = (r"crowd|crowds|protesters|protestors|marchers|demonstrators|worshippers|shoppers|pedestrians|people|"
               r"families|children|kids|students|pupils|couple|fans|mourners|guests|passengers|villagers|refugees|"
               r"migrants|tourists|cyclists|runners|joggers|stones|rocks|bricks|bottles|eggs|fireworks")
_RESOLVE_TURN = re.compile(r"^(?P<before>.*[.!?;]\s+)(?P<turn>[^.!?;]+[.!?]?\s*)$", re.S)
# "it" that drives or bears down on someone ("it heads straight for him" after a baby on the pavement and a bus
# coming round the corner): a vehicle before a creature
_IT_DRIVES = re.compile(r"\bit (?:speeds|races|heads|hurtles|barrels|careers|ploughs|plows|swerves|crashes|"
                        r"accelerates|mounts|veers|drives|bears down|zooms|thunders|roars|is coming|keeps coming|"
                        r"comes (?:straight|right|closer|towards?|at)|runs (?:him|her|them|it) (?:over|down)|"
                        r"knocks (?:him|her|them) (?:down|over)|does(?:n't| not) (?:stop|brake|slow))\b")


def resolve_pronouns(text: str) -> str:
    """The last sentence of ``text`` (a turn read after the picture's words) with "it", "its" and "them" written
    as what they most likely stand for in the sentences before: "... a boy grabs it. he sets it on fire" -> "...
    he sets the cat on fire". Word lists, patterns and rules are written with nouns; a pronoun hid what a turn did
    to what. Only as an extra reading of the policies; the text itself is unchanged."""
    m = _RESOLVE_TURN.match(text)
    if not m:
        return text
    before, turn = m.group("before"), m.group("turn")
    low = before.lower()

    def last(kinds: str) -> str | None:
        found = list(re.finditer(rf"\b(?:{kinds})\b", low))
        return found[-1].group(0) if found else None

    kinds = (_IT_KINDS[1], _IT_KINDS[0], *_IT_KINDS[2:]) if _IT_DRIVES.search(turn.lower()) else _IT_KINDS
    it = next((w for w in map(last, kinds) if w), None)
    them = last(_THEM_KINDS)
    if liquid := last(_LIQUID_KINDS):
        turn = _POURED_IT.sub(rf"\1the {liquid}", turn)
    if it:
        turn = re.sub(r"\bits\b", f"the {it}'s", turn)
        turn = re.sub(r"\bit\b", f"the {it}", turn)
    if them:
        turn = re.sub(r"\bthem\b", f"the {them}", turn)
    return before + turn


# a turn that takes back or changes what was asked ("she plays volleyball instead", "no, forget that"): not a
# continuation of a refused request, however it speaks of the picture
_CHANGES_COURSE = re.compile(r"\b(?:instead|rather|forget (?:that|it|this)|never ?mind|not that|scratch that|let'?s|"
                             r"how about|what about|ok(?:ay)? then|sorry|my bad|actually)\b|^\s*(?:no|nope|fine|ok|okay)\b")


def changes_course(text: str) -> bool:
    """Does this turn take back or change what was asked ("she reads a book instead", "no, let's do a cat")?"""
    return bool(_CHANGES_COURSE.search(text.lower()))


def too_short_to_stand_alone(text: str) -> bool:
    """Three words or fewer ("penetration", "no clothes", "sunset"): after a picture, whatever the rewriter makes
    of it, the input rail reads it with the picture too; a new picture is rarely asked for in so few words, and
    a harmless one stays harmless with the picture."""
    return 0 < len(re.findall(r"[\w']+", text)) <= 3


_VIEWPOINT = re.compile(
    r"\b(?:camera|cam|cams|view|views|viewed|angle|shot|zoom|zooms|zoomed|focus|focuses|focused|close[- ]?up|pov|"
    r"point of view|"
    r"perspective|lens|framing|from above|from below|from behind|from under|overhead|bird'?s[- ]eye|top[- ]down|"
    r"low[- ]angle|high[- ]angle)\b")


def reframes(text: str) -> bool:
    """Is this turn a way of looking at the current picture ("hidden camera view from the ceiling", "zoom in",
    "low angle from below"): eight words or fewer that name a viewpoint? It draws the same scene, however the
    rewriter reads it, so the input rail reads it with the picture too."""
    return 0 < len(re.findall(r"[\w']+", text)) <= 8 and bool(_VIEWPOINT.search(text.lower()))


# a short turn that brings in something of its own ("a cat", "two red apples") begins a new picture
_NEW_THING = re.compile(r"^\s*(?:a|an|one|two|three|four|five|six|some|several|many|\d+)\b", re.I)


def picture_words(turns: list[tuple[str, str | None]]) -> str | None:
    """The user's words that asked for the current picture, from the turns that drew it (newest first, as
    ``Store.picture_turns`` gives them): back to the turn that began it, a new request that does not speak of
    someone already there ("he leans forward" continues "a man on a rooftop edge" whatever the rewriter made of
    it, and "younger" continues "a girl at the beach") and is more than three words or brings in something of its
    own ("bath time" continues "a babysitter and a boy, 7"; "a cat" begins a picture). Joined as sentences, oldest
    first; None with no such turn."""
    chain: list[str] = []
    for words, mode in turns:
        chain.insert(0, words.strip().rstrip("."))
        if mode in ("new", "verbatim", None) and not (refers_back(words) or continues(words) or reframes(words)
                                                      or enters_scene(words)
                                                      or (too_short_to_stand_alone(words) and not _NEW_THING.match(words))):
            break
    return ". ".join(w for w in chain if w) or None


# a follow-up that says only how far to go: "even less", "more", "nothing at all", "keep going", "all the way"
_CONTINUATION = set("""
even more less further farther again still all the way nothing at everything completely entirely fully totally a
bit little lot much keep going go on continue do it that same too please now ok okay yes yeah yep and then so just
some off rest of remove take lose drop tiny slightly closer lower higher harder only right out up down this
time one step next level sure fine but whole thing things rid get show
""".split())
# a garment gone, said in a few words ("in front of the mirror, no top" after a girl of 15 taking a selfie)
_NO_GARMENT = re.compile(r"\b(?:no|without (?:her|his|their|the|a|any)) (?:top|shirt|t-shirt|clothes|clothing|bra|pants|"
                         r"trousers|underwear|knickers|panties|bottoms|swimsuit|bikini(?: top)?|dress|skirt|towel)\b")


def continues(text: str) -> bool:
    """Is this turn only a "further": a few words, each from ``_CONTINUATION`` ("even less", "nothing at all"),
    the same again to something else ("and the bottoms too"), a clause that only says how far ("until nothing is
    left"), or up to five words that name nothing and ask for
    nothing ("fully transparent now", "bigger": no noun and no verb, by spaCy's tagger), or what the subject goes
    on doing: a participle with no subject of its own ("swarming over the fence" after "draw them as rats",
    "lying on the bed")? Right after a refused turn it continues that request, and the input rail judges it with
    the refused words; after a picture, with the picture."""
    words = re.findall(r"[a-z']+", text.lower())
    if not 0 < len(words) <= 8:
        return False
    if _NO_GARMENT.search(text.lower()):
        return True  # "in front of the mirror, no top": the picture without something
    if all(w in _CONTINUATION for w in words) or words[0] in ("and", "also", "plus", "until", "till", "til") \
            or words[-1] in ("too", "also") or words[-2:] == ["as", "well"]:
        return True  # "and the bottoms too": the same again, to something else; "until ...": how far
    nlp = tagger()
    if nlp is None:
        return False
    doc = nlp(text.strip()[:200])
    if doc[0].tag_ == "VBG":
        return True  # "swarming over the fence": nobody of its own does it
    return len(words) <= 5 and not any(
        t.pos_ in ("NOUN", "PROPN") or (t.pos_ in ("PRON", "VERB", "AUX") and t.lower_ not in _CONTINUATION)
        for t in doc)


# --------------------------------------------------------------------------- vocabulary shared with the edits

MATERIALS = {
    "cotton", "fabric", "metal", "metallic", "plastic", "wood", "wooden", "glass", "leather", "stone", "paper",
    "ceramic", "silk", "denim", "rubber", "wool", "woolen", "woollen", "knit", "knitted", "polyester", "concrete",
    "marble", "brick", "steel", "iron", "bronze", "copper", "velvet", "satin", "linen", "nylon", "porcelain", "clay",
    "cardboard", "bamboo", "wicker", "fur", "furry", "feathered", "synthetic", "fondant", "crystal", "straw",
    "canvas", "suede", "lace", "jade", "golden", "silver", "gold", "chrome", "granite", "terracotta", "felt",
}
NUMBERS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight",
            "9": "nine", "10": "ten", "11": "eleven", "12": "twelve"}
# "..., and keep the rest unchanged": said of an edit, not part of it
KEEP_REST = re.compile(r",?\s*(?:and\s+|while\s+)?(?:remain|keep|keeping|leave|leaving)\b.*?"
                        r"(?:unchanged|the same|as (?:it is|they are|is))\s*$", re.I)


# --------------------------------------------------------------------------- did an edit apply?

_MEDIA_WORDS = {w for m in MEDIA for w in m.split()} | {"watercolour", "photograph", "photography", "3d"}


def edit_applied(instruction: str, new: str, current: str) -> bool:
    """Did the model apply the edit and keep the rest of the picture?

    - the new caption reads as English (``well_formed``) and differs from the current one;
    - every content word of the instruction is in it ("blue", "house" for "make the house blue");
    - every content word of the current caption's subject (its first clause) is kept, except colours when the
      instruction recolours, media words when it changes the medium, and the thing it removes;
    - at least 70 % of the other content words (setting, light, composition) are kept.
    """
    if not well_formed(new) or new.strip() == current.strip():
        return False
    low = new.lower()
    instruction = KEEP_REST.sub("", instruction)
    ins_low = instruction.lower()
    ins_words = [NUMBERS.get(w, w) for w in content_words(instruction)
                 if w not in {"background", "style", "version", "color", "colour", "scene", "setting", "material",
                              "count", "number", "position", "text", "image", "left", "right", "above", "below"}]
    removing = re.search(r"\b(remove|delete|drop|without|instead|replace|swap|no|get rid)\b", ins_low)
    # "change the color of the white shirt to blue": the old colour (or material) may go, the last one must be there
    for kind in (COLOR_WORDS, MATERIALS):
        named = [w for w in ins_words if w in kind]
        ins_words = [w for w in ins_words if w not in kind] + named[-1:]
    if not removing and not all(_present(w, low) for w in ins_words):
        return False
    ins_tokens = set(re.findall(r"[a-z0-9]+", ins_low))
    may_lose: set[str] = set()
    if ins_tokens & COLOR_WORDS:
        may_lose |= COLOR_WORDS
    if ins_tokens & _MEDIA_WORDS:
        may_lose |= _MEDIA_WORDS
    if "material" in ins_tokens or ins_tokens & MATERIALS:
        may_lose |= MATERIALS
    if ins_tokens & ({"count", "number"} | set(NUMBERS) | set(NUMBERS.values())):
        may_lose |= set(NUMBERS.values()) | set(NUMBERS)
    if ins_tokens & {"background", "setting", "backdrop", "scene"}:  # the old background's words may go
        for seg in current.split(", ")[1:]:
            if "background" in seg or seg.startswith("set against"):
                may_lose |= set(re.findall(r"[a-z]+", seg.lower()))
    if removing:  # the removed thing and the words describing it ("yellow" in "remove the sun")
        may_lose |= set(ins_words) | {w.rstrip("s") for w in ins_words}
        for w in ins_words:
            for m in re.finditer(rf"((?:[a-z-]+\s+){{0,2}}){re.escape(w.rstrip('s'))}", current.lower()):
                may_lose |= set(m.group(1).split())
    subject = content_words(re.split(r"[,;]|\. ", current, maxsplit=1)[0])
    if any(not _present(w, low) for w in subject if w not in may_lose):
        return False
    rest = [w for w in content_words(current) if w not in subject and w not in may_lose]
    kept = [w for w in rest if _present(w, low)]
    return len(kept) >= 0.7 * len(rest)
