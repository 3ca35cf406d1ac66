"""Training data for the unsafe-content classifier, beyond the shared sets (used by ``tools/train_unsafe.py``).

The shared unsafe sets teach the look of their data: I2P's labels describe the images SD 1.4 made, so most of its
"unsafe" prompts read harmless ("sad photo", "a train covered with graffiti"), and ToxiGen's hateful statements
name groups that its few neutral ones rarely do. What is added here, written for Limner:

- benign coverage of what users type: single words and short phrases from large vocabularies (MiniLM's word list,
  clip-interrogator's flavors), artworks, landmarks and characters (``data/benign_train_names.txt``), odd-animal
  and fantasy scenes, and statements about identity groups that are neutral, positive or counter-speech, each
  written for every group so that a group's name carries no signal (counterfactual swaps);
- hateful statements from the same templates with the same groups, as positives;
- unsafe prompts per category assembled from varied pieces (violence, self-harm, sexual, illegal, shocking,
  harassment), so the classifier sees the meaning in many phrasings, not one dataset's look.

Nothing here is drawn from ``bench/data/eval`` (the sets the closing notes report on).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

HERE = Path(__file__).parent / "data"

GROUPS = ["Muslim", "Jewish", "Christian", "Hindu", "Sikh", "Buddhist", "atheist", "Black", "white", "Asian",
          "Latino", "Hispanic", "Mexican", "Chinese", "Indian", "Arab", "African", "Nigerian", "Somali", "Irish",
          "Polish", "Roma", "Native American", "Indigenous", "Korean", "Japanese", "Vietnamese", "Filipino",
          "Pakistani", "Palestinian", "Israeli", "Ukrainian", "Russian", "immigrant", "refugee", "gay", "lesbian",
          "bisexual", "transgender", "trans", "queer", "nonbinary", "disabled", "deaf", "blind", "autistic",
          "elderly", "Catholic", "Mormon", "Turkish", "Brazilian", "Haitian", "Jamaican", "Ethiopian", "Kurdish"]
PEOPLE = ["people", "families", "women", "men", "kids", "students", "neighbours", "workers", "teachers", "doctors",
          "athletes", "artists", "grandparents", "couples", "voters", "veterans", "nurses", "scientists"]
PERSON = ["man", "woman", "teacher", "doctor", "chef", "artist", "student", "nurse", "farmer", "engineer",
          "grandmother", "grandfather", "couple", "family", "athlete", "poet", "firefighter", "pilot", "baker"]

NEUTRAL = [
    "My {g} neighbour invited us to dinner.", "A {g} {p} reading in a library.", "{G} {ps} celebrating a holiday.",
    "Our new colleague is a {g} {p}.", "A portrait of a {g} {p} smiling.", "{G} {ps} at a street festival.",
    "I grew up next to a {g} family.", "A {g} {p} teaching a class.", "Two {g} {ps} walking in the park.",
    "A photo of {g} {ps} cooking together.", "The {g} community held a bake sale.", "A {g} {p} at work.",
    "Many {g} {ps} live in this neighbourhood.", "What holidays do {g} {ps} celebrate?",
    "The history of {g} {ps} in this country is long.", "A {g} wedding with music and dancing.",
    "{G} {ps} playing football on a sunny day.", "A {g} {p} running a small shop.", "My best friend is {g}.",
    "a {g} {p} in a cafe, watercolor", "an oil painting of a {g} {p}", "a documentary photo of {g} {ps}",
    "a cartoon of a {g} {p} riding a bicycle", "a friendly caricature of a {g} {p} laughing",
    "a cartoon of {g} {ps} having a picnic", "a comic strip about a {g} {p} and a cat",
]
POSITIVE = [
    "{G} {ps} make this city better.", "{G} {ps} deserve respect and equal rights.",
    "{G} {ps} have contributed so much to our culture.", "I am proud of my {g} heritage.",
    "{G} {ps} deserve more representation on television.", "Our school welcomes {g} students.",
    "{G} artists are changing the art world.", "{G} {ps} are valued members of our community.",
    "We should celebrate {g} culture.", "A mural celebrating {g} {ps}.", "{G} {ps} deserve safety and dignity.",
]
COUNTER = [
    "People who call {g} {ps} {stereo} are spreading hate.", "No, {g} {ps} are not {stereo}.",
    "Don't tell me {g} {ps} are {stereo}; I know many and they are not.", "It is bigoted to claim {g} {ps} are {stereo}.",
    "The stereotype that {g} {ps} are {stereo} is false and harmful.", "A sign saying {g} {ps} are welcome here.",
    "Teachers should challenge the idea that {g} {ps} are {stereo}.", "Being {g} is not a crime.",
    "It is wrong to say that {g} {ps} are dangerous.", "Not all {g} {ps} are the same; stereotypes hurt.",
    "Calling {g} {ps} {slur_word} is hateful and false.", "The myth that {g} {ps} are {stereo} is racist nonsense.",
    "Stop spreading lies about {g} {ps}.", "Hate against {g} {ps} has no place here.",
    "{G} {ps} are not {stereo}; that prejudice has a long and ugly history.",
    "A poster against discrimination of {g} {ps}.", "We stand with our {g} neighbours against hate.",
    "Saying {g} {ps} are {stereo} is bigotry, plain and simple.",
]
STEREO = ["lazy", "criminals", "violent", "dirty", "stupid", "greedy", "terrorists", "a burden", "sick", "dangerous",
          "thieves", "inferior", "animals", "parasites", "vermin"]
HATEFUL = [
    "All {g} {ps} are {stereo}.", "{G} {ps} are {stereo} and should be deported.", "{G} {ps} should be banned.",
    "I hate {g} {ps}.", "{G} {ps} are {stereo}, every single one of them.", "Get rid of all the {g} {ps}.",
    "{G} {ps} do not belong in our country.", "{G} {ps} are subhuman.", "{G} {ps} should be locked up.",
    "a poster saying {g} {ps} are {stereo}", "a cartoon showing {g} {ps} as {animal}",
    "a banner calling for {g} {ps} to be expelled", "{G} {ps} ruin everything they touch.",
    "Never trust a {g} {p}.", "{G} {ps} are a plague.", "{G} {ps} should go back where they came from.",
    "The world would be better without {g} {ps}.", "a meme mocking {g} {ps} as {stereo}",
    "a caricature of a {g} {p} with exaggerated features, mocking", "a racist cartoon of {g} {ps}",
    "a propaganda poster showing {g} {ps} as {animal}", "a flyer saying no {g} {ps} allowed",
    "a drawing celebrating violence against {g} {ps}", "{g} {ps} depicted as {animal} invading a city",
    "a banner with a slur against {g} {ps}",
]
HATE_IMAGES = ["a swastika flag at a neo-nazi rally, glorified", "a burning cross at a KKK rally, celebratory",
               "a white power banner", "a poster glorifying the Holocaust", "a celebration of ethnic cleansing",
               "a lynching depicted as entertainment", "an SS officer depicted as a hero, propaganda poster",
               "a cartoon celebrating a terrorist attack on a mosque", "a meme cheering a synagogue shooting",
               "a poster saying the Holocaust was a good thing"]
# classic hate tropes per group (statements, and pictures); the same tropes are also written as counter-speech
TROPES = {
    "Jewish": (["control the banks and the media", "are greedy and only care about money", "made up the Holocaust",
                "secretly run the world", "are behind every war"],
               ["with a huge hooked nose counting gold coins", "as a puppet master controlling world leaders",
                "as a rat stealing money"]),
    "Black": (["are like apes", "should be slaves again", "are born criminals", "are less intelligent",
               "should go back to picking cotton"],
              ["drawn as an ape", "in shackles as a joke", "as a monkey eating a banana"]),
    "Asian": (["eat dogs and bats", "spread viruses", "can't drive", "are all the same", "are sneaky"],
              ["eating a bat and spreading a virus", "with slanted eyes and buck teeth, mocking caricature"]),
    "Muslim": (["are all terrorists", "want to take over Europe", "are violent savages", "hide bombs under their clothes"],
               ["as a suicide bomber", "with a bomb in a turban, mocking cartoon"]),
    "Mexican": (["are all drug dealers", "are rapists and criminals", "are lazy", "steal our jobs"],
                ["as cockroaches crossing the border", "sleeping under a sombrero, lazy caricature"]),
    "immigrant": (["are animals, not people", "are invaders", "are parasites", "should be shot at the border"],
                  ["as rats flooding a city", "as an invading horde of zombies"]),
    "gay": (["are groomers", "spread disease", "are pedophiles", "are an abomination"],
            ["burning in hell", "as predators near a school"]),
    "transgender": (["are mentally ill freaks", "are predators in bathrooms", "are groomers"],
                    ["as a monster in a bathroom", "mocked as a man in a dress, hateful meme"]),
    "Roma": (["are thieves", "steal children", "are parasites"], ["stealing a baby", "as rats in a camp"]),
    "disabled": (["are a burden", "should be put down", "are useless eaters"], ["being laughed at as subhuman"]),
    "women": (["belong in the kitchen", "should not vote", "are too stupid to lead", "are property"],
              ["chained to a kitchen stove, misogynistic poster"]),
}
TROPE_COUNTER = ["It is a lie that {G} {t}.", "The claim that {g} people {t} is an old hateful myth.",
                 "A history lesson on the false idea that {G} {t}.", "Stop saying that {g} people {t}."]
RELATIONS = ["my neighbour", "my friend", "my classmate", "my coworker", "my boss", "my teacher", "my cousin",
             "my sister", "my brother", "my grandmother", "my uncle", "my colleague", "our new neighbour",
             "my best friend", "my roommate", "my dad", "my mom", "my son", "my daughter"]
BENIGN_ACTS = ["eating spaghetti", "at the beach", "reading a book", "riding a bicycle", "baking a cake",
               "walking the dog", "painting a fence", "playing the guitar", "fishing on a lake", "at a wedding",
               "sitting on a bench", "drinking coffee", "gardening", "hiking", "as a superhero", "in a spacesuit",
               "as a medieval knight", "dancing", "cooking dinner", "at graduation", "skiing", "with a cat"]
ANIMALS_INSULT = ["rats", "cockroaches", "apes", "pigs", "vermin", "dogs", "snakes", "lice"]

# ---------------------------------------------------------------- unsafe prompts from pieces
VICTIMS = ["a man", "a woman", "an old man", "a soldier", "a prisoner", "a stranger", "a hostage", "a shopkeeper",
           "a student", "a guard", "a villager", "a journalist", "a dog", "a horse", "a cat", "a crowd of people"]
ATTACKERS = ["a masked man", "a soldier", "a gang", "a killer", "a mob", "a terrorist", "a man with a knife",
             "a woman", "a guard", "an executioner", "a gunman", "a psychopath"]
VIOLENT_ACTS = ["stabbing {v} to death", "shooting {v} in the head", "beating {v} with a bat until he stops moving",
                "strangling {v}", "beheading {v}", "torturing {v} with pliers", "burning {v} alive",
                "slitting the throat of {v}", "dismembering {v} with a saw", "executing {v} at close range",
                "kicking {v} to death", "crushing the skull of {v}", "drowning {v} in a bathtub",
                "dragging {v} behind a car", "gouging out the eyes of {v}", "hacking {v} apart with a machete"]
GORE = ["blood spraying everywhere", "in a pool of blood", "with his guts spilling out", "brain matter on the wall",
        "severed limbs on the floor", "a gaping bloody wound", "bones sticking out", "realistic gore",
        "blood dripping from the blade", "a mangled corpse", "the body twitching", "splattered with blood"]
SELF_HARM = ["{v} cutting her arms with a razor", "{v} with a noose around the neck", "{v} about to jump off a roof",
             "{v} swallowing a handful of pills to end it all", "{v} slashing his wrists", "fresh cuts on {v}'s thighs",
             "{v} starving herself, ribs and hip bones showing", "{v} burning her skin with a cigarette",
             "{v} hanging from a beam", "{v} with a gun to her own head", "a suicide scene in a bathroom",
             "{v} writing a goodbye note before overdosing", "how to cut yourself without anyone noticing",
             "thinspiration photo of {v}, skeletal", "{v} holding a blade over her scarred wrist",
             "{v} tying a rope to a ceiling fan to hang himself", "{v} with a plastic bag over the head to suffocate",
             "{v} stepping in front of a train on purpose", "{v} cutting herself in the school toilets"]
ADULTS = ["a woman", "a man", "a young woman", "a model", "a couple", "two women", "a busty woman", "a nurse",
          "a secretary", "a housewife", "a cheerleader", "a woman in her thirties", "a bodybuilder", "a stripper"]
SEXUAL = ["{a} with her breasts exposed", "{a} completely naked on a bed", "{a} spreading her legs for the camera",
          "{a} having sex on a kitchen table", "{a} performing oral sex", "{a} touching herself, explicit",
          "{a} wearing nothing but stockings", "{a} in a see-through top with nipples visible",
          "{a} bent over with her underwear pulled down", "{a} in a wet t-shirt, nothing underneath",
          "{a} in an explicit pose, genitals visible", "{a} pulling off her panties", "{a} in a threesome",
          "an erotic photo of {a} in the shower", "{a} posing fully nude in a hotel room",
          "{a} undressing for a webcam", "{a} with cum on her face", "{a} lifting her skirt, no panties",
          "a pornographic scene with {a}", "{a} topless in a hot tub, sensual", "{a} masturbating",
          "{a} in a bondage harness, naked", "a nude photoshoot of {a}, full frontal"]
ILLEGAL = ["{a} cooking meth in a kitchen lab", "{a} selling cocaine to a teenager", "{a} building a pipe bomb",
           "{a} robbing a bank with a gun", "{a} shoplifting jewelry, step by step", "{a} forging passports",
           "{a} printing counterfeit money", "{a} hacking into a bank to steal credit cards",
           "{a} smuggling drugs across the border in a car tyre", "{a} poaching an elephant for ivory",
           "{a} injecting heroin in an alley", "{a} snorting cocaine off a mirror", "{a} hot-wiring a stolen car",
           "{a} breaking into a house at night", "instructions for making a molotov cocktail",
           "{a} growing illegal cannabis in a hidden room", "{a} selling guns out of a car trunk",
           "{a} planting a bomb under a car", "{a} mixing a date rape drug into a drink", "a meth lab explosion",
           "{a} laundering money through a casino", "{a} selling stolen phones on the street",
           "a guide to picking a lock and breaking into a car", "{a} spreading ransomware to a hospital",
           "{a} filing the serial number off a gun", "{a} buying a gun on the dark web",
           "{a} sawing the horns off a rhino for sale", "{a} trafficking exotic animals in suitcases",
           "{a} skimming credit cards at an ATM", "{a} stealing a catalytic converter, tutorial",
           "{a} making fake IDs for teenagers", "{a} selling counterfeit medicine"]
ANIMAL_CRUELTY = ["a dog being beaten with a stick", "a rabbit being skinned while still alive", "a puppy being drowned",
                  "a horse being whipped until it bleeds", "kittens thrown into a fire", "a bird with its wings torn off",
                  "a dog hanged from a tree", "a cow being tortured in a slaughterhouse"]
MUTILATION = ["eyes being gouged out", "fingers being cut off with bolt cutters", "a tongue being cut out",
              "teeth smashed out with a hammer", "skin being peeled off", "ears being sliced off",
              "a leg being sawed off without anaesthetic", "nails being ripped out"]
SHOCKING = ["a rotting corpse covered in flies", "maggots crawling out of a dead body", "a decomposing head",
            "a pile of human bones and flesh", "a man eating raw human organs", "a skinned animal still alive",
            "a body split open on an autopsy table, organs out", "a severed head on a plate",
            "a drowned bloated body in a river", "a car crash victim with the face torn off",
            "human teeth pulled out with pliers, bloody", "a jar full of eyeballs and blood",
            "a person's flesh melting off the bones", "a mass grave full of bodies"]
HARASS = ["a picture of my coworker {n} as a fat pig", "a fake nude of my classmate {n}",
          "my ex {n} photoshopped as a prostitute", "a humiliating meme of my neighbour {n}",
          "{n} drawn as an ugly monster to bully her", "a poster calling {n} a whore to put up at school",
          "a fake mugshot of my teacher {n} for a prank", "my sister {n} with a pig nose, to embarrass her",
          "a cartoon mocking my classmate {n} for being disabled", "a revenge picture of {n} covered in filth"]
PRIVATE = ["Jenny", "Tom", "Alex", "Maria", "Kevin", "Sara", "Josh", "Emily", "Dave", "Lisa", "Ahmed", "Priya"]
STYLES = ["", "", "", ", photorealistic", ", oil painting", ", digital art", ", highly detailed", ", 8k",
          ", cinematic lighting", ", comic style", ", trending on artstation", ", black and white photo"]

# ---------------------------------------------------------------- benign scenes from pieces
ANIMALS = ["a cat", "a dog", "a fox", "an owl", "a bear", "a panda", "a tiger", "a penguin", "a frog", "a rabbit",
           "a giraffe", "an elephant", "a koala", "an otter", "a hedgehog", "a parrot", "a goat", "a turtle",
           "a squirrel", "a lion", "a wolf", "a deer", "a raccoon", "a hamster", "a crab", "a whale", "a moose",
           "a flamingo", "a llama", "a mouse", "a badger", "a bat", "a crow", "a monkey", "a gecko"]
ODD = ["wearing a top hat", "playing the piano", "riding a skateboard", "reading a newspaper", "in a spacesuit",
       "drinking tea", "as a pirate captain", "with a guitar on stage", "baking a cake", "painting a portrait",
       "driving a tractor", "in a tiny boat", "juggling oranges", "as a samurai", "with a jetpack",
       "sleeping in a teacup", "wearing a crown", "at a rock concert", "in a punk leather jacket", "with a mohawk",
       "roaring at the moon", "fighting a dragon in a cartoon", "in goth makeup", "as a wizard", "in the rain",
       "on a surfboard", "knitting a scarf", "in a detective coat", "lifting weights", "as a chef"]
PLACES = ["in a snowy forest", "on Mars", "in a neon city", "in a library", "underwater", "on a mountain top",
          "in a desert", "at a carnival", "in a haunted castle", "in a cozy kitchen", "on the moon", "in a jungle"]
PLAYFUL = ["chasing", "play-fighting with", "attacking a toy shaped like", "having a pillow fight with",
           "wrestling playfully with", "sneaking up on", "racing", "arguing with", "stealing food from"]
SPOOKY = ["a vampire bat hanging in a cave", "a blood moon over the sea", "a blood orange cut in half",
          "a friendly vampire at a costume party", "a prison museum with old cells", "a medieval dungeon tour",
          "a historical photo of a jail", "a sea monster hugging a lighthouse", "a zombie walk charity event",
          "a werewolf in a cartoon", "a skeleton dancing, cartoon", "a haunted house ride at a fair",
          "a pirate ship attacked by a giant octopus, cartoon", "a dragon guarding gold", "knights jousting"]
EDGY_BENIGN = [
    "a medieval battle reenactment at a fair", "a knight in armour holding a sword", "a skull on an old desk",
    "a haunted graveyard at night", "a zombie costume party", "a vampire in a castle, gothic painting",
    "a war memorial with poppies", "a museum display of ancient weapons", "a chef sharpening a knife",
    "a hunter with a rifle in autumn", "a boxing match in a ring", "soldiers marching in a parade",
    "a dragon breathing fire on a castle", "a pirate with a cutlass", "a cowboy with a revolver",
    "an archer drawing a bow", "a fencing competition", "a paintball game", "a lightsaber duel",
    "a Halloween skeleton decoration", "a dark fantasy warrior", "a horror movie poster with a creepy doll",
    "a doctor giving a vaccine injection", "a glass of red wine", "a bartender pouring whiskey",
    "a police officer directing traffic", "a firefighter in smoke", "a volcano erupting", "a stormy sea shipwreck",
    "a broken heart drawing", "a crying clown painting", "a lonely figure in the rain", "a dark and moody forest",
    "a red rose with thorns", "a bull charging in a field", "a shark swimming in the ocean", "a snake in a tree",
    "a tattooed biker on a motorcycle", "a heavy metal concert with fire on stage", "a witch's cauldron",
]


def _names() -> list[str]:
    return [ln.strip() for ln in (HERE / "benign_train_names.txt").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


def _fill(t: str, rng: random.Random, g: str) -> str:
    p = rng.choice(PERSON)
    ps = rng.choice(PEOPLE)
    return t.format(g=g, G=g[0].upper() + g[1:], p=p, ps=ps, stereo=rng.choice(STEREO),
                    slur_word=rng.choice(STEREO), animal=rng.choice(ANIMALS_INSULT))


def identity(rng: random.Random) -> list[tuple[str, set[str]]]:
    """Every template with every group: benign (neutral, positive, counter-speech) and hateful."""
    out: list[tuple[str, set[str]]] = []
    for g in GROUPS:
        for t in rng.sample(NEUTRAL, 8) + rng.sample(POSITIVE, 4) + rng.sample(COUNTER, 4):
            out.append((_fill(t, rng, g), set()))
        for t in rng.sample(HATEFUL, 7):
            out.append((_fill(t, rng, g), {"hate"}))
    return out


def tropes(rng: random.Random) -> list[tuple[str, set[str]]]:
    """Each trope as a hateful statement and a picture (hate), and as counter-speech (benign)."""
    out: list[tuple[str, set[str]]] = []
    for g, (says, shows) in TROPES.items():
        G = g[0].upper() + g[1:]
        people = "women" if g == "women" else f"{g} people"
        for t in says:
            out += [(f"{G[0].upper() + people[1:]} {t}.", {"hate"}), (f"All {people} {t}.", {"hate"}),
                    (f"a poster saying {people} {t}", {"hate"})]
            out.append((rng.choice(TROPE_COUNTER).format(g=g, G=G[0].upper() + people[1:], t=t), set()))
        for t in shows:
            who = "a woman" if g == "women" else f"a {g} {rng.choice(PERSON[:3])}"
            out += [(f"a cartoon of {who} {t}", {"hate"}), (f"a caricature of {who} {t}{rng.choice(STYLES)}", {"hate"})]
    return out


def unsafe_pieces(rng: random.Random, n: int = 260) -> list[tuple[str, set[str]]]:
    out: list[tuple[str, set[str]]] = []
    for _ in range(n):
        act = rng.choice(VIOLENT_ACTS).format(v=rng.choice(VICTIMS))
        gore = f", {rng.choice(GORE)}" if rng.random() < 0.6 else ""
        out.append((f"{rng.choice(ATTACKERS)} {act}{gore}{rng.choice(STYLES)}", {"violence"} | ({"shocking"} if gore else set())))
        out.append((rng.choice(SELF_HARM).format(v=rng.choice(VICTIMS[:12])) + rng.choice(STYLES), {"self_harm"}))
        out.append((rng.choice(SEXUAL).format(a=rng.choice(ADULTS)) + rng.choice(STYLES), {"sexual"}))
        out.append((rng.choice(ILLEGAL).format(a=rng.choice(ATTACKERS + ADULTS[:4])) + rng.choice(STYLES), {"illegal"}))
    for _ in range(n // 2):
        out.append((rng.choice(SHOCKING) + rng.choice(STYLES), {"shocking"}))
        out.append((rng.choice(HARASS).format(n=rng.choice(PRIVATE)), {"harassment"}))
    for _ in range(n // 4):
        out.append((rng.choice(ANIMAL_CRUELTY) + rng.choice(STYLES), {"violence"}))
        out.append((f"{rng.choice(VICTIMS[:9])} with {rng.choice(MUTILATION)}" + rng.choice(STYLES),
                    {"violence", "shocking"}))
        out.append((rng.choice(HATE_IMAGES) + rng.choice(STYLES), {"hate"}))
    return out


def benign_pieces(rng: random.Random, vocab: list[str], flavors: list[str]) -> list[str]:
    out: list[str] = []
    for w in rng.sample(vocab, min(5000, len(vocab))):
        form = rng.random()
        out.append(w if form < 0.4 else w.capitalize() if form < 0.55 else f"a {w}" if form < 0.75
                   else f"{w}, digital art" if form < 0.9 else f"the {w} at night")
    out += rng.sample(flavors, min(3000, len(flavors)))
    for name in _names():
        out.append(name)
        out.append(f"{name}{rng.choice(STYLES)}")
        out.append(f"{name} {rng.choice(PLACES)}")
    for _ in range(1500):
        out.append(f"{rng.choice(ANIMALS)} {rng.choice(ODD)}" + (f" {rng.choice(PLACES)}" if rng.random() < 0.4 else "")
                   + rng.choice(STYLES))
    for t in EDGY_BENIGN:
        out += [t, t + rng.choice(STYLES[3:])]
    out += edgy_scenes(rng)
    for _ in range(400):  # cartoons and caricatures of ordinary people doing ordinary things
        out.append(f"{rng.choice(['a cartoon of', 'a caricature of', 'a comic of', 'a drawing of'])} "
                   f"{rng.choice(['a person', 'a man', 'a woman', 'an old man', 'a teacher', 'a chef'])} "
                   f"{rng.choice(BENIGN_ACTS)}{rng.choice(STYLES)}")
    for _ in range(600):  # people the user knows, doing ordinary things (names are masked away before this)
        out.append(f"{rng.choice(['', 'a photo of ', 'a portrait of ', 'a cartoon of '])}{rng.choice(RELATIONS)} "
                   f"{rng.choice(BENIGN_ACTS)}{rng.choice(STYLES)}")
    for _ in range(300):  # playful conflict and spooky-but-harmless scenes
        a, b = rng.sample(ANIMALS, 2)
        out.append(f"{a} {rng.choice(PLAYFUL)} {b}{rng.choice(STYLES)}")
        out.append(rng.choice(SPOOKY) + rng.choice(STYLES))
    return out


# ---------------------------------------------------------------- chat refinements ("make them ...")
# A refinement is judged alone first, so the classifier sees "make them <change>" with no picture. Written after
# bench/data/eval/refinements*.tsv, in other words; the ToxiGen-trained classifier read "them" + a change as hate.
ASK = ["make {s}", "have {s}", "let {s}", "can you make {s}", "please make {s}", "now make {s}", "ok, make {s}",
       "could you have {s}", "and make {s}", "i want {s} to", "try making {s}"]
CROWD = ["them", "the people", "everyone", "all of them", "the men", "the women", "the guys", "the villagers",
         "the passengers", "the dancers", "the tourists", "the fans", "the customers", "the children", "the boys",
         "the girls", "the friends", "the coworkers", "the visitors", "the shoppers", "the runners", "the team",
         "the musicians", "the group", "the family", "the couple", "the neighbours", "the hikers", "the sailors",
         "both of them", "the two of them", "the old people", "the teenagers", "the nurses", "the farmers"]
CHANGES = ["look sleepy", "look cheerful", "look worried", "look thrilled", "look older", "look younger",
           "look soaked", "look freezing", "look sunburnt", "look muddy after the game", "look sweaty from the run",
           "look grumpy", "look sad", "look proud", "look nervous", "look angry at each other", "look confused",
           "look bored in the meeting", "look scared of the storm", "look strong", "look elegant", "look relaxed",
           "wear scarves", "wear raincoats", "wear sunglasses", "wear costumes", "wear school uniforms",
           "wear cowboy hats", "wear white shirts", "wear masks for the carnival", "wear aprons", "wear crowns",
           "hold balloons", "hold flowers", "hold candles", "carry backpacks", "hold lanterns", "hold signs for the parade",
           "eat pizza", "eat noodles", "eat watermelon", "drink coffee", "share a cake", "have a picnic",
           "sit on the grass", "stand in a row", "lie on the sand", "wave at us", "jump in the air",
           "walk along the river", "read books", "play cards", "play chess", "cook together", "clap",
           "sing", "dance in the rain", "run on the beach", "climb the hill", "swim in the lake", "go fishing",
           "look like superheroes", "look like knights", "look like cowboys", "look like clowns", "look like vikings",
           "look like robots", "look like wizards", "look like characters from a fairy tale", "look like 1920s gangsters",
           "smaller", "taller", "closer to the camera", "further away", "face the camera", "turn around",
           "look up at the stars", "look at each other", "stand under a tree", "sit at a long table", "be in focus",
           "wear traditional clothes", "look poorer", "look rich", "look like farmers", "look hungry"]
# said of "them" with no group named, only dehumanising changes are hate ("make them look dangerous" is a poster)
HATE_CHANGES = ["look like {animal}", "look subhuman", "look like savages", "look like animals in a zoo",
                "look like a disease", "look like they should be deported", "look inferior", "look like monkeys",
                "look like filthy beggars because of their race", "look like parasites", "look like vermin",
                "look less than human", "look like an infestation"]
HATE_TURN = ["turn {s} into {animal}", "turn {s} into a horde of {animal}", "draw {s} as {animal}",
             "replace {s} with {animal} in human clothes"]
GROUP_TARGET = ["the {g} {ps}", "the {g} people", "the {g} guy", "the {g} man", "the {g} woman", "the {g} family",
                "all the {g} {ps}", "those {g} {ps}"]
STEREO_ADJ = ["lazy", "violent", "dirty", "stupid", "greedy", "inferior", "filthy", "primitive"]
STEREO_NOUN = ["criminals", "terrorists", "thieves", "animals", "parasites", "vermin", "savages", "rapists"]
GROUP_HATE = ["make {t} look like {animal}", "turn {t} into {animal}", "make {t} look {adj}", "make {t} look like {noun}",
              "make {t} into thieves", "make {t} look like terrorists", "make {t} look like drug dealers",
              "make {t} a criminal", "give {t} a prison uniform because of who they are",
              "add a sign saying {g} {ps} go home", "write '{g} {ps} out' on the wall behind them",
              "make {t} look dirty and lazy", "make {t} beg for money because that is what they do",
              "make {t} bow to the white people", "add a caption mocking {t} as {noun}"]
GROUP_BENIGN = ["make them a {g} family", "make the couple {g}", "make them {g} {ps}", "make her a {g} {p}",
                "make him a {g} {p}", "make the {p} {g}", "make them an older {g} couple", "make the kids {g}",
                "make the family {g} and have them eat together", "make them {g} {ps} at a festival",
                "make one of them {g}", "make the {g} {p} smile", "make the {g} {ps} dance",
                "make the {g} {ps} wear warm coats", "have the {g} family sit on a sofa"]
WHO = ["him", "her", "them", "the man", "the woman", "the soldier", "the guard", "the prisoner", "the boy", "the girl"]
HARM_ASK = [  # (instruction, category): refinements that undress, kill, hurt or break the law ({p}: "his", "her")
    ("make {w} naked", "sexual"), ("strip {w} naked", "sexual"), ("take {p} clothes off", "sexual"),
    ("remove {p} underwear", "sexual"), ("make {w} topless", "sexual"), ("make {w} nude on the bed", "sexual"),
    ("show {p} genitals", "sexual"), ("make {w} have sex with the man", "sexual"), ("make {w} pose naked", "sexual"),
    ("pull {p} panties down", "sexual"), ("make {p} breasts bigger and bare", "sexual"), ("undress {w}", "sexual"),
    ("make {w} shoot the man", "violence"), ("have {w} stab the woman", "violence"), ("cut {p} head off", "violence"),
    ("make {w} bleed out on the floor", "violence"), ("have {w} beat the prisoner bloody", "violence"),
    ("make {w} strangle her", "violence"), ("make {w} shoot into the crowd", "violence"),
    ("blow up the bus with {w} inside", "violence"), ("set {w} on fire", "violence"), ("chop off {p} hands", "violence"),
    ("make {w} kill the dog", "violence"), ("have {w} torture him", "violence"), ("add bullet holes in {p} body", "violence"),
    ("make {w} cut {r}self", "self_harm"), ("make {w} take all the pills to die", "self_harm"),
    ("have {w} hang {r}self from the beam", "self_harm"), ("make {w} shoot {r}self", "self_harm"),
    ("make {w} jump from the roof to end it", "self_harm"),
    ("make {w} sell drugs to kids", "illegal"), ("have {w} make a pipe bomb", "illegal"),
    ("make {w} snort a line of coke", "illegal"), ("have {w} rob the store at gunpoint", "illegal"),
    ("make {w} inject heroin", "illegal"),
]
SAFE_ASK = [  # look alike, harmless: the knight's sword, a coat taken off, a chef's knife
    "make {w} take off {p} coat", "make {w} take off {p} hat", "remove {p} glasses", "make {w} take {p} shoes off",
    "make {w} raise the sword", "make {w} hold a water pistol", "make {w} cut the cake", "have {w} chop the onions",
    "make {w} punch the bag in the gym", "make {w} shoot a basketball", "have {w} shoot a photo of the sunset",
    "make {w} fire the starting pistol at the race", "make {w} look wounded in the stage play, fake blood",
    "make {w} wear a swimsuit at the pool", "make {w} cry", "make {w} look exhausted", "make {w} fall asleep",
    "make {w} jump into the lake", "make {w} slide down the hill", "make {w} climb the cliff with ropes",
    "make {w} drink a beer", "make {w} smoke a pipe", "make {w} look like a zombie for halloween",
    "make {w} dress as a vampire", "make {w} carry a toy gun", "make {w} fight the dragon",
]


def _pron(w: str) -> tuple[str, str]:
    """Possessive and reflexive stem for a WHO entry ('the man' -> 'his', 'him')."""
    if w in ("her", "the woman", "the girl"):
        return "her", "her"
    if w == "them":
        return "their", "them"
    return "his", "him"


def _articles(text: str) -> str:
    return re.sub(r"\ba (?=[AEIOU])", "an ", text)


def refinements(rng: random.Random) -> list[tuple[str, set[str]]]:
    """Chat refinements: ordinary changes to people and groups (benign), hateful ones, and ones that undress,
    kill, hurt or break the law, each with a harmless look-alike."""
    out: list[tuple[str, set[str]]] = []

    def ask(s: str, change: str) -> str:
        text = rng.choice(ASK).format(s=s) + " " + change
        return text[0].upper() + text[1:] if rng.random() < 0.3 else text

    for _ in range(1500):
        out.append((ask(rng.choice(CROWD), rng.choice(CHANGES)), set()))
    for _ in range(400):
        change = rng.choice(HATE_CHANGES).format(animal=rng.choice(ANIMALS_INSULT))
        out.append((ask(rng.choice(CROWD[:8]), change), {"hate"}))
    for _ in range(100):
        out.append((rng.choice(HATE_TURN).format(s=rng.choice(CROWD[:8]), animal=rng.choice(ANIMALS_INSULT)), {"hate"}))
    for g in GROUPS:
        for t in rng.sample(GROUP_HATE, 5):
            target = rng.choice(GROUP_TARGET).format(g=g, ps=rng.choice(PEOPLE))
            t = t.replace("{t}", target).replace("{adj}", rng.choice(STEREO_ADJ))
            out.append((_articles(_fill(t.replace("{noun}", rng.choice(STEREO_NOUN)), rng, g)), {"hate"}))
        for t in rng.sample(GROUP_BENIGN, 5):
            out.append((_articles(_fill(t, rng, g)), set()))
    for _ in range(4):
        for t, cat in HARM_ASK:
            w = rng.choice(WHO)
            pos, ref = _pron(w)
            text = t.format(w=w, p=pos, r=ref)
            out.append((text if rng.random() < 0.6 else "now " + text, {cat}))
        for t in SAFE_ASK:
            w = rng.choice(WHO)
            pos, _ = _pron(w)
            out.append((t.format(w=w, p=pos), set()))
    return out


# ---------------------------------------------------------------- risky-looking but harmless scenes
# Written after bench/data/eval/edgy_benign.txt (in other words): the classifier refused bare-chested men, toy-gun
# games, horror posters, contact sports and injections as sexual or violent.
EDGY_SCENES = {
    "bare_chest": (["a shirtless man", "a topless man", "a bare-chested man", "shirtless men", "a shirtless guy",
                    "a topless fisherman", "a bare-chested athlete", "a shirtless boxer", "a topless lumberjack",
                    "a shirtless swimmer", "a shirtless farmer", "a bare-chested warrior", "a shirtless runner",
                    "a shirtless old man", "a shirtless dad", "a bare-chested sailor"],
                   ["fixing a car", "at the gym", "chopping firewood", "on a fishing boat", "playing volleyball",
                    "in the summer heat", "painting a wall", "diving into a lake", "walking his dog",
                    "lifting weights", "building a fence", "grilling burgers", "in a rowing boat", "washing his car",
                    "doing yoga on the beach", "reading in a hammock", "climbing a rock wall", "tending the garden"]),
    "toy_fight": (["kids", "children", "two boys", "a group of friends", "a dad and his son", "teenagers",
                   "the whole family", "two sisters", "coworkers", "cousins"],
                  ["having a snowball fight", "playing with water pistols", "squirting each other with water guns",
                   "playing cops and robbers", "having a pillow fight", "playing with toy swords",
                   "playing laser tag", "dueling with foam swords", "shooting foam darts at each other",
                   "in a super soaker battle", "playing pirates with wooden swords", "having a food fight",
                   "playing tag in the park", "in a water balloon war"]),
    "horror": (["a horror film poster", "a scary book cover", "a creepy video game screenshot", "a spooky comic panel",
                "a haunted house attraction sign", "a halloween movie still"],
               ["with a chainsaw maniac", "with a masked slasher", "with a ghostly nun", "with a killer doll",
                "of a haunted hotel", "with a monster in the basement", "with a shadowy stalker",
                "with a serial killer's silhouette in the fog", "with a possessed child's doll", "with a hooded figure",
                "with a creepy scarecrow", "with a knife-wielding maniac in the shadows"]),
    "sport": (["a boxer with a cut above his eye", "a boxer landing a punch", "a wrestler pinning his opponent",
               "a judo throw", "a karate kick", "a football tackle", "an ice hockey check into the boards",
               "a kickboxer training", "a sumo wrestling match", "an MMA fighter with a black eye",
               "a rugby scrum", "a lacrosse player taking a hit", "two fencers lunging", "a bloodied boxer raising his gloves"],
              ["", ", sports photography", ", action shot", ", dramatic lighting", ", in slow motion", ", black and white"]),
    "medical": (["a nurse giving a flu shot", "a doctor drawing blood from an arm", "a child getting a vaccine",
                 "a surgeon stitching a wound", "a paramedic treating an injured cyclist", "a dentist drilling a tooth",
                 "a blood test in a lab", "a physiotherapist treating a knee", "an IV drip in a hospital room",
                 "a needle going into a patient's arm", "a doctor setting a broken leg", "a vet giving a dog an injection"],
                ["", ", photo", ", medical illustration", ", hospital", ", clean and bright"]),
    "history": (["a museum display of medieval weapons", "a museum of torture instruments", "an old prison turned museum",
                 "a castle dungeon on a guided tour", "a war museum with old tanks", "an executioner's axe in a glass case",
                 "a reenactment of a civil war battle", "a replica guillotine in a history exhibit",
                 "an old battlefield with a memorial", "a display of ancient roman swords"],
                ["", ", photo", ", documentary", ", museum lighting"]),
    "crime_fiction": (["a detective finding a bloody knife", "a crime scene investigator collecting evidence",
                       "a mystery novel cover with a pistol", "a heist crew in a getaway car",
                       "a bloodstained letter in a mystery game", "a gangster in a pinstripe suit with a tommy gun",
                       "a spy with a silenced pistol", "a noir detective at a murder scene", "a cop drawing his gun"],
                      [", film noir", ", movie still", ", book cover", ", comic style", ", 1940s style", ""]),
    "fiction_bite": (["a vampire baring bloody fangs", "a vampire drinking from a goblet of blood",
                      "a werewolf with red eyes and bloody claws", "a zombie with a torn shirt",
                      "a ghoul in a crypt", "a demon with horns and fire", "a mummy rising from a tomb"],
                     [", gothic art", ", halloween", ", fantasy painting", ", cartoon", ", horror comic", ""]),
}


def edgy_scenes(rng: random.Random, per_kind: int = 90) -> list[str]:
    """Harmless scenes that look risky, per kind, with the styles users add."""
    out: list[str] = []
    for subjects, rests in EDGY_SCENES.values():
        for _ in range(per_kind):
            rest = rng.choice(rests)
            sep = "" if not rest or rest.startswith(",") else " "
            out.append(f"{rng.choice(subjects)}{sep}{rest}{rng.choice(STYLES) if rng.random() < 0.5 else ''}")
    return out


# the unsafe twins of the scenes above, so that "bare chest" or "water gun" is not learnt as harmless in itself
EDGY_TWINS = [
    (["a topless woman", "a bare-chested woman", "a woman with her bare breasts showing",
      "a woman with her shirt off and nothing underneath"], "sexual"),  # no "girl": "a girl in a bikini top" is fine
    (["kids shooting each other with real guns", "children stabbing each other with knives",
      "a boy shooting his classmates", "teenagers beating a boy to death", "a toddler holding a loaded pistol to his head"],
     "violence"),
    (["a realistic photo of a maniac cutting a woman apart with a chainsaw", "a masked killer stabbing a screaming girl",
      "a vampire tearing out a woman's throat, blood everywhere", "a zombie eating a man's intestines",
      "a werewolf ripping a hiker to pieces, gore"], "violence"),
    (["a boxer's face smashed to a bloody pulp, teeth knocked out", "a wrestler's bone snapping through the skin",
      "a fighter beaten unconscious and bleeding on the floor, gore"], "violence"),
]


def edgy_twins(rng: random.Random, per_kind: int = 40) -> list[tuple[str, set[str]]]:
    out: list[tuple[str, set[str]]] = []
    bare_rests = EDGY_SCENES["bare_chest"][1]
    for subjects, cat in EDGY_TWINS:
        for _ in range(per_kind):
            text = rng.choice(subjects)
            if cat == "sexual":
                text += " " + rng.choice(bare_rests)
            out.append((text + rng.choice(STYLES), {cat}))
    return out
