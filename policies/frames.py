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
  with no charged word.

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


def benign_frame(text: str) -> str | None:
    """The frame of a sentence that speaks of a group without hate (``question``, ``support``, ``counter``,
    ``remembrance``), else None. ``text`` is folded (lower case)."""
    t = text.lower()
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
    return None


READABLE = {"question": "a question about what people do", "support": "a sentence that supports or praises people",
            "counter": "a sentence that rejects a prejudice", "remembrance": "a remembrance of people who were harmed",
            "personal": "a sentence about the speaker or someone they know"}


# the classifier's categories a frame may set aside (only where no word list found a term)
SETS_ASIDE = {"question": {"hate", "harassment"}, "support": {"hate", "harassment"}, "counter": {"hate", "harassment"},
              "personal": {"hate", "harassment"},
              "remembrance": {"hate", "harassment", "violence", "shocking", "illegal"}}
