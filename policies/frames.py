"""Benign frames: sentences about a group of people that the classifier reads as hateful though they are not.

The classifier learned that a sentence naming a group next to a charged word is hate, so it refuses "Why do Sikh
men wear turbans?", "Gay couples should be able to marry", "Jews are not greedy; that is an ancient slur" and "a
memorial for the victims of the Srebrenica massacre" (hate or violence 0.8-0.99). A frame is the shape of such a
sentence, read before the classifier's score counts:

- ``question``: a question about what people do or wear ("why do", "what is", "how do"), with no charged word;
- ``support``: a sentence that asks for rights or says something good ("deserve", "should be able to", "just as
  capable as", "admire"), with no charged word;
- ``counter``: a sentence that names a prejudice to reject it: a word that condemns it ("racist", "a myth",
  "bigotry", "a conspiracy theory", "a stereotype"), not negated ("it's not racist to say ..." is no counter);
- ``remembrance``: a memorial, vigil, museum, survivors, the victims of, history told ("were forced off their
  land"), with nothing that celebrates the harm;
- ``personal``: the speaker or someone they know ("my neighbour is a gay man", "as a Black woman in tech, ..."),
  with no charged word;
- ``scene``: people going about their lives ("Hindu women bathing in the Ganges at dawn", "Jewish men praying at
  the Western Wall"), with no charged word, no message, no claim about the group and nothing of harm.

Only the classifier's hate and harassment scores are set aside (a remembrance: also violence, shocking and
illegal, "a vigil for the victims of a shooting"; ``SETS_ASIDE``), and only when no word list found a term: a
slur, "gas the Jews" or a dehumanising phrase is refused whatever the frame. ``CHARGED`` words (stereotypes,
vermin, violence, exclusion, rhetorical "really", conversion, the SS and the Confederacy) void every frame but
``counter``, which names a prejudice to
reject it; gore or celebration voids a remembrance. Measured on held-out sets
(``bench/policy_eval.py``), and on ToxiGen's hateful statements, which no frame may let through.
"""

from __future__ import annotations

import re

# words that carry a judgement of a group: stereotypes, vermin, violence, exclusion, "those people"
CHARGED = re.compile(
    r"\b(?:lazy|criminals?|crimes?|violent|violence|dirty|filthy|stupid|dumb|idiots?|greedy|cheap|terrorists?|"
    r"terror\w*|burdens?|drain|sick|sickness|diseased?|dangerous|danger|thieves|thief|steal\w*|stole|thugs?|"
    r"rapists?|rape\w*|drug dealers?|drugs|savages?|animals?|beasts?|vermin|rats?|cockroach\w*|roaches|apes?|"
    r"monkeys?|gorillas?|pigs?|dogs?|snakes?|parasites?|locusts?|lice|bugs?|insects?|plague|invasion|invad\w*|"
    r"infest\w*|breed\w*|inferior|superior|subhuman|primitive|backward|evil|disgusting|gross|ugly|smell\w*|"
    r"stink\w*|liars?|lying|cheat\w*|traitors?|disloyal|loyal|trust\w*|replac\w*|deport\w*|go back|go home|"
    r"get out|out of|not allowed|allowed|shouldn't|should not|should never|must not|ban|bans|banned|exterminat\w*|"
    r"kill\w*|gas|gassed|burn\w*|hang\w*|lynch\w*|shoot\w*|shot|die|dies|died|death|dead|hell|cured?|cures|"
    r"mentally ill|perverts?|pervert\w*|predators?|groom\w*|pedo\w*|paedo\w*|recruit\w*|naturally|by nature|"
    r"genetically|all the same|typical|those people|these people|their kind|ruin\w*|destroy\w*|control\w*|"
    r"run the|secretly|conspir\w*|weak|emotional|hysterical|only good|only care|only want|too many|overrun|"
    r"flood\w*|swarm\w*|taking over|take over|jobs|welfare|freeloaders?|leeches|hate|hated|hating|enemy|enemies|"
    r"threat|problem|problems|worse|worst|bad|wrong|fault|blame\w*|mock\w*|joke\w*|funny|laugh\w*|retard\w*|"
    r"freaks?|abominations?|sin|sinful|sinners?|unnatural|degenerate\w*|scum|trash|garbage|filth|cancer|virus|"
    r"nationalists?|supremac\w*|aryans?|nazis?|kkk|klan|purity|pure blood|handouts?|free ride|for free|"
    r"slept with|really|actually|even|human|humans|normal|abnormal|choice|phase|confused|stop being|conversion|"
    r"straighten\w*|fix them|hitler|third reich|waffen|gestapo|ss|wehrmacht|confederate|fascis\w*)\b")

# a word of the sentence's own that condemns a prejudice; "not racist", "isn't a myth" do not count
_CONDEMN = r"(?:racist|racism|bigotry|bigoted|bigots?|prejudice\w*|stereotypes?|a myth|myths|a lie|lies|" \
           r"conspiracy theor\w*|slurs?|homophob\w*|transphob\w*|antisemit\w*|islamophob\w*|xenophob\w*|sexist|" \
           r"sexism|misogyn\w*|ableis\w*|hateful|cruel|" \
           r"(?:being |is |gets )?(?:scrubbed|washed|cleaned|sanded|peeled) off|(?:scrubs?|scrubbing|washes|washing|" \
           r"cleans?|cleaning) (?:it |them )?off|(?:paints?|painted|painting) over|(?:tears?|tearing|tore|rips?|" \
           r"ripping|ripped) (?:it |them )?down)"  # or removes it: "a poster saying ... being scrubbed off a wall"
COUNTER = re.compile(rf"(?<!\bnot )(?<!n't )(?<!\bno )(?<!\bnever )(?<!\bnot a )(?<!n't a )\b{_CONDEMN}\b")
# the prejudice is denied, or reported as someone else's words
NEGATION = re.compile(r"\b(?:not|no|never|nobody|none|stop\w*|wrong|ignore\w*|calling|saying|telling|to call|"
                      r"to say|the idea that|the claim that|people who (?:call|say))\b|n't\b|\bit is a\b|\bthat is\b")

# a question about what people do, not a rhetorical one ("how do you know ...", "are they really people?")
QUESTION = re.compile(r"^\s*(?:why|what|how|when|where|which|who|do|does|did|is|are|can|could)\b(?![^?]*\b(?:you|"
                      r"your|you're|yourself)\b)[^?]*\?\s*$")
SUPPORT = re.compile(
    r"(?<!not )(?<!n't )(?<!never )(?<!without )\b(?:deserves?|deserved|should be able to|should have the same|should be (?:legal|allowed|taught|welcome\w*|"
    r"celebrated|included|protected)|equal (?:rights|pay|access|treatment)|same rights|just as (?:\w+ ){0,2}as|"
    r"as (?:capable|good|smart|productive|talented|strong|brave|skilled) as|admire\w*|i love how|proud of|"
    r"thank\w*|welcom\w*|make(?:s)? (?:this|our|the) (?:city|town|country|neighbou?rhood|school) better|"
    r"enrich\w*|contribut\w*|rebuilt|built this|(?:protests?|protesting|protesters|march(?:es|ing)?|marchers|"
    r"rall(?:y|ies)|demonstrations?|vigils?|campaigns?|petitions?) (?:for|in support of|in solidarity with)|"
    r"in solidarity with|lives matter)\b")
REMEMBRANCE = re.compile(
    r"\b(?:memorials?|vigils?|monuments?|museums?|exhibits?|exhibitions?|remembrance|commemorat\w*|"
    r"survivors?|victims of|in memory of|mourn\w*|documentar\w*|anniversary|history of|historical|"
    r"were (?:forced|put|sent|deported|enslaved|interned|expelled|driven|turned away|massacred|murdered|killed)|"
    r"fled|faced (?:signs|discrimination|persecution)|internment|civil rights)\b")
# a sentence that tells the reader what they are ("it's actually transphobic to be bi, you should ...")
SECOND_PERSON = re.compile(r"\b(?:you|your|you're|yourself|actually|kind of)\b")
# someone the speaker knows, or the speaker ("my neighbour is a gay man", "as a Black woman in tech")
PERSONAL = re.compile(r"^\s*(?:my|our|i am|i'm|as an?)\b")
# "the victims of the Pulse nightclub shooting", "of a hate crime": what the remembered suffered, not a judgement
VICTIMS_OF = re.compile(r"\b(?:victims|survivors) of (?:the |a |an )?[\w' -]{0,40}?\b(?:shootings?|bombings?|"
                        r"attacks?|massacres?|genocides?|killings?|war|hate crimes?|terror attacks?|fire|crash)\b")
GORE = re.compile(r"\b(?:blood\w*|gor[ey]|corpses?|bod(?:y|ies)|dead|dying|sever\w*|mutilat\w*|guts|brains?|"
                  r"wounds?|tortur\w*|execut\w*|behead\w*|burning|screaming|skulls?|bones)\b")
GLORIFY = re.compile(r"\b(?:celebrat\w*|glorif\w*|cheer\w*|deserved|good riddance|funny|hilarious|proud of|"
                     r"finish the job|again|do it again|not enough)\b")


# People drawn as something harmless ("a Muslim family drawn as cartoon cats", "refugees drawn as astronauts",
# "pilgrims drawn as a watercolor"): the classifier learned "<group> drawn as" as the shape of a dehumanising
# cartoon and refused 7 of 20 such requests in identity_depictions.tsv. The phrase is taken out of what the
# classifier reads, which then judges the rest ("Mexicans drawn as cartoon characters sneaking over the wall" is
# read as "Mexicans sneaking over the wall"); the word lists still read every word. Only harmless things count
# here: the animals of caricatures (rats, apes, pigs, dogs, snakes, octopuses, donkeys) and "demons" are left
# out, so such a phrase stays for the classifier and the lists.
_HARMLESS_AS = r"""
cats? kittens? kitty kitties bears? teddy bunn(?:y|ies) rabbits? hares? foxes fox owls? birds? songbirds?
robins? sparrows? ducks? ducklings? geese goose swans? penguins? puffins? parrots? peacocks? flamingos? eagles?
hawks? dolphins? whales? otters? seals? turtles? tortoises? frogs? hedgehogs? squirrels? chipmunks? raccoons?
badgers? beavers? deer fawns? moose elks? lions? lionesses? tigers? leopards? cheetahs? panthers? jaguars? lynx
elephants? giraffes? zebras? hippos? rhinos? pandas? koalas? kangaroos? sloths? llamas? alpacas? horses? ponies?
unicorns? dragons? dinosaurs? butterfl(?:y|ies) bees? ladybugs? ladybirds? fish goldfish mermaids? mermen
puppies? puppy lambs? chicks? hens? sheep cows? calves? bunnies mice mouse hamsters? heroes? superheroes?
heroines? kings? queens? princes(?:ses)? royalty knights? astronauts? explorers? pilots? wizards? witches?
sorcerers? magicians? fairies? fairy elves? elf angels? saints? gods? goddesses? pirates? samurai ninjas?
warriors? vikings? cowboys? cowgirls? scientists? doctors? nurses? teachers? chefs? firefighters? detectives?
inventors? musicians? stars? dancers? athletes? olympians? champions? adventurers? travelers? travellers?
travell?ers? robots? aliens? jedi anime manga characters? muppets? puppets? lego legos dolls? figures?
figurines? toys? claymation sculptures? statues? paintings? murals? watercolou?rs? sketch(?:es)? comics? emojis?
stickers? icons? constellations? flowers? trees? clouds? planets? masters? legends? students? prints? woodcuts?
linocuts? engravings? etchings? mosaics? tapestr(?:y|ies) illustrations? drawings? portraits? silhouettes?
origami snowmen snowman gingerbread windows?
""".split()
DRAWN_AS = re.compile(
    r"\b(?:drawn|draws?|drawing|depict(?:ed|s|ing)?|paint(?:ed|s|ing)?|illustrat(?:ed|es|ing)|portray(?:ed|s|ing)?|"
    r"pictured|reimagin(?:ed|es|ing)|imagined|shown|rendered|sketched|dressed up|transformed|turned)\s+"
    r"(?:them\s+|him\s+|her\s+)?(?:as|like|into)\s+(?:an?\s+|two\s+|three\s+|some\s+|the\s+)?"
    r"(?:(?:cute|cartoon|little|friendly|brave|happy|tiny|cuddly|fluffy|baby|noble|proud|majestic|kawaii|chibi|"
    r"colou?rful|magical|smiling|wise|gentle|playful|heroic|beautiful|powerful|space|royal|classic|vintage|"
    r"animated|adorable|fantasy)\s+)*(?:[a-z-]+\s+){0,2}?(?:" + "|".join(_HARMLESS_AS) + r")\b")


# what makes a depiction a caricature although its last word is harmless ("drawn as filthy rat kings")
_CARICATURE = re.compile(r"\b(?:chimp\w*|baboons?|orang-?utans?|primates?|octopus\w*|tentacles?|donkeys?|maggots?|"
                         r"worms?|hyenas?|vultures?|jackals?|spiders?|demons?|devils?|bloodsuck\w*|bombs?|"
                         r"bombers?|noses?|teeth|slant\w*|bats?|watermelons?|fried chicken|bananas?|pockets?|pickpocket\w*|gold|money|"
                         r"coins?|sombreros?|camels?)\b")


def without_depiction(text: str) -> str:
    """``text`` (lower case) without the phrases that draw people as something harmless (``DRAWN_AS``); as it is
    when any word of it is charged or belongs to a caricature ("drawn as cute cartoon gorillas")."""
    if CHARGED.search(text) or _CARICATURE.search(text):
        return text
    return DRAWN_AS.sub(" ", text)


# What people of a faith or a people wear ("Muslim women in hijabs flying kites", "a Sikh grandfather in a turban
# teaching his grandson to ride a bike"): the classifier learned a garment next to a group as a cue for hate (0.98
# for "Muslim women in hijabs flying kites", 0.00 for "Muslim women flying kites"). The phrase is taken out of what
# the classifier reads, as a harmless depiction is; the word lists still read every word, and a sentence with a
# charged word or a caricature ("a bomb in his turban") keeps it.
_ATTIRE = (r"(?:hijabs?|headscarf|headscarves|head ?scarfs?|niqabs?|burqas?|burkas?|chadors?|abayas?|jilbabs?|"
           r"turbans?|dastars?|patkas?|kippahs?|kippot|yarmulkes?|skull ?caps?|kufis?|taqiyahs?|prayer caps?|"
           r"prayer shawls?|tallits?|shtreimels?|sidelocks|payot|saris?|sarees?|salwar kameez|bindis?|dashikis?|"
           r"kente(?: cloth)?|habits?|wimples?|keffiyehs?|kaffiyehs?|thobes?|dishdashas?|kimonos?|hanboks?)")
_GARMENT_WORDS = (r"(?:a|an|the|their|her|his|long|black|white|colou?rful|bright|traditional|matching|silk|"
                  r"embroidered|patterned|floral|blue|red|green|pink|yellow|orange|purple|golden|simple|elegant)")
WEARING = re.compile(rf"\b(?:in|wearing|with|who wears?|that wears?)\s+(?:{_GARMENT_WORDS}\s+){{0,3}}{_ATTIRE}"
                     rf"(?:\s+and\s+(?:{_GARMENT_WORDS}\s+){{0,3}}{_ATTIRE})?\b")


_WEAPONS = re.compile(r"\b(?:guns?|rifles?|pistols?|knives|knife|weapons?|explo\w*|detonat\w*|grenades?|wires?|"
                      r"swords?|machetes?|axes?|ammunition|bullets?)\b")


def without_attire(text: str) -> str:
    """``text`` (lower case) without the phrases that say what people of a faith or a people wear (``WEARING``:
    "in hijabs", "wearing a turban"); as it is when any word of it is charged, belongs to a caricature or a
    stereotype ("Muslim women in burqas on a bus, everyone staring nervously") or is a weapon."""
    if not WEARING.search(text) or CHARGED.search(text) or _CARICATURE.search(text) or _STEREOTYPE.search(text) \
            or _WEAPONS.search(text):
        return text  # most texts name no garment: one search, not five, on every classifier read
    return WEARING.sub(" ", text)


# A scene of people going about their lives ("Hindu women bathing in the Ganges at dawn", "Jewish men praying at the
# Western Wall": hate 0.97 and 0.87): something people do every day (worship, a feast, play, work, sport), no
# charged word or caricature, no message (a meme, a poster, a caption, quotation marks), no claim about the group
# (a verb of being or having, a modal, a negation, "all", "they", a comparison) and nothing of harm, crime,
# borders, disguise or a stereotype (suspicion, begging, bankers). Measured against every hateful text the
# classifier alone refused in the held-out sets (38) and ToxiGen's 342 hateful statements: none of them is such a
# scene; and against stereotype scenes written to attack it (``tests/test_policies.py``).
_MESSAGE = re.compile(r"[\"“”'‘’]|\b(?:memes?|posters?|banners?|flyers?|leaflets?|signs?|placards?|caption\w*|"
                      r"label\w*|slogans?|cartoons?|caricatur\w*|propaganda|murals?|graffiti|t-?shirts?|stickers?|tattoos?|"
                      r"quotes?|saying|says|reads|text|words|written|chant\w*|headlines?|jokes?|celebrat\w*|"
                      r"glorif\w*|tribute|honou?ring|praising)\b")
_CLAIM = re.compile(r"\b(?:are|is|was|were|be|been|being|am|should|must|belong\w*|deserve\w*|need|needs|have|has|had|"
                    r"can't|cannot|can not|won't|not|no|never|nothing|nobody|dont|doesnt|didnt|isnt|arent|always|all|"
                    r"every|everyone|whole|entire|just|only|most|many|some|they|them|their|we|us|our|you|your|i|my|"
                    r"me|like|as if|than|because|so|why|how|who|which|that|real|really|actually|hatred|civili[sz]\w*|"
                    r"uncivili[sz]\w*)\b|n't\b")
_HARM = re.compile(r"\b(?:wiped|eradicat\w*|expel\w*|put down|lock\w*|chains?|camps?|useless|waste|livestock|owned|"
                   r"obey\w*|behind|horns?|blood\w*|monsters?|hairy|beat\w*|attack\w*|mobs?|mercy|holocaust|9/11|"
                   r"slaves?|slavery|noose|swastika\w*|white power|race|racial|genes|dna|iq|border|illegal\w*|aliens?|"
                   r"horde\w*|riot\w*|bomb\w*|explo\w*|guns?|knives|knife|weapons?|shot|stab\w*|molest\w*|"
                   r"prison\w*|jail\w*|jumpsuits?|handcuff\w*|mugshots?|arrest\w*|line-?ups?|crash\w*|children|kids|"
                   r"daughters?|sons?|bathrooms?|toilets?|locker rooms?|dress(?:es)?|wigs?|makeup|disguis\w*|fake|"
                   r"pretend\w*)\b")
# what people do in such a scene (the classifier's reading is set aside only with one of these): worship, feasts,
# family, play, work with the hands, sport, learning
_EVERYDAY = re.compile(
    r"\b(?:pray(?:s|ed|ing)?|worship(?:s|ped|ping)?|bath(?:e|es|ed|ing)|swim(?:s|ming)?|danc(?:e|es|ed|ing)|"
    r"sing(?:s|ing)?|cook(?:s|ed|ing)?|bak(?:e|es|ed|ing)|eat(?:s|ing)?|shar(?:e|es|ed|ing)|feast(?:s|ing)?|"
    r"weddings?|festivals?|holidays?|eid|diwali|hanukkah|passover|christmas|easter|ramadan|vaisakhi|holi|"
    r"read(?:s|ing)?|study(?:ing)?|learn(?:s|ing)?|teach(?:es|ing)?|play(?:s|ed|ing)?|smil(?:e|es|ed|ing)|"
    r"hug(?:s|ged|ging)?|walk(?:s|ed|ing)?|hik(?:e|es|ed|ing)|garden(?:s|ing)?|paint(?:s|ed|ing)?|draw(?:s|ing)?|"
    r"knit(?:s|ting)?|sew(?:s|ing)?|weav(?:e|es|ing)|fish(?:ing)?|farm(?:s|ing)?|harvest(?:s|ing)?|pick(?:s|ing)?|"
    r"build(?:s|ing)?|fly(?:ing)?|kites?|wav(?:e|es|ed|ing)|light(?:s|ing)?|candles?|making|brew(?:s|ing)?|"
    r"serv(?:e|es|ed|ing)|tea|coffee|bread|music|musicians?|perform(?:s|ed|ing)?|graduat(?:e|es|ed|ing|ion)|"
    r"oath|citizenship|ceremony|procession|parade|visiting|vigil|raising|riding|cycling|running|skating|"
    r"book clubs?|clubs?|meetings?|class|classes|lessons?|choirs?|markets?|shopping|picnics?|barbecues?|potlucks?|"
    r"concerts?|library|libraries|caf[eé]s?|brunch|lunch|dinner|breakfast|volunteer\w*)\b")
# what a stereotype shows instead (looked for besides ``_HARM``): suspicion, idling, begging, money, fear
_STEREOTYPE = re.compile(r"\b(?:sneak\w*|suspicio\w*|loiter\w*|beg|begs|begging|beggars?|bankers?|banks?|boardroom|"
                         r"drunk\w*|seedy|massage\w*|accents?|leer\w*|star(?:e|es|ed|ing)|push(?:es|ed|ing)|queue\w*|"
                         r"terrifi\w*|scared|afraid|fear\w*|nervous\w*|panic\w*|worried|alarm\w*|lurk\w*|"
                         r"flirt\w*|boys|girls|playground|casino|smuggl\w*|gangs?|hood|ghetto|slums?|trash|litter\w*|"
                         r"noisy|loud|smell\w*|filth\w*|mess\w*)\b")
_FESTIVAL = re.compile(r"\b(?:day of the dead|d[ií]a de (?:los )?muertos)\b")  # a feast's name, not a death


def is_scene(text: str) -> bool:
    """Does ``text`` (lower case) only show people going about their lives: something they do every day
    (``_EVERYDAY``), and no message, claim, harm or stereotype (``_MESSAGE``, ``_CLAIM``, ``_HARM``,
    ``_STEREOTYPE``)?"""
    t = _FESTIVAL.sub(" ", text)
    return len(t.split()) <= 25 and bool(_EVERYDAY.search(t)) and not (
        CHARGED.search(t) or _CARICATURE.search(t) or _MESSAGE.search(t) or _CLAIM.search(t) or _HARM.search(t)
        or _STEREOTYPE.search(t))


def benign_frame(text: str) -> str | None:
    """The frame of a sentence that speaks of a group without hate (``question``, ``support``, ``counter``,
    ``remembrance``, ``personal``, ``scene``), else None. ``text`` is folded (lower case)."""
    t = _FESTIVAL.sub(" ", text.lower())
    charged = CHARGED.search(VICTIMS_OF.sub(" ", t))  # naming what the victims died of is remembering
    if REMEMBRANCE.search(t) and not (charged or GLORIFY.search(t) or GORE.search(t)):
        return "remembrance"
    if COUNTER.search(t) and NEGATION.search(t) and not SECOND_PERSON.search(t):
        return "counter"
    if charged:
        return None
    if QUESTION.match(t):
        return "question"
    if SUPPORT.search(t):
        return "support"
    if PERSONAL.match(t) and not re.search(r"\b(?:not|but|just|don't|do not)\b|n't\b", t):
        return "personal"  # "I'm not racist, I just ..." is the opposite
    if is_scene(t):
        return "scene"
    return None


READABLE = {"question": "a question about what people do", "support": "a sentence that supports or praises people",
            "counter": "a sentence that rejects a prejudice", "remembrance": "a remembrance of people who were harmed",
            "personal": "a sentence about the speaker or someone they know",
            "scene": "a scene of people going about their lives"}


# the classifier's categories a frame may set aside (only where no word list found a term)
SETS_ASIDE = {"question": {"hate", "harassment"}, "support": {"hate", "harassment"}, "counter": {"hate", "harassment"},
              "personal": {"hate", "harassment"}, "scene": {"hate", "harassment"},
              "remembrance": {"hate", "harassment", "violence", "shocking", "illegal"}}
