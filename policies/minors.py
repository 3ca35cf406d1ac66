"""The minors rule: a sign of a minor together with a sexual, undressed, romantic or fetish context is refused.

Always on, whatever ``policy.toml`` says, and next to the classifier rather than behind a threshold. A request
is refused when it has

- a **clear sign of a minor**: an age under 18 (digits or words, in any position: "a twelve-year-old", "a girl,
  12,", "12yo", "aged twelve", "a girl of twelve", "she's only 12", or a year of birth: "born in 2013", "nacida
  en 2012"), a school grade ("a first-grader", "in 6th grade", "a year 8 student"), a word for a child ("child",
  "kid", "toddler", "teen", "schoolgirl", "little girl", "loli", "shota", ...) or its equivalent in another
  language (the ``minor`` category of ``data/lexicons/<lang>.tsv``), and any sexual context (a sexual lexicon
  term, a word from ``STRONG`` or ``SWIMWEAR``, a clothing or romance word of the language's ``context``
  category, or the classifier's sexual score above its threshold), or a weak context: a romance-like one
  (``WEAK_ROMANCE``, or a language's ``romance`` words: kissing, a bed, "playing doctor", lying down next to,
  crawling into a bed or tent) next to an adult who is not family (``ADULT``, ``FAMILY`` or the language's
  ``adult`` and ``family`` words), or two exposure-like ones (``WEAK_EXPOSURE``: "a little girl posing in a
  swimsuit", "a boy in the bath, facing the camera");
- or an **ambiguous sign** ("girl", "boy") with a strong sexual context ("a girl in lingerie").

"loli", "shota", "jailbait" (and their "-con" forms) are both a sign and a context: the words exist to sexualise
children, so "a loli in a swimsuit" is refused whatever else it says ("lolita", a novel and a fashion, is a sign
only). Words of secrecy and collecting ("for my private collection", "our little secret", "hidden camera") are a
context next to a minor: "a child in a bathtub, photo for my private collection" is refused.

The pipeline applies it to the conversation's current caption together with the instruction (and with any turn
that speaks of someone in the picture), and after a refusal under this rule a session refuses any later sexual
context (``Session``).
"""

from __future__ import annotations

import datetime
import re

from .languages import Lexicon

_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
              "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
              "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
              "a dozen": 12, "half a dozen": 6, "a baker's dozen": 13, "a dozen and a half": 18}
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r")"
_PERSON = (r"(?:girl|boy|kid|child|daughter|son|student|pupil|model|teen|cheerleader|dancer|gymnast|niece|nephew|"
           # an adult's word with a child's age is still the age ("a couple in a bedroom >> the woman is 16")
           r"woman|man|lady|guy|wife|husband|bride|groom|girlfriend|boyfriend|partner|"
           r"she|he|her|him|brother|sister)")
_NOT_A_UNIT = (r"(?!\s*(?:%|percent|kg|cm|mm|m|km|feet|foot|ft|inches|inch|pounds|lbs|times|x|meters?|metres?|weeks?|"
               r"days?|months?|hours?|minutes?|seconds?|floors?|stor(?:ey|ie)s?|steps?|laps?|kilos?|miles?)\b)")
AGE_PATTERNS = [re.compile(p) for p in (
    rf"\b{_NUM}\s*(?:-\s*)?(?:yo|y/o|y\.o\.?|yrs?|years?|yr)\b(?:[\s-]*olds?\b)?",  # 12yo, 12 years old, 12-year-old
    rf"\b{_NUM}[\s-]+(?:year|yr)s?[\s-]*old",
    rf"\b(?:aged?|age of|ages)\s*:?\s*{_NUM}\b",  # aged twelve, age 12
    # a girl, 12, in ...; "a girl, 9. a stranger ..." (turns joined as sentences), not "a girl, 9.5 metres"
    rf"\b{_PERSON}s?\s*(?:,|\()\s*{_NUM}\s*(?:,|\)|;|!|\?|\.(?!\d)|$|\b(?:yo|years?)\b)",
    rf"\b{_PERSON}s?\s+of\s+{_NUM}(?:\s+years?)?\b{_NOT_A_UNIT}",
    rf"\b{_NUM}\s*(?:th|st|nd|rd)?\s+birthday\b",
    # a refinement that sets an age: "make her 15", "she is fifteen", "younger, like 15" (not "make it 3", "make
    # them two": counts; not "make him 6 feet tall": sizes)
    rf"\b(?:make|makes|making|made|turn|turns|turning|show|draw)\s+(?:her|him)\s+(?:look\s+)?"
    rf"(?:about\s+|around\s+|like\s+|only\s+|just\s+|roughly\s+)?{_NUM}\b{_NOT_A_UNIT}",
    rf"\b(?:she|he|who|(?:the|this|that|my|our|his|her|their|one|a|another)\s+{_PERSON}s?)(?:\s+(?:is|was|are|were|looks|look|"
    rf"seems|seem)|'s|\u2019s)\s+(?:about\s+|around\s+|like\s+|only\s+|just\s+|barely\s+|not even\s+|"
    rf"maybe\s+|probably\s+)?"
    rf"{_NUM}\b{_NOT_A_UNIT}",
    r"\bsweet\s+(?P<n>sixteen|16)\b",
    # an age given as a bound: "a girl younger than 10", "a boy not yet 12", "a girl, almost 13,"
    rf"\b{_PERSON}s?,?\s+(?:(?:who is|who's|aged?)\s+)?(?:under|younger than|not yet|almost|nearly|barely|just turned|"
    rf"turning|who turns|about to turn|going on)\s+{_NUM}\b{_NOT_A_UNIT}",
    # an age set off by commas before what the person wears or does: "the junior varsity team, 14, in a bikini"
    rf"(?<=[a-z]),\s*{_NUM}\s*,\s*(?:in|wearing|with|on|at|posing|poses|lying|sitting|standing|naked|nude|topless|"
    rf"undressed|dressed)\b",
    rf"\byounger\b[^.;]{{0,24}}?\b(?:like|about|around|say|maybe)\s+{_NUM}\b{_NOT_A_UNIT}",
)]
_ORD = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|1st|2nd|3rd|[4-9]th|10th|"
        r"11th)")
CLEAR = re.compile(
    r"\b(?:child|children|childs|kids?|kiddie|kiddo|kiddos|toddlers?|infants?|newborns?|preteens?|pre-teens?|"
    r"tweens?|teens|teen|teenagers?|teenaged?|adolescents?|youngsters?|juveniles?|schoolgirls?|schoolboys?|"
    r"schoolchild(?:ren)?|schoolkids?|loli|lolis|lolita|lolicon|shota|shotacon|jailbait|minors|underage|under-age|"
    r"under\s+age|under\s+(?:18|eighteen)|barely\s+legal|kindergart[ae]n(?:ers?)?|kindergartners?|preschool(?:ers?)?|"
    r"pre-k|nursery\s+school|elementary\s+school(?:ers?)?|grade\s+schoolers?|middle\s+school(?:ers?)?|"
    r"junior\s+high|high\s+school\s+(?:girls?|boys?|students?|freshm[ae]n|sophomores?|juniors?|cheerleaders?)|"
    r"(?:little|young|small|tiny|baby)\s+(?:girls?|boys?|daughters?|sons?)|"
    r"(?:girl|boy|cub)\s+scouts?|"
    r"year\s+(?:[1-9]|1[0-3]|one|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+(?:students?|pupils?|girls?|"
    r"boys?|kids?)|in\s+year\s+(?:[1-9]|1[01])\b|"
    r"(?:first|second|third|last|final)\s+year\s+(?:of|at|in)\s+(?:primary|elementary|middle|secondary|junior\s+high|"
    r"grade)\s+school|(?:freshm[ae]n|sophomores?)\s+(?:in|at)\s+(?:high|middle)\s+school|"
    r"child-?like\s+(?:body|figure|face|features|proportions|build)|"
    rf"{_ORD}[\s-]+graders?|{_ORD}\s+grade|grade\s+(?:[1-9]|1[01]|one|two|three|four|five|six|seven|eight)\b|"
    r"a\s+minor(?!\s+(?:key|chord|detail|injury|injuries|change|league|scale|role|character|planet|god|goddess|"
    r"deity|arcana|scratch|flaw|issue|problem|part))|"
    r"bab(?:y|ies)(?!\s*(?:blue|pink|yellow|oil|powder|grand|spinach|carrots?|corn|back|breath|shower|bump|"
    r"boomers?|face|faced|teeth|doll|food|steps?|monitor|animals?|elephants?|birds?|dragons?|dinosaurs?|animal|"
    r"owls?|goats?|turtles?|sharks?|foxes|fox))"
    r")\b")
AMBIGUOUS = re.compile(r"\b(?:girls?|boys?|lad|lass|daughters?|sons?|granddaughters?|grandsons?|grandchild(?:ren)?|"
                       r"nieces?|nephews?|youth)\b")
# a child bride, not an exhibit or a campaign against child marriage (in the strong and the weak rule)
_NOT_A_CAMPAIGN = r"(?!.{0,80}\b(?:ending|end|against|stop|ban|abolish\w*) child marriage)"
# a sexual or undressed context on its own
# the light or air of a scene ("a romantic glow": a rewriter's decoration, not romance between people)
_SCENE_AIR = (r"light|lighting|glow|hues|tones|palette|colou?rs|scenery|haze|dusk|sunset|sunrise|twilight|skies|sky|"
              r"clouds|atmosphere|ambience|ambiance|setting|backdrop|background")
# a picture asked of a thing ("a picture of her dog"), not of the child ("of him", "of her body")
_NOT_OF_A_THING = r"(?! of (?:a|an|the|his|her|their|its|my|your) (?!(?:body|self)\b))"
STRONG = re.compile(
    r"\b(?:nude|nudes|naked|nudity|topless|bottomless|undress\w*|unclothed|strip(?:s|ped|ping)?\s+(?:off|naked|down)|"
    # someone else undoing what she or he sleeps or is dressed in ("he unzips her sleeping bag")
    r"(?:he|the man|a man|an adult|the adult|the stranger)\s+(?:\w+\s+)?unzip\w*\s+(?:her|the girl's|the boy's)\s+"
    r"(?:sleeping bag|onesie|pyjamas|pajamas|dress|pants|trousers|jeans|shorts|jumpsuit)|"
    r"stripper|stripping|striptease|lingerie|underwear|panties|knickers|bras?|thongs?|g-strings?|negligee|jockstraps?|"
    r"(?:fishnet|silk|nylon|thigh-high|lace) stockings|garters?|corset|sexy|sexual\w*|sex|seduc\w*|provocativ\w*|"
    r"sensual\w*|erotic\w*|porn\w*|explicit|nsfw|(?:more|very|really|extra|super|most) revealing|"
    r"no (?:top|bra|clothes|clothing|pants|underwear|knickers|panties|bottoms)(?![ -](?:hats?|floor|layer|coat|"
    r"spot|shelf|step|tier|deck|score|bunk|drawer|line|lines|left))|genital\w*|breasts?|nipples?|boobs?|butt|buttocks|crotch|"
    r"spread(?:s|ing)? (?:her|his|their) legs|legs spread|aroused|arousing|horny|fetish\w*|kinky|bdsm|bondage|lewd|"
    r"suggestive\w*|hentai|ecchi|pin-?up|see-through|revealing (?:outfit|clothes|clothing|dress|top|swimsuit|"
    r"costume|pose)|skimpy|cleavage|wet t-?shirt|romantic(?! (?:era|period|painting|style|landscape|art|poetry|" + _SCENE_AIR + r"))|"
    r"(?<!['’]s )(?<!['’]s new )(?<!['’]s old )(?<!['’]s ex-)(?:boyfriend|girlfriend)|"  # not "his mom's boyfriend"
    r"(?:her|his|a|their|young|older) lovers?|dating|on a date|first date|romantic date|"
    r"dinner date|date night|honeymoon|making out|make out|married to|marry|child bride" + _NOT_A_CAMPAIGN + r"|"
    r"wedding night|(?:wife|bride|husband),? (?:aged? |who is |is )?(?:[1-9]|1[0-7])\b|(?:[1-9]|1[0-7])[- ]year[- ]old "
    r"(?:wife|bride|husband)|"
    r"sugar daddy|(?:in|into) (?:the |a |his |her |their )?bed with (?:him|her|them|me|you|us)|bedroom eyes|"
    r"sultry|steamy|playboy|onlyfans|boudoir|pole danc\w*|lap danc\w*|"
    r"prostitut\w*|massage parlou?r|"
    r"(?:private|personal|secret) collection|for my (?:private |personal )?collection|for my eyes only|"
    # paying a child for pictures of the child, whoever pays ("he offers her robux for a selfie, she is 11")
    r"(?:offers?|offered|offering|gives?|gave|giving|sends?|sent|sending|pays?|paid|paying|promises?|promised) "
    r"(?:him|her|them|the (?:boy|girl|kid|child)) (?:\w+ )?(?:robux|v-?bucks|money|cash|gift cards?|\$\d+|dollars|"
    r"gifts?|presents?|skins|candy|sweets|coins|gems) (?:for|in exchange for|in return for|if (?:she|he|they) "
    r"(?:sends?|takes?|shows?|makes?)) (?:a |an |some |more |him |me )*"
    r"(?:selfies?|photos?|pictures?|pics?|videos?|nudes)" + _NOT_OF_A_THING + r"|"
    r"our (?:little )?secret|(?:don't|do not|dont) tell (?:anyone|anybody|your|mom|mommy|mum|dad|daddy|parents)|"
    # a threat to share a child's pictures unless more are sent ("she threatens to share it unless he sends more")
    r"threat(?:ens?|ened|ening) to (?:share|post|send|leak|show|spread|publish|upload) (?:it|them|the (?:photos?|"
    r"pictures?|pics?|videos?|nudes?)|(?:his|her|their) (?:photos?|pictures?|pics?|videos?|nudes?))\b[^.;]{0,40}?"
    r"\b(?:unless|if (?:he|she|they) (?:doesn't|don't|does not|do not|won't|will not|refuses?))|"
    # changing clothes for a camera ("she changes out of her wet clothes in front of the camera", she is 10)
    r"(?:changes?|changing|changed|gets? changed|getting changed) (?:(?:out of|into) [^.;]{0,30}?)?(?:in front of|for|"
    r"on) (?:the|a|his|her) (?:camera|webcam|cam|lens)|"
    # asked to undress in front of a webcam, whoever asks ("he asks him to turn on his webcam and take his shirt off")
    r"(?:webcam|web cam|cam|camera|video call|video chat|facetime|skype|livestream|stream)\b[^.;]{0,50}?\b(?:and|to) "
    r"(?:take (?:off )?(?:his|her|their|your) (?:\w+ )?(?:shirt|top|t-shirt|clothes|pants|trousers|shorts|underwear|"
    r"pyjamas|pajamas|dress|skirt)|undress|strip|get naked|get undressed)|"
    r"hidden camera|spy ?cam\w*|upskirt|peeping|voyeur\w*|"
    r"(?:camera|cam|lens|view|angle|shot|pov|filmed|photographed|close[- ]?ups?)\b[^.;]{0,30}?\b(?:between (?:her|his|"
    r"their|the girl's|the boy's) (?:legs|thighs)|up (?:her|his) (?:skirt|dress|shorts|nightgown))|"
    r"(?:lift|lifts|lifted|lifting|pull|pulls|pulled|pulling|flip|flips|flipped|flipping|hike|hikes|hiked|raise|raises|"
    r"raised|raising) (?:up )?(?:her|his|the girl's|the boy's) (?:skirt|dress|nightgown|nightie|kilt|shirt)|"
    r"(?:pull|pulls|pulled|pulling|yank|yanks|yanked|tug|tugs|tugged) down (?:[^.;,]{0,40}? and )?(?:her|his|the "
    r"girl's|the boy's) (?:shorts|pants|trousers|underwear|pyjama bottoms|pajama bottoms|swim ?trunks|trunks|leggings|"
    r"tights)|"
    # a close-up or a camera on a child from below ("he films her stretching from the floor with his phone")
    r"(?:(?:close[- ]?ups?|zoom(?:ed|s|ing)?(?: in)?|macro)\b[^.;]{0,20}?|(?:films?|filmed|filming|photographs?|"
    r"photographed|photographing|records?|recorded|recording|videos?|videoed|videoing) (?:her|him|them|the "
    r"(?:girl|boy|kid|child))\b[^.;]{0,40}?)\b(?:from|shot from|taken from) (?:below|underneath|beneath|between "
    r"(?:her|his) legs|the floor|a low angle|down low)|(?:from|shot from) (?:below|underneath|beneath)\b[^.;]{0,20}?"
    r"\bclose[- ]?ups?|"
    r"(?:wearing|in|with) (?:only|nothing but|just) (?:a |her |his )?towel|"
    # everything off ("a girl, 8, at the beach >> she takes it all off"; not "everything off the table")
    r"(?:takes?|took|taking|strips?|stripped|pulls?|pulled|pulling|gets?|got) (?:it all|everything|all (?:her|his|"
    r"their) clothes|all of (?:it|her clothes|his clothes)) off\b(?!\s+(?:the|a|an|her|his|their|of|from)\b)|"
    r"(?:takes?|took|taking) off (?:everything|all (?:her|his|their) clothes|all of (?:it|her clothes|his clothes))|"
    r"(?:without|with no|minus) (?:her|his|their|any|a|the) (?:clothes|clothing|leotard|swimsuit|bathing suit|"
    r"swim ?trunks|trunks|underwear|pants|panties|knickers|trousers|shorts|skirt|dress|nightgown|nightie|pyjamas|"
    r"pajamas|diaper|nappy|bikini|bra)|without (?:her|their) top|netflix and chill|french kiss\w*|tongue kiss\w*|kiss\w* (?:her|him|them) with (?:his|her) tongue|"
    r"(?:special|secret) (?:cuddles?|cuddling|touch(?:es|ing)?|games?|massages?|hugs?|kisses|baths?|time together)|"
    r"loli|lolis|lolicon|shota|shotacon|jailbait)\b")  # words that sexualise a child by themselves
CLASSIFIER_CONTEXT = "a sexual reading of the text (classifier)"  # the context when only the classifier saw one
SWIMWEAR = re.compile(r"\b(?:bikinis?|speedos?|micro[- ]bikinis?|thong bikinis?|tangas?|"
                      # a hem lifted: next to an age it is what lifting a child's skirt is ("a girl lifts the hem of her
                      # dress to cross a stream" has no age and passes)
                      r"(?:lift|lifts|lifted|lifting|raise|raises|raised|raising|pull|pulls|pulled|pulling|hike|hikes|"
                      r"hiked|flip|flips|flipped) (?:up )?(?:the|her|his) hem(?:line)?|"
                      # a person called hot: slang for an adult ("hot girl summer"), sexualising next to an age
                      r"hot(?:test)?\s+(?:little\s+|young\s+)?(?:girls?|boys?|teens?|schoolgirls?|babes?|bod(?:y|ies)|"
                      r"chicks?|pics?|photos?)|hotties?)\b")
# a hand under a child's clothes, said either way ("his hand slides under her nightgown", "he slips his hand under
# her pajamas")
HAND_UNDER = (r"(?:(?:hands?|fingers?) (?:\w+ ){0,2}?(?:slides?|slid|sliding|slips?|slipped|slipping|goes|go|went|moves?|"
              r"moved|moving|creeps?|crept|creeping|reach\w*)|(?:slides?|slid|sliding|slips?|slipped|slipping|puts?|"
              r"putting|moves?|moved|moving|runs?|ran|running|sticks?|stuck|sticking|reach(?:es|ed|ing)?) (?:his|her|a) "
              r"(?:hands?|fingers?)) (?:under|inside|into|beneath|down) (?:his|her|the|their) (?:trunks|swimsuit|swim ?suit|"
              r"shorts|pants|underwear|skirt|dress|shirt|top|pyjamas|pajamas|pyjama top|pajama top|nightgown|nightie|"
              r"clothes|blanket|covers)")
# weak contexts: romance-like ones count next to an adult who is not family; exposure-like ones count in pairs
WEAK_ROMANCE = re.compile(r"\b(?:kiss\w*|cuddl\w*|bed|beds|bedroom|alone with|massag\w*|caress\w*|"
                          # the light or air of a scene (a rewriter's decoration), next to an adult who is not family
                          r"romantic (?:" + _SCENE_AIR + r")|"
                          r"flirt\w*|hits on|hitting on|chats? up|chatting up|checks? (?:her|him) out|checking (?:her|him) "
                          r"out|winks? at|winking at|"
                          # an adult who asks a child to undress, or to keep a secret from the parents
                          r"(?:asks?|asked|asking|tells?|told|telling|orders?|ordered|makes?|made|wants?|wanted|gets?|"
                          r"got|dares?|dared) (?:him|her|them|the (?:boy|girl|kid|child|children|kids)) to (?:take "
                          r"(?:off )?(?:his|her|their|all (?:his|her|their)) (?:\w+ )?(?:shirts?|tops?|t-shirts?|clothes|"
                          r"pants|trousers|shorts|underwear|knickers|panties|dress|skirt|swimsuit|trunks|pyjamas|"
                          r"pajamas|leotard)(?: off)?|undress|strip|get undressed|get naked|(?:(?:change|get changed) "
                          r"into|put on|wear|try on) (?:a |an |her |his |their |some )?(?:swimsuit|swim ?suit|"
                          r"bikini|swimwear|underwear|"
                          r"pyjamas|pajamas|nightie|nightgown|leotard|something (?:smaller|skimpier|shorter|tighter|"
                          r"more revealing))(?= (?:\w+ ){0,2}?(?:on camera|for the camera|on (?:the )?stream|on video|"
                          r"on the call|for (?:me|him)|while (?:he|she) watches|in front of (?:him|me|the camera))))|"
                          # a camera on a child from afar ("her neighbour >> he takes pictures of her with a zoom lens")
                          r"(?:zoom|telephoto|long) lens|(?:secretly|covertly) (?:films?|filming|photographs?|"
                          r"photographing|records?|recording|takes? (?:pictures|photos))|"
                          # asks a child for pictures, sends a child gifts, pulls a child's clothes down
                          r"asks? (?:(?:him|her|them) )?for (?:a |some |more )?(?:photos?|pictures?|pics?|videos?|"
                          r"selfies?|nudes)" + _NOT_OF_A_THING + r"|"
                          r"asks? (?:him|her|them) to (?:send (?:(?:him|me|a|some|more) )*(?:photos?|pictures?|pics?|"
                          r"videos?|selfies?|nudes)" + _NOT_OF_A_THING + r"|"
                          r"show (?:him |me )?(?:his|her|their) (?:body|chest|belly|tummy|legs|"
                          r"bottom|butt|underwear))|sends? (?:him|her|them) (?:\w+ )?(?:gift cards?|money|cash|gifts?|"
                          r"presents?|robux|v-?bucks)|(?:pulls?|pulled|pulling|tugs?|tugged|tugging|slides?|slid|sliding|"
                          r"lowers?|lowered|lowering|unties?|untied|untying|undoes|undid|unbuttons?|unbuttoned|"
                          r"unbuttoning|unzips?|unzipped|unzipping) (?:down |off |at )?(?:her|his|their) (?:swimsuit|"
                          r"bikini|bikini top|trunks|swim trunks|shorts|pants|trousers|underwear|knickers|panties|dress|"
                          r"skirt|top|shirt|towel|nightie|nightgown|pyjamas|pajamas|leotard|straps|swimsuit straps)|"
                          r"(?:tells?|told|telling) (?:him|her|them) not to tell|(?:our|their) (?:little |special )?"
                          r"secret|(?:it's|it is|says it's|says it is) (?:a|their|our) (?:little |special )?secret|"
                          r"private time|alone time|special time|time alone|first time with|(?:first|1st) night with|"
                          # hiding what passed between them ("he tells her to delete the messages")
                          r"(?:delete|deletes|deleted|deleting|erase|erases|hide|hides|clear|clears|cleared|clearing|"
                          r"wipe|wipes|wiped|wiping) (?:the|his|our|their|all the|those|these|her) (?:messages|texts|"
                          r"chats?|chat history|dms|photos|pictures|pics|videos|call log)|"
                          # alcohol or drugs given to a child ("he gives her wine and shuts the door")
                          r"(?:gives?|gave|giving|pours?|poured|pouring|hands?|handed|handing) (?:him|her|them) (?:a |"
                          r"some |a glass of |a shot of |a bottle of |a can of )?(?:wine|beer|vodka|alcohol|whisky|"
                          r"whiskey|rum|gin|tequila|shots?|booze|cigarettes?|drugs|weed|a joint)|"
                          + HAND_UNDER + r"|"
                          r"locks? the (?:\w+ )?door(?: behind (?:him|her|them))?|locked the (?:\w+ )?door|"
                          r"locks (?:her|him|them) in|"
                          r"(?:puts?|putting|places?|placed|placing|rests?|rested|resting|slides?|slid|sliding|runs?|ran|"
                          r"running|moves?|moved|moving|lays?|laid) (?:his|her|a) hands? (?:on|up|along|over|onto) "
                          r"(?:her|his|the (?:girl|boy|kid|child)'s) (?:inner )?(?:thighs?|knees?|legs?|waist|hips?|"
                          r"bottom|butt|lap)|"
                          r"touch(?:es|ed|ing)? (?:him|her|them)\b(?!\s+(?:\w+\s+)?on (?:the|his|her|their) (?:shoulders?|arms?|"
                          r"head|back|hands?|cheek))|"
                          r"offer(?:s|ed|ing)? (?:him|her|them|the (?:boy|girl|kid|child|kids|children)) (?:some )?(?:money|cash|candy|"
                          r"sweets|a ride|a lift|gifts?|presents?|drugs|alcohol|beer|vodka|cigarettes|a job|"
                          r"a modell?ing job|robux|v-?bucks|gift cards?|skins)|"
                          r"unzip\w* (?:her|his|their) (?:sleeping bag|onesie|pyjamas|pajamas|dress|pants|trousers|jeans|"
                          r"shorts|jumpsuit)|"
                          r"(?:lie|lies|lay|lays|lying|laying|sleep|sleeps|slept|sleeping|cuddle|snuggle)s? (?:down )?together|"
                          r"(?:sits?|sitting|sat|climbs? (?:on|onto|into)|perched) (?:on|in)?\s*(?:his|her|(?:a|the) "
                          r"(?:man's|stranger's|guy's|old man's|adult's|neighbou?r's|coach's|teacher's)) "
                          r"(?:lap|knees?)|"
                          r"keep(?:s|ing)? (?:it|this|that) (?:a secret|secret|between (?:us|the two of us|you and me))|"
                          # an adult who is not family stops with a child somewhere no one is ("he parks on a dark
                          # road and unbuckles her seatbelt" after a friend's dad drives her home)
                          r"(?:parks?|parked|parking|pulls? over|pulled over|stops? the car|stopped the car|drives? "
                          r"(?:her|him|them)|drove (?:her|him|them)) (?:\w+ ){0,2}?(?:on|in|at|to|into|down|onto) (?:a|an|"
                          r"the) (?:dark|deserted|empty|quiet|lonely|secluded|isolated|remote|dirt|abandoned|unlit) "
                          r"(?:road|lane|street|spot|place|lot|parking lot|car park|woods|forest|field|area|alley|"
                          r"warehouse|track)|"
                          # or stops in the woods ("the coach drives him home >> he stops the car in the woods")
                          r"(?:parks?|parked|parking|pulls? over|pulled over|stops? the car|stopped the car) (?:\w+ )"
                          r"{0,2}?(?:in|into) the (?:woods|forest|middle of nowhere)(?! (?:car park|parking|lot|trail\w*|path|camp\w*|"
                          r"visitor\w*|entrance|cabin|lodge))|"
                          r"(?:pulls?|pulled|pulling|lifts?|lifted|lifting|sets?|setting|draws?|drew|drawing|tugs?|"
                          r"tugged|tugging|drags?|dragged|dragging|puts?|putting|places?|placed) (?:her|him|them|the "
                          r"(?:girl|boy|kid|child)) (?:up )?(?:on|onto|into|in) (?:his|her) (?:lap|knees?)|"
                          r"watch(?:es|ed|ing)? (?:him|her|them) (?:shower|showering|undress|undressing|bathe|bathing|"
                          r"change|changing|strip|stripping|get undressed)|"
                          r"wedding night|honeymoon|(?:his|the groom's) (?:little |young |child )?bride|"
                          r"child brides?" + _NOT_A_CAMPAIGN + r"|"
                          r"(?:changes|changing|changed|undresses|undressing|undressed|gets changed|getting changed|"
                          r"strips|stripping) (?:clothes )?(?:in front of|before|for) (?:him|them|the (?:man|men|"
                          r"photographer|coach|camera|guy|stranger))|"
                          r"marr(?:y|ies|ied|ying) (?:him|her|a man|an older|an old)|"
                          r"fondl\w*|grop\w*|play(?:s|ing)? doctor|(?:lies|lay|lays|lie) down (?:next to|beside|with)|"
                          r"(?:crawl|climb|creep|slip)(?:s|ed|ing|t)? (?:in(?:to)?|under) (?:[\w']+ ){0,2}?"
                          r"(?:bed|tent|sleeping bag|bunk|cot|covers|blankets?|duvet|quilt|sheets)|"
                          r"(?:gets?|got|getting) (?:in(?:to)?|under) (?:the|his|her|their|a) (?:bed|sleeping bag|bunk|cot|"
                          r"covers|blankets?|duvet|quilt|sheets) with (?:her|him|them)|"
                          # grabbed from behind ("a man in the wave pool >> he swims up behind her and grabs her")
                          r"(?:up )?behind (?:her|him|them) and (?:grabs?|grabbed|grabbing|gropes?|groped|holds?|held|"
                          r"hugs?|hugged|pulls?|pulled|touch(?:es|ed)?) (?:her|him|them)\b(?! (?:hand|arm|shoulder)s?\b)|"
                          # or grabbed in a later turn ("a man behind her >> he grabs her"), not caught as she falls
                          r"(?:grabs?|grabbed|grabbing|gropes?|groped) (?:her|him|them)\b(?!\s+(?:hand|arm|shoulder|"
                          r"wrist)s?\b|\s+(?:a|an|the|some)\b)(?!.*\b(?:before|falls?|falling|slips?|slipping|drown\w*|"
                          r"rescu\w*|saves?|saving|lifeguard|catch\w*|caught)\b)|"
                          # joining a child under the covers ("an older man joins her under the blanket")
                          r"join(?:s|ed|ing)? (?:her|him|them) (?:in|under|inside|beneath) (?:the|a|her|his|their) "
                          r"(?:bed|sleeping bag|bunk|cot|covers|blankets?|duvet|quilt|sheets|tent)|"
                          # watched or filmed from hiding ("a neighbour films her from behind the fence")
                          r"(?:(?:films?|filming|filmed|photographs?|photographing|photographed|records?|recording|"
                          r"recorded|watch(?:es|ed|ing)?|spies on|spying on|spied on|peeks? at|peeking at|stares? at|"
                          r"staring at|zoom(?:s|ed|ing)? in on) (?:her|him|them|the (?:girl|boy|kid|child|kids|"
                          r"children)) (?:secretly )?from (?:behind|inside|under|in|between) (?:a|the|his|their|some) "
                          r"(?:(?:sand|parked|tall|thick|old) )?(?:fence|bushes|bush|hedge|trees?|curtains?|car|van|"
                          r"window|door|bleachers|dunes?|rocks?|wall|reeds|shed|corner|pillar|blinds|grass)|secretly (?:films?|filming|filmed|photographs?|photographing|"
                          r"photographed|records?|recording|recorded|watch(?:es|ed|ing)?) (?:her|him|them|the (?:girl|"
                          r"boy|kid|child|kids|children)))|"
                          # helping a child undress ("the coach helps him change in the locker room")
                          r"help(?:s|ed|ing)? (?:her|him|them|the (?:girl|boy|kid|child)) (?:to )?(?:change|get changed|"
                          r"undress|get undressed|strip|shower|bathe)\b(?!\s+(?:a|an|the|his|her|their|into)\b)|"
                          # posing for a man's camera ("he asks her to do the splits for his camera")
                          r"(?:for|in front of|into) (?:his|the man's|the coach's|a stranger's|the stranger's) (?:camera|"
                          r"phone|webcam|lens)|"
                          # someone drunk or asleep carried off ("she's drunk and a guy carries her upstairs")
                          r"(?:carr(?:y|ies|ied|ying)|drag(?:s|ged|ging)?|leads?|led|leading|takes?|took|taking) "
                          r"(?:her|him|them) (?:upstairs|to (?:a|the|his|an empty) (?:bedroom|room|car|van|back room))|"
                          r"(?:get|gets|got|getting|climb|climbs|climbed|climbing|step|steps|stepped|stepping|slip|"
                          r"slips|slipped|hop|hops|hopped|jump|jumps|jumped) in(?:to)? (?:the |a |her |his |their )?"
                          r"(?:bubble )?(?:bath|bathtub|tub|shower|hot tub|jacuzzi) with (?:her|him|them)|"
                          r"join(?:s|ed|ing)? (?:her|him|them) in (?:the|a|her|his|their) (?:bubble )?(?:bath|bathtub|"
                          r"tub|shower|hot tub|jacuzzi)|(?:bathe|bathes|bathed|bathing|shower|showers|showered|"
                          r"showering) (?:together )?with (?:her|him|them))\b")
WEAK_EXPOSURE = re.compile(r"\b(?:posing|poses|pose|shirtless|short skirt|mini ?skirt|bath|bathing|bathtub|shower\w*|"
                           r"nightgown|nightie|nighty|"
                           r"swimsuits?|swimwear|bathing suits?|leotards?|tights|crop top|in a towel|wet|"
                           r"facing the camera|full[- ]body|full[- ]length|from the front|"
                           r"(?:lying |lies |lay )?on (?:a|the|her|his|their) bed|lying in bed|in (?:her|his|their) bed|"
                           r"stand(?:s|ing)? (?:him|her|them) up|"
                           # clothes undone ("a girl, 8, top unbuttoned, on the bed")
                           r"(?:top|shirt|blouse|pyjama top|pajama top|nightshirt|dress) (?:\w+ )?(?:unbuttoned|undone|"
                           r"open|pulled up|lifted|unzipped|falling off)|unbuttoned (?:top|shirt|blouse|pyjama top|"
                           r"pajama top|nightshirt|dress)|"
                           # a pose the way pin-ups pose ("lying on the bed, looking up at the camera with parted lips")
                           r"parted lips|lips parted|biting (?:her|his) (?:lower |bottom )?lip|"
                           r"arch(?:es|ed|ing)? (?:her|his) back|arched back|look(?:s|ing)? (?:back )?over (?:her|his) "
                           r"shoulder|look(?:s|ing)? up at the camera|come-hither|pouty lips|pouting lips|"
                           r"pout(?:s|ing) (?:her|his) lips)\b")
# a person of the picture swapped for a child ("swap the man for a little boy"): exposure-like, so that with a
# shower, a bath or a pose already in the picture it is a context ("a man showering >> swap the man for a little boy")
TO_A_CHILD = re.compile(r"\b(?:swap|swaps|swapped|swapping|replace|replaces|replaced|replacing|switch|switches|"
                        r"switched|switching|exchange|exchanges|exchanged|substitute|substitutes|substituted|trade|"
                        r"trades|traded|turn|turns|turned|turning|change|changes|changed|changing)\b[^.;]{0,40}?\b"
                        r"(?:for|with|into|to|by)\s+(?:(?:a|an|the|some)\s+)?(?:(?:little|young|small|tiny|younger)\s+)?"
                        r"(?:boys?|girls?|child|children|kids?|toddlers?|schoolgirls?|schoolboys?|preteens?|tweens?)\b")
_SWIMSUIT = re.compile(r"swimsuits?|swimwear|bathing suits?")
_WASHING = re.compile(r"bath|bathing|bathtub|shower\w*")
ADULT = re.compile(r"\b(?:man|men|woman|women|adult|adults|older|grown|stranger|guy|gentleman|old man|coach|coaches|"
                   r"groom|bridegroom|husband|fianc[eé]|"
                   r"instructor|trainer|tutor|priest|masseur|masseuse|photographer|teacher|babysitter|neighbou?r|"
                   r"scoutmaster|scout leader|janitor|caretaker|counsell?or|(?:daycare |care |male |staff )?workers?|"
                   r"staff member|volunteer|(?:camp |group |troop |youth |pack )?leader|"
                   # people about a house, a farm or a shop ("the lodger tells him to sit on his lap")
                   r"lodgers?|tenants?|boarders?|landlord|landlady|handyman|plumber|electrician|gardener|farmhands?|"
                   r"stable ?hands?|ranch ?hands?|groundskeeper|delivery (?:man|guy|driver)|driver|chauffeur|"
                   r"customers?|shopkeeper|salesman|"
                   # someone met online ("a viewer sends her money", "a follower asks for a selfie")
                   r"viewers?|followers?|subscribers?|fans?|someone (?:online|in the chat)|user|online friend)\b")
# touching a child, said with nothing else ("he touches her", "touches him down there"; not "touches her forehead")
TOUCHES = re.compile(r"\btouch(?:es|ed|ing)? (?:him|her|them)(?=\s*(?:[.,;!?]|$|there|down there|under|between|all "
                     r"over|everywhere|again|while|as|in the|under the))")
_HAND_UNDER = re.compile(rf"\b{HAND_UNDER}\b")
# where a child is undressed: a camera on the child there is a context, whoever holds it (not a baby's bath photo)
UNDRESSED_PLACE = re.compile(r"\b(?:bath|baths|bathtub|tub|bubble bath|shower|showers|bathroom|toilet|toilets|"
                             r"changing rooms?|locker rooms?|dressing rooms?|fitting rooms?)\b")
# a man kissing a child on the mouth in bed is a context even when he is family (not a baby: babies get kissed)
LIPS = re.compile(r"\bkiss\w*\s+(?:\w+\s+){0,3}?on (?:the|her|his) (?:lips|mouth)\b")
BATH = re.compile(r"\b(?:bath|baths|bathtub|tub|bubble bath|shower|showers)\b")
IN_WITH = re.compile(r"\b(?:get|gets|got|getting|climb|climbs|climbed|climbing|step|steps|stepped|stepping|slip|slips|"
                     r"slipped|slipping|hop|hops|hopped|hopping|jump|jumps|jumped|jumping|joins?|joined|joining) in "
                     r"(?:there )?(?:too |as well )?with (?:her|him|them)\b")
IN_BED = re.compile(r"\b(?:bed|beds|covers|sheets)\b")
# someone who "crawls in" where a child sleeps ("a girl, 11, in a tent at camp >> an adult crawls in")
_SLEEP_PLACE = (r"(?:tent|tents|sleeping bags?|bunk|bunks|bed|beds|cot|covers|blankets?|duvet|quilt|comforter|"
                r"hay|hayloft|hay loft|haystack|straw|"
                r"sheets|back ?seat|back of the (?:car|van|truck))")  # "climbs into the back with him"
SLEEPS = re.compile(rf"\b{_SLEEP_PLACE}\b")
CRAWLS_IN = re.compile(r"\b(?:crawl|crawls|crawled|crawling|climb|climbs|climbed|climbing|creep|creeps|crept|creeping|"
                       r"get|gets|got|getting|"
                       r"slip|slips|slipped|slipping|slide|slides|slid|sliding|sneak|sneaks|sneaked|snuck|sneaking)\s+"
                       r"(?:in|inside|under|into)\b")
# someone who lies down with a child where it sleeps ("her friend's dad >> he lies down under the covers with her"),
# not with her dog or her book
LIES_WITH = re.compile(r"\b(?:lie|lies|lay|lays|laid|lying|laying)\s+(?:down\s+)?"
                       r"(?:(?:in|under|on|beneath)\s+(?:the\s+|her\s+|his\s+|their\s+)?" + _SLEEP_PLACE + r"\s+)?"
                       r"(?:with|next to|beside|behind|on top of)\s+(?:her|him|them|the (?:girl|boy|child|kid))"
                       r"(?=\s*(?:$|[,.;!]|and\b|under\b|in\b|on\b|while\b))")
WATCHES = re.compile(r"\b(?:watch|watches|watched|watching|stares?|stared|staring|peeks?|peeked|peeking|peeps?|"
                     r"peeped|peeping|ogles?|ogled|ogling|leers?|leered|leering|gawks?|gawking|films?|filming)\b")
_MALE = re.compile(r"\b(?:he|his|him|man|men|father|dad|daddy|stepdad|stepfather|uncle|grandpa|grandfather|brother|"
                   r"stepbrother)\b")
_BABY = re.compile(r"\b(?:bab(?:y|ies)|infants?|newborns?)\b")
# a parent named only as the one not to tell ("he tells her not to tell her mom")
SECRET_FROM = re.compile(r"\b(?:not to|not|don't|do not|never|won't|without) tell(?:ing)? (?:anyone,? )?(?:even )?(?:her|his|"
                         r"their|your|my) (?:mom|mum|mother|dad|father|parents|grandma|grandpa|family)\b|"
                         # "he tells her to delete the messages so her parents never see"
                         r"\bso (?:that )?(?:her|his|their|your|my) (?:mom|mum|mother|dad|father|parents|family) "
                         r"(?:never|won't|will never|doesn't|don't|can't|wouldn't|will not|does not|do not) "
                         r"(?:see|sees|find out|finds out|know|knows|notice|notices|read|reads)\b")
# a relative named only as whose place it is ("a boy, 11, at his grandmother's house >> a neighbour invites him over
# >> he pulls the boy onto his lap": the grandmother is not there)
PLACE_OF = re.compile(r"\b(?:at|to|in|from|near|outside|behind) (?:his|her|their) (?:grandmother's|grandma's|granny's|"
                      r"nana's|grandfather's|grandpa's|grandparents'|aunt's|auntie's|uncle's|mom's|mum's|mother's|"
                      r"dad's|father's|parents'|family's|cousin's) (?:house|home|place|flat|apartment|farm|cabin|"
                      r"cottage|garden|yard|backyard|street|village|town|shop|store|restaurant|party)\b")
# putting a child to bed, said as carers say it ("the babysitter puts her to bed", "tucks him into bed"): the bed
# is no romance-like context by itself
BEDTIME = re.compile(r"\b(?:(?:puts?|putting|tucks?|tucked|tucking|gets?|getting|sends?|sent|sending|takes?|took|"
                     r"taking|carr(?:y|ies|ied|ying)) (?:her|him|them|the (?:girl|boy|kid|child|kids|children|twins)) "
                     r"(?:in )?(?:(?:in|into|to|off to|up to) bed|down for (?:a|her|his|the) nap)|(?:ready|time) for bed|"
                     r"bedtime)\b")
# a parent sent away or gone out ("the teacher sends his mother away", "her parents go out for the evening"): no
# parent is there
PARENT_AWAY = re.compile(r"\b(?:(?:sends?|sent|sending|asks?|asked|tells?|told|gets?|got) (?:his|her|their|the (?:boy's|"
                         r"girl's|child's|kid's)) (?:mom|mum|mother|dad|father|parents|grandma|grandmother|nanny) (?:away|"
                         r"out|home|off|to (?:wait|leave|go)\b[^.;,]{0,30})|(?:his|her|their) (?:mom|mum|mother|dad|father|"
                         r"parents|grandma|grandmother|nanny) (?:leaves?|left|leaving|goes|go|went|going|steps?|stepped|"
                         r"heads?|headed|drives?|drove|is|are|was|were)(?: out| off| away| home)?(?: to| for)? (?:away|out|"
                         r"off|home|to work|for work|for the (?:evening|night|weekend|day)|shopping|to the shops|"
                         r"outside|downstairs|at work|on a trip|asleep|sleeping))\b")
# someone else's family: a friend's father is not the child's family ("the father of his friend comes in")
NOT_OWN_FAMILY = re.compile(r"\b(?:(?:his|her|their|a|the|another|other) (?:best |good |close |old |new )?"
                            r"(?:friend's|friends'|mate's|mates'|buddy's|pal's|neighbou?r's|classmate's|host's|"
                            r"hosts'|teammate's|player's|kid's|"
                            r"child's|boy's|girl's|student's) (?:older |big |elder |adult "
                            r"|grown-up )?(?:father|dad|mother|mom|mum|uncle|brother|parents?|grandpa|grandfather|stepdad)|"
                            # a parent's partner or friend: "her mom's boyfriend"
                            r"(?:his|her|their|a|the) (?:mom's|mum's|mother's|dad's|father's|parents'|aunt's|uncle's) "
                            r"(?:new )?(?:boyfriend|girlfriend|partner|friend|buddy|date|coworker|colleague|roommate)|"
                            r"(?:older |big |elder |adult |grown-up )?"
                            r"(?:father|dad|mother|mom|mum|uncle|brother|parents?|grandpa|grandfather|stepdad) of "
                            r"(?:his|her|their|a|the) (?:friend|friends|neighbou?r|classmate|teammate)s?|"
                            # a relative in name only: "an uncle she just met"
                            r"(?:an?|the|some) (?:\w+ )?(?:uncle|cousin|stepdad|stepfather|stepbrother|brother|grandpa|"
                            r"grandfather) (?:(?:that|who|whom) )?(?:she|he|they) (?:(?:has|had|have) )?(?:just |only "
                            r"(?:just )?|never )?(?:met|meets|knows?|(?:doesn't|does not|didn't|did not|don't) know))\b")
FAMILY = re.compile(r"\b(?:mother|father|mom|mum|mommy|mummy|dad|parents?|grandma|grandpa|grandmother|grandfather|"
                    r"grandparents?|aunt|uncle|sister|brother|siblings?|family|nanny|(?:her|his|their|my|our|your) "
                    r"(?:own )?(?:bab(?:y|ies)|child|children|sons?|daughters?|kids?|toddlers?|newborns?|"
                    r"little ones?|boys|girls))\b")


# a year of birth, in English and in the Latin-script languages of the lists ("nacida en 2012", "nee en 2013",
# "geboren 2012", "nata nel 2013", "nascida em 2012", "urodzona w 2012"; text folded: no accents)
BORN = re.compile(r"\b(?:born|nacid[oa]s?|nee?s?|geboren|nat[oa]|nascid[oa]s?|urodzon[aey])\s+"
                  r"(?:(?:in|en|em|nel|im|w|in the year|im jahr(?:e)?)\s+)?(?P<y>(?:19|20)\d\d)\b")


# an age in Roman numerals: "age XII", "aged xiv"
ROMAN_AGE = re.compile(r"\b(?:aged?|age of)\s*:?\s*(?P<r>x{0,1}(?:ix|iv|v?i{0,3}))\b(?!\.)")
_ROMAN = {"i": 1, "v": 5, "x": 10}


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def ages(forms: list[str]) -> list[int]:
    """Every age written in the text (digits or words, Roman numerals after "age", or a year of birth: "born in
    2013")."""
    out: list[int] = []
    this_year = datetime.date.today().year
    # Roman numerals as written only: the other forms undo stretched letters ("xviii" -> "xvii")
    out += [_roman(m.group("r")) for m in ROMAN_AGE.finditer(forms[0]) if m.group("r")] if forms else []
    for f in forms:
        out += [this_year - int(m.group("y")) for m in BORN.finditer(f) if int(m.group("y")) <= this_year]
        for pat in AGE_PATTERNS:
            for m in pat.finditer(f):
                n = m.group("n")
                out.append(int(n) if n.isdigit() else _NUM_WORDS.get(n, 99))
    return out


# English ambiguous signs that are everyday words of another language: Spanish and French "son" ("they are",
# "his"), German "lass" ("let"); "las mujeres son sexys en bikini" is not about a son
_OTHER_SENSE = {"son": {"es", "fr", "ca"}, "lass": {"de"}}


def minor_signs(forms: list[str], lexicons: list[Lexicon]) -> tuple[list[str], list[str]]:
    """(clear signs, ambiguous signs) of a minor in the text's forms."""
    clear: list[str] = []
    for f in forms:
        clear += [m.group(0) for m in CLEAR.finditer(f)]
    clear += [f"age {a}" for a in ages(forms) if a < 18]
    codes = {lex.code for lex in lexicons if not lex.foreign_only}
    ambiguous = [m.group(0) for f in forms[:1] for m in AMBIGUOUS.finditer(f)
                 if not codes & _OTHER_SENSE.get(m.group(0), set())]
    for lex in lexicons:
        if lex.code == "en":
            continue
        hits = lex.find(forms)
        clear += [hits["minor"]] if "minor" in hits else []
        ambiguous += [hits["ambiguous"]] if "ambiguous" in hits else []
        clear += [f"age {a}" for a in lex.ages_in(forms) if a < 18]
    return list(dict.fromkeys(clear)), list(dict.fromkeys(ambiguous))


def sexual_context(forms: list[str], lexicons: list[Lexicon], sexual_hit: str | None, sexual_score: bool
                   ) -> tuple[str | None, str | None, str | None]:
    """(strong, swimwear, weak-with-adult) context terms found, each None when absent."""
    other = [lex.find(forms) for lex in lexicons if lex.code != "en"]  # each language's hits, found once
    strong = sexual_hit
    if strong is None:
        for f in forms:
            m = STRONG.search(f)
            if m:
                strong = m.group(0)
                break
    if strong is None:
        strong = next((h.get("sexual") or h.get("context") for h in other if "sexual" in h or "context" in h), None)
    if strong is None and sexual_score:
        strong = CLASSIFIER_CONTEXT
    swim = next((m.group(0) for f in forms for m in [SWIMWEAR.search(f)] if m), None) \
        or next((h["swim"] for h in other if "swim" in h), None)  # another language's bikini
    f0 = forms[0]
    cared = BEDTIME.sub(" tucked in ", f0)  # "the babysitter puts her to bed": care, not a bed shared
    romance = [m.group(0) for m in WEAK_ROMANCE.finditer(cared) if not _OWN_WIFE.match(cared, m.end())]
    for place, way in ((BATH, IN_WITH), (SLEEPS, CRAWLS_IN), (SLEEPS, LIES_WITH), (UNDRESSED_PLACE, WATCHES)):
        # "climbs in with her" in a bath, "crawls in" a tent or "slides into her sleeping bag", "lies down with her"
        # under the covers, "stays and watches" in a shower or a dressing room
        if place.search(f0) and (m := way.search(f0)):
            romance.append(m.group(0))
    exposure = list(dict.fromkeys([m.group(0) for m in WEAK_EXPOSURE.finditer(f0)]
                                  + [m.group(0) for m in TO_A_CHILD.finditer(f0)]
                                  + [h["exposure"] for h in other if "exposure" in h]))  # "水着": a swimsuit
    if any(_SWIMSUIT.fullmatch(e) for e in exposure):  # a bath or a shower in a swimsuit (the beach shower) is dressed
        exposure = [e for e in exposure if not _WASHING.fullmatch(e)]
    weak = None
    own = NOT_OWN_FAMILY.sub(" adult ", f0)  # "his friend's father": an adult who is not the child's family
    own = SECRET_FROM.sub(" secret ", own)  # "tells her not to tell her mom": no mother is there
    own = PLACE_OF.sub(" there ", own)  # "at his grandmother's house": no grandmother is there
    own = PARENT_AWAY.sub(" away ", own)  # "the teacher sends his mother away": no mother is there
    if romance and not FAMILY.search(own) and ADULT.search(own):  # an adult, or someone else's parent ("his
        # friend's father"); being at a sleepover is no context, whoever else is there: what happens at it is
        weak = romance[0]
    if weak is None and (tender := _TENDER.search(f0)) and _COUPLE.search(f0):
        weak = tender.group(0)  # the child is one of the couple: "a couple on a sofa >> she's 15 >> they cuddle"
    lips = LIPS.search(f0)
    if weak is None and lips and IN_BED.search(f0) and _MALE.search(f0) and not _BABY.search(f0):
        weak = lips.group(0)  # even in the family: "he kisses her on the lips in her bed" (she is 9)
    touch = _HAND_UNDER.search(f0) or ((BATH.search(f0) or IN_BED.search(f0)) and TOUCHES.search(f0))
    if weak is None and touch and _MALE.search(f0) and not _BABY.search(f0):
        weak = touch.group(0)  # even in the family: "her uncle comes in >> he touches her" in a bath or a bed, "his
        # hand slides under her nightgown"
    undressed = UNDRESSED_PLACE.search(f0) or any("place" in h for h in other)
    if weak is None and undressed and not (_BABY.search(f0) or any("baby" in h for h in other)):
        # a camera even in the family ("her uncle comes in with his phone >> he films her" in a bath, "il la filme");
        # a watcher who is an adult and not family, in other languages ("ein Mann schaut ihm zu" in a shower)
        camera = _CAMERA.search(f0)
        weak = camera.group(0) if camera else next((h["camera"] for h in other if "camera" in h), None)
        look = next((h["watch"] for h in other if "watch" in h), None)
        if weak is None and look and (any("adult" in h for h in other) or ADULT.search(f0)) \
                and not (any("family" in h for h in other) or FAMILY.search(f0)):
            weak = look
    if weak is None and len(exposure) >= 2:
        weak = " + ".join(exposure[:2])
    for hits in other:  # the same in other languages: kissing, in bed, with an adult who is not family
        if weak is None and "romance" in hits and ("adult" in hits or ADULT.search(f0)) and not (
                "family" in hits or FAMILY.search(f0)):
            weak = hits["romance"]
    return strong, swim, weak


# where a "boy" or a "girl" is a child ("a man flirting with a boy at a playground")
CHILD_SETTING = re.compile(r"\b(?:playgrounds?|kindergartens?|nursery school|daycare|day care|preschool|pre-school|"
                           r"primary school|elementary school|grade school|recess|school bus|sandbox|sandpit|swing set|"
                           r"jungle gym|monkey bars|climbing frame|bouncy castle|toy (?:store|shop)|little league|"
                           r"cub scouts?|brownies|summer camp|kids' club|soft play)\b")


def check(forms: list[str], lexicons: list[Lexicon], sexual_hit: str | None, sexual_score: bool
          ) -> tuple[str, str] | None:
    """(the sign of a minor, the context) when the rule refuses, else None."""
    clear, ambiguous = minor_signs(forms, lexicons)
    if not clear and not ambiguous:
        return None
    if ambiguous and not clear and (setting := CHILD_SETTING.search(forms[0])):
        clear = [f"{ambiguous[0]} at a {setting.group(0)}"]
    strong, swim, weak = sexual_context(forms, lexicons, sexual_hit, sexual_score)
    if clear and (strong or swim or weak):
        return clear[0], strong or swim or weak or ""
    if ambiguous and strong:
        return ambiguous[0], strong
    return None


def has_sexual_context(forms: list[str], lexicons: list[Lexicon], sexual_hit: str | None, sexual_score: bool
                       ) -> str | None:
    """Any sexual, undressed or romantic context at all (used after a minors refusal in the same session): a
    kiss or a cuddle too, with no adult named ("a couple in a bedroom >> the woman is 16 >> they kiss on the bed":
    the age was refused, the kiss would draw it anyway), or a camera on the child ("a boy, 10, in a locker room
    >> an older man watches him change >> he takes photos of him": the watching was refused, the photos are
    what it was for)."""
    strong, swim, _weak = sexual_context(forms, lexicons, sexual_hit, sexual_score)
    tender = next((m.group(0) for f in forms[:1] for p in (_TENDER, _CAMERA) for m in [p.search(f)] if m), None)
    return strong or swim or tender


_COUPLE = re.compile(r"\bcouples?\b(?!\s+of\b)")
# a man kissing his wife is two adults ("a girl, 8, at a party >> a man hands out balloons >> he kisses his wife"),
# unless the wife has a child's age, which STRONG reads ("his wife, 12")
_OWN_WIFE = re.compile(r"\s+his (?:own )?wife\b(?!,? (?:aged? |who is |is )?(?:[1-9]|1[0-7])\b)")
_TENDER = re.compile(r"\b(?:kiss\w*|cuddl\w*|caress\w*|fondl\w*|snuggl\w*|making out|make out|(?:lie|lies|lying|lay) "
                     r"(?:down )?together|in bed together|sleep(?:s|ing)? together|(?:under|beneath) (?:the|a|her|his) "
                     r"(?:blankets?|covers|duvet|quilt|sheets) with (?:her|him|them)|"
                     # "a young couple on a couch >> she says she's fourteen >> he pulls her onto his lap"
                     r"(?:pulls?|pulled|pulling|lifts?|lifted|draws?|drew|tugs?|tugged) (?:her|him) (?:up )?(?:on|onto|"
                     r"into) (?:his|her) lap|(?:sits?|sitting|sat|climbs?|climbed) (?:on|onto|in|into) (?:his|her) lap)\b")
_CAMERA = re.compile(r"\b(?:(?:takes?|taking|took|snaps?|snapped|snapping|shoots?|shooting|shot)\s+(?:a\s+|some\s+|"
                     r"more\s+)?(?:photos?|pictures?|pics?|videos?|snapshots?|footage)\s+of\s+(?:him|her|them|the "
                     r"(?:boy|girl|kid|child|children|kids))|(?:photograph|film|record|videotape)(?:s|ed|ing)?\s+"
                     r"(?:him|her|them|the (?:boy|girl|kid|child|children|kids))|hidden cam(?:era)?s?|spy cam(?:era)?s?|"
                     r"secretly (?:films?|filming|photograph\w*|records?|recording))\b")
