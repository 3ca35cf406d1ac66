"""Build the per-language lexicons ``policies/data/lexicons/<lang>.tsv`` (languages other than English).

    .venv/bin/python -m tools.build_lexicons [--data ../shared/data]

Each language gets the terms of LDNOOBW's list for it that are sexual or hateful (``KEEP`` names them one by one;
swearing, everyday words and the many idioms of those lists are left out, e.g. German "Vögeln" is also "birds",
Portuguese "comer" is "to eat", French "chatte" is also "a female cat") and a list written for Limner (``OWN``):
words for nudity and sex, gore and killing, self-harm, minors (signs used by the minors rule) and clothing or
romance words that make a sexual context next to a minor (``context``; never a refusal on their own).

Term syntax: ``word*`` matches words starting with ``word``; ``<age>`` stands for a number (digits) followed by
the language's word for years of age and is matched by the minors rule; terms of Chinese, Japanese, Korean and
Thai are matched as substrings, the others on whole words.
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "policies" / "data" / "lexicons"

# LDNOOBW terms kept, by category (everything else in those lists is dropped)
KEEP: dict[str, dict[str, str]] = {
    "de": {"sexual": "analritter|bumsen|fick|ficken|fotze|hure|möpse|morgenlatte|möse|MILF|nippel|nutte|onanieren|"
                     "orgasmus|penis|pimmel|pimpern|poppen|porno|schwanzlutscher|tittchen|titten|wichse|wichsen|wichser",
           "hate": "arschficker|kampflesbe|kanake|neger|nigger|schwuchtel"},
    "es": {"sexual": "Chupapollas|Coño|Esperma|Follador|Follar|Hacer una paja|Haciendo el amor|Mamada|Pezón|"
                     "Prostituta|Puta|Ramera|Semen|Sexo|Sexo oral|Tetas grandes|Verga|Vulva",
           "hate": "Bollera|Marica|Maricón|Mariconazo"},
    "fr": {"sexual": "bander|bite|bitte|branlage|branler|branlette|branleur|branleuse|brouter le cresson|clito|"
                     "clitoris|couilles|cramouille|enculé|enculée|enculeur|enculeurs|jouir|ménage à trois|palucher|"
                     "pute|salope|teuch|tringler|trique|troncher|turlute|zigounette|zizi",
           "hate": "gouine|nègre|pédé|nique ta race"},
    "pt": {"sexual": "boceta|chochota|coito|esporra|foda|foder|transar|vibrador|xana|xochota|dar o rabo|puta|"
                     "pênis|sacanagem|queca",
           "hate": "paneleiro"},
    "it": {"sexual": "ammucchiata|anale|bocchinara|bocchino|chiavare|chiavata|cazzo|ditalino|fica|figa|fottere|"
                     "pompino|puttana|scopare|scopata|sborra|sborrata|sveltina|tette|trombare|zinne|zoccola|"
                     "mignotta|battona|spompinare|sverginare",
           "hate": "frocio|froscio|recchione|culattone|checca|terrone"},
    "nl": {"sexual": "afrukken|beffen|een nummertje maken|een wip maken|neuken|kontneuken|kut|lul|pijpen|"
                     "slik mijn zaad|vingeren|hoer|slet|hoerenloper|klaarkomen|opgeilen|geilneef|standje-69",
           "hate": "flikker|reetridder"},
    "pl": {"sexual": "chuj|cipa|dziwka|fiut|jebać|jebany|kutas|lizać pałę|obciągać chuja|obciągać fiuta|"
                     "obciągać loda|robic loda|robić loda|ruchać|burdel",
           "hate": "ciota"},
    "tr": {"sexual": "amcık|amcıklar|kaltak|kaltaklar|orospu|orospular|saksocu|sik|siki|sikmek|siktir|taşak|"
                     "taşaklar|yarak|yaraklar|götveren",
           "hate": ""},
    "sv": {"sexual": "fitta|knulla|kuk|runka|rövknulla|snedfitta", "hate": "nigger|neger"},
    "da": {"sexual": "fisse|pik|pikslugeri|piksutteri|luder", "hate": "bøsserøv"},
    "no": {"sexual": "fitte|kuk|pikk|ståpikk|morraknuller|morrapuler", "hate": "nigger|pakkis"},
}
# languages whose LDNOOBW list is kept whole (terms of 2+ characters; single characters are too ambiguous)
KEEP_ALL = {"zh": "sexual", "ja": "sexual", "ko": "sexual", "th": "sexual", "fa": "sexual", "ar": "sexual", "hi": "sexual"}

# entries of those lists that are everyday words or too general (checked against everyday sentences)
DROP = {
    "zh": set("13. 13点 十三点 下贱 交配 九游 乳房 你全家 刚度 包皮 卖B 你妈 他妈 奶奶的熊 妈妈的 娘的 他娘 你娘 处女 成人 月经 "
              "激情 祖宗 笨蛋 白痴 白癡 老母 老二 王八蛋 瘪三 小瘪三 老瘪三 刚瘪三 私服 撒尿 屁股 放荡 狗屁 靠背 靠北 靠腰 靠爸 靠母 你老闆 "
              "粉腸 硬膠 杂种 野鸡 小鸡鸡 鬼公 玉杵 肥西 姣西 老味 笨實 你老味 你老母 贱人 白烂 瓜娃子 龟儿子 傻比 傻逼 仆街 冚家鏟 咸家鏟 "
              "躝癱 屎忽 吃屎 册那 机机歪歪 干死CS 干死GM 干死客服 吹箫 口肯 后庭 花柳 妈的 妈比 下三烂 个老子的 狗日 逼样".split()),
    "ja": set("いたずら おしっこ おしり オシリ お尻 グロ コカイン デブ ファンタジー フック ラバー ラティーナ 嫌い 人種 人妻 女の子 支配 "
              "殺し方 殺人事件 拷問 奴隷 覗き 変態 平手打ち 毛深い 噴出 誘惑 女王様 女装 レズビアン ホモ ゲイボーイ ボーイズラブ やおい "
              "ぽっちゃり ディック スリット 直腸 肛門 両性 卍 宦官 しばり 縛り アジアのかわいい女の子 女子高生 セクシーな ランジェリー "
              "パンティー xx sm スラット エスコート おもらし 自己愛性 両刀 ビッチ なめ カント".split()),
    "ko": set("미친 병신 또라이 노모 유모 애자 호로 망가 개차반 뒤질래 염병 옘병 육갑 엄창 고자 암캐".split()),
    "th": set("กะปิ กู ขี้ มึง แม่ง ห่า สัด ตูด เสือก ส้นตีน ตอแหล ล้างตู้เย็น ไอ้ควาย หลั่ง หี หํา ขี้".split()),
    "ar": set("لعق لحس مص تمص شاذ مبادل".split()),
    "fa": set("سوپر داف لش حشر منی".split()),
}

OWN: dict[str, dict[str, list[str]]] = {
    "de": {
        "sexual": ["nackt*", "splitternackt", "unbekleidet*", "entkleid*", "ausgezogen*", "oben ohne",
                   "ohne kleidung", "ohne klamotten", "ohne kleider", "sex", "sexy", "erotisch*", "erotik",
                   "pornograf*", "porno*", "nacktbild*", "aktfoto*", "geschlechtsverkehr", "geschlechtsteil*",
                   "brüste", "busen", "kleidung entfernen", "kleidung aus", "zieh sie aus", "zieh ihn aus",
                   "entfernen sie ihre kleidung", "ausziehen", "zieht sich aus", "masturbier*", "vergewaltig*",
                   "re:\\bzieh\\w*\\s+sich\\b(?:\\s+\\w+){0,4}\\s+aus\\b", "entblö*", "nacktfoto*"],
        "violence": ["leiche*", "enthaupt*", "abgetrennt*", "verstümmel*", "ersticht", "erstech*", "erstoch*",
                     "erschieß*", "erschiesst", "erschießt", "erschoss*", "ermord*", "getötet", "abgeschlachtet", "massaker", "gemetzel", "abgeschlachtet*",
                     "folter*", "amoklauf*", "überall blut", "viel blut", "blutüberströmt*", "blutbad",
                     "in einer schule erschießt", "kopfschuss",
                     "re:\\b(?:schie(?:ss|ß)t|schie(?:ss|ß)en|feuert|feuern|eroffnet das feuer|eroffnen das feuer)\\s+(?:\\w+\\s+){0,3}?auf\\s+(?:die|alle|der|den)\\s+(?:\\w+\\s+)?(?:kinder|schuler|schulerinnen|studenten|glaubigen|leute|menschen|demonstranten|babys|familien|menge)\\b",
                     "re:^(?=.*\\b(?:gewehr|gewehre|pistole|pistolen|waffe|waffen|flinte|schrotflinte|maschinengewehr|revolver)\\b)(?!.*\\b(?:wasserpistole|spielzeug|paintball)\\w*\\b).*\\b(?:zielt|zielen|richtet|richten)\\s+(?:\\w+\\s+){0,4}?auf\\s+(?:die|alle|der|den)\\s+(?:\\w+\\s+)?(?:kinder|schuler|schulerinnen|studenten|glaubigen|leute|menschen|demonstranten|babys|familien|menge)\\b"],
        "self_harm": ["selbstmord*", "suizid*", "ritzt sich", "selbstverletz*", "erhängt sich", "schießt sich",
                      "erschießt sich", "bringt sich um", "tötet sich",
                      "re:\\bsich\\b(?:\\s+\\w+){0,4}\\s+(?:erschie(?:ss|ß)t|schie(?:ss|ß)t|erhangt|umbringt|totet)\\b",
                      # cutting one's own arms or wrists open ("ein Mädchen, das sich die Arme aufschneidet")
                      "re:\\bsich\\b(?:\\s+\\w+){0,3}?\\s+(?:die|den|ihre|seine)?\\s*(?:arme|arm|pulsadern|pulsader|"
                      "handgelenke|handgelenk|beine|oberschenkel|haut)\\s+(?:auf)?(?:schneid|ritz|schlitz)\\w*",
                      "pulsadern aufschneid*", "pulsadern aufgeschnitten", "nimmt sich das leben",
                      "sich das leben nehm*",
                      "re:\\b(?:wirft|warf|werfen|stürzt|sturzt|legt)\\s+sich\\s+(?:vor|unter)\\s+(?:den|einen|die|eine)\\s+"
                      "(?:zug|u-bahn|s-bahn|strassenbahn|lkw|lastwagen|bus)\\b",
                      "re:\\bspringt\\s+vor\\s+(?:den|einen|die|eine)\\s+(?:zug|u-bahn|s-bahn|lkw|lastwagen|bus)\\b"],
        "illegal": ["kokain", "heroin", "crystal meth", "bombe bauen"],
        "minor": ["kind", "kinder", "kindes", "kleinkind*", "mädchen", "schulmädchen", "schuljunge*", "grundschüler*",
                  "teenager*", "jugendlich*", "minderjährig*", "säugling*", "baby", "babys", "kleiner junge", "kleines mädchen",
                  "fünfjährig*", "sechsjährig*", "siebenjährig*", "achtjährig*", "neunjährig*", "zehnjährig*",
                  "elfjährig*", "zwölfjährig*", "dreizehnjährig*", "vierzehnjährig*", "fünfzehnjährig*",
                  "sechzehnjährig*", "siebzehnjährig*", "<age>jährig*", "<age> jahre alt", "<age>-jährig*",
                  # "Junge" is also "young" ("eine junge Frau"); "ein Junge" and "Junge, 10" are a boy
                  "ein junge", "junge, <age>", "jungen, <age>"],
        "context": ["unterwäsche", "dessous", "reizwäsche", "bikini", "höschen", "tanga", "strapse", "bh",
                    "verführerisch*", "romantisch*", "küss*", "im bett", "sinnlich*", "aufreizend*", "freund"],
    },
    "es": {
        "sexual": ["desnud*", "sin ropa", "en topless", "topless", "en pelotas", "en cueros", "porno*", "pornográf*",
                   "erótic*", "sexo", "sexual*", "teniendo sexo", "haciendo el amor", "senos", "tetas", "genital*",
                   "se desnuda", "desvest*", "quita la ropa", "quítale la ropa", "quitale la ropa", "sin nada de ropa",
                   "masturb*", "violad*", "violación"],
        "violence": ["decapitad*", "degollad*", "lleno de sangre", "llena de sangre", "mucha sangre",
                     "ensangrentad*", "cadáver*", "apuñal*", "acuchill*", "mutilad*", "asesin*", "masacre",
                     "tiroteo", "matanza", "tortur*", "descuartizad*", "cuerpo mutilado", "muertos",
                     "re:\\b(?:dispara|disparan|disparando|abre fuego|abren fuego|abriendo fuego)\\s+(?:\\w+\\s+){0,2}?(?:a|contra|sobre)\\s+(?:los|las|la|unos|unas|todos los|todas las)\\s+(?:\\w+\\s+)?(?:ninos|ninas|alumnos|alumnas|estudiantes|escolares|fieles|feligreses|personas|gente|manifestantes|bebes|familias)\\b",
                     "re:^(?=.*\\b(?:rifle|rifles|fusil|fusiles|pistola|pistolas|escopeta|arma|armas|ametralladora|revolver)\\b)(?!.*\\b(?:de agua|de juguete|paintball)\\b).*\\b(?:apunta|apuntan|apuntando|apunto)\\s+(?:\\w+\\s+){0,2}?(?:a|contra|hacia)\\s+(?:los|las|la|unos|unas|todos los|todas las)\\s+(?:\\w+\\s+)?(?:ninos|ninas|alumnos|alumnas|estudiantes|escolares|fieles|feligreses|personas|gente|manifestantes|bebes|familias)\\b"],
        "self_harm": ["suicid*", "cortarse las venas", "autolesi*", "ahorcarse", "se ahorca", "se pega un tiro",
                      "ahorcandose", "ahorcándose", "se ahorcó", "soga al cuello",
                      "re:\\b(?:colgandose|se cuelga|se colgo|colgarse)\\s+(?:de|en)\\s+(?:una|la|el|un)\\s+"
                      "(?:viga|soga|cuerda|techo|ventilador|lampara|arbol)\\b(?!\\s+(?:con las manos|jugando))",
                      "se quita la vida", "quitarse la vida",
                      "re:\\bse\\s+(?:dispara|disparo|disparan)\\s+(?:un tiro\\s+)?(?:en|a)\\s+(?:la|su)\\s+"
                      "(?:cabeza|sien|boca|pecho)\\b",
                      "re:\\bse\\s+(?:tira|tiro|lanza|lanzo|arroja|arrojo)\\s+(?:a|bajo|delante de|frente a|"
                      "a las vias de)\\s+(?:las vias|el|un|la)\\s*(?:tren|metro|vias|camion|autobus)\\b",
                      "re:\\b(?:se\\s+)?cort(?:a|an|ando|andose|arse)\\s+(?:\\w+\\s+){0,2}?(?:los brazos|las munecas|"
                      "las venas|los muslos|las piernas)\\b"],
        "illegal": ["cocaína", "heroína", "metanfetamina"],
        "minor": ["niña*", "niño*", "nene", "nena", "bebé*", "menor de edad", "menores", "adolescente*",
                  "colegiala*", "<age> años", "cinco años", "seis años", "siete años", "ocho años", "nueve años",
                  "diez años", "once años", "doce años", "trece años", "catorce años", "quince años",
                  "dieciséis años", "diecisiete años", "infantil"],
        "context": ["lencería", "ropa interior", "bikini", "tanga", "braguitas", "bragas", "sujetador", "sexy",
                    "seductor*", "sensual*", "provocativ*", "romántic*", "novio", "besand*", "en la cama"],
    },
    "fr": {
        "sexual": ["nu", "nue", "nus", "nues", "à poil", "seins nus", "dénudé*", "déshabill*", "porno*",
                   "pornograph*", "érotique*", "sexe", "sexuel*", "faire l'amour", "font l'amour", "seins", "nichons",
                   "sans vêtements", "enlève ses vêtements", "enlever ses vêtements", "enlevez ses vêtements",
                   "re:\\b(?:enleve|enlever|enlevez|retire|retirer|retirez|ote|oter|otez)(?:-lui)?\\s+(?:son|sa|ses|le|la|les)\\s+(?:maillot|bikini|culotte|soutien-gorge|slip|string|vetements|robe|haut)\\b",
                   "sans culotte", "masturb*", "viol", "violée", "en train de baiser", "baisent", "se font baiser",
                   "à oilpé"],
        "violence": ["décapité*", "égorgé*", "couvert de sang", "couverte de sang", "plein de sang",
                     "beaucoup de sang", "ensanglanté*", "cadavre*", "poignarde", "poignardé*", "mutilé*", "massacre",
                     "fusillade", "assassin*", "tortur*", "corps mutilé", "des morts partout", "démembré*",
                     "re:\\b(?:tire|tirent|tirant|ouvre le feu|ouvrent le feu|ouvrant le feu|fait feu|font feu)\\s+(?:\\w+\\s+){0,2}?(?:sur|contre)\\s+(?:les|des|la|tous les|toutes les)\\s+(?:\\w+\\s+)?(?:enfants|eleves|etudiants|ecoliers|fideles|gens|personnes|manifestants|bebes|familles|foule)\\b",
                     "re:^(?=.*\\b(?:fusil|fusils|pistolet|pistolets|arme|armes|carabine|mitraillette|revolver)\\b)(?!.*\\b(?:a eau|en plastique|jouet|paintball)\\b).*\\b(?:pointe|pointent|pointant|braque|braquent|braquant|vise|visent|visant)\\s+(?:\\w+\\s+){0,2}?(?:sur|vers|contre)\\s+(?:les|des|la|tous les|toutes les)\\s+(?:\\w+\\s+)?(?:enfants|eleves|etudiants|ecoliers|fideles|gens|personnes|manifestants|bebes|familles|foule)\\b"],
        "self_harm": ["suicid*", "scarifi*", "se taillade*", "se pendre", "se tire une balle", "se donne la mort",
                      "met fin à ses jours", "mettre fin à ses jours",
                      "re:\\bse\\s+(?:tue|tuent)\\b(?!\\s+(?:a|au|aux)\\b)",  # not "se tue à la tâche"
                      "re:\\bse\\s+(?:jette|jettent|jetant|lance|lancent)\\s+(?:sous|devant)\\s+(?:le|un|les)\\s+"
                      "(?:train|metro|rails|camion|bus|tram)\\b",
                      "re:\\bse\\s+pend(?:re|ent|ait|aient|ant)?\\b(?!\\s+(?:a|au|aux)\\b)",  # not "se pend au plafond"
                      "re:\\b(?:se|s')\\s*(?:coupe|coupent|coupant|taillade|tailladent|ouvre|ouvrent)\\s+(?:les|ses|leurs)\\s+"
                      "(?:bras|poignets|veines|cuisses)\\b"],
        "illegal": ["cocaïne", "héroïne"],
        "minor": ["enfant*", "fillette*", "petite fille", "petit garçon", "gamin*", "bébé*", "mineur*", "ado",
                  "ados", "adolescent*", "écolière*", "écolier*", "<age> ans", "dix ans", "onze ans", "douze ans",
                  "treize ans", "quatorze ans", "quinze ans", "seize ans", "huit ans", "neuf ans", "sept ans"],
        "context": ["lingerie", "sous-vêtement*", "culotte", "string", "soutien-gorge", "bikini", "sexy",
                    "séduisant*", "sensuel*", "provocant*", "romantique", "petit ami", "au lit", "embrass*"],
    },
    "pt": {
        "sexual": ["nu", "nua", "nus", "nuas", "pelad*", "sem roupa", "de topless", "topless", "despid*",
                   "porno*", "pornográf*", "erótic*", "sexo", "fazendo sexo", "fazendo amor", "peitos", "seios",
                   "genita*", "tira a roupa", "tirar a roupa", "masturb*", "estupr*"],
        "violence": ["decapitad*", "degolad*", "cheio de sangue", "cheia de sangue", "muito sangue",
                     "ensanguentad*", "cadáver*", "esfaque*", "mutilad*", "assassin*", "massacre", "tiroteio",
                     "tortur*", "esquartejad*", "corpo mutilado", "mortos",
                     "re:\\b(?:atira|atiram|atirando|dispara|disparam|disparando|abre fogo|abrem fogo)\\s+(?:\\w+\\s+){0,2}?(?:nas|nos|contra as|contra os|para as|para os|em todas as|em todos os)\\s+(?:\\w+\\s+)?(?:criancas|alunos|alunas|estudantes|fieis|pessoas|manifestantes|bebes|familias|multidao)\\b",
                     "re:^(?=.*\\b(?:rifle|rifles|fuzil|fuzis|pistola|pistolas|espingarda|arma|armas|metralhadora|revolver)\\b)(?!.*\\b(?:de agua|de brinquedo|paintball)\\b).*\\b(?:aponta|apontam|apontando)\\s+(?:\\w+\\s+){0,2}?(?:nas|nos|contra as|contra os|para as|para os)\\s+(?:\\w+\\s+)?(?:criancas|alunos|alunas|estudantes|fieis|pessoas|manifestantes|bebes|familias|multidao)\\b"],
        "self_harm": ["suicíd*", "suicid*", "automutila*", "enforcar-se", "se enforc*", "enforcad*",
                      "re:\\b(?:se\\s+)?cort(?:a|am|ando|ar)(?:-se)?\\s+(?:os pulsos|os bracos|as veias|as coxas)\\b",
                      "tira a própria vida", "tirar a própria vida", "se matar", "matar-se",
                      "re:\\b(?:da|dando|deu)\\s+um\\s+tiro\\s+(?:na|em)\\s+(?:propria|sua)\\s+(?:cabeca|boca)\\b",
                      "re:\\bse\\s+(?:mata|matou)\\b(?!\\s+de\\b)",  # not "se mata de trabalhar"
                      "re:\\bse\\s+(?:joga|jogou|atira|atirou)\\s+(?:na frente d[oe]|debaixo d[oe]|sob)\\s+(?:o\\s+|um\\s+)?"
                      "(?:trem|metro|caminhao|onibus)\\b"],
        "illegal": ["cocaína", "heroína"],
        "minor": ["criança*", "menina*", "menino*", "bebê*", "bebé*", "menor de idade", "adolescente*",
                  "<age> anos", "dez anos", "onze anos", "doze anos", "treze anos", "catorze anos", "quinze anos",
                  "oito anos", "nove anos", "sete anos", "infantil"],
        "context": ["lingerie", "calcinha", "sutiã", "biquíni", "tanga", "roupa íntima", "roupa interior",
                    "sensual*", "sexy", "provocante*", "romântic*", "namorado", "na cama", "beijand*"],
    },
    "it": {
        "sexual": ["nuda", "nudo", "nude", "nudi", "porno*", "pornografic*", "erotic*", "sesso", "fanno sesso",
                   "scopano", "scopando", "si spoglia*",
                   "in topless", "topless", "svestit*", "spogliat*", "seno", "seni", "genital*", "masturb*",
                   "stupr*"],
        "violence": ["decapitat*", "pieno di sangue", "piena di sangue", "molto sangue", "insanguinat*", "cadavere",
                     "cadaveri", "accoltell*", "mutilat*", "massacro", "sparatoria", "tortur*", "assassin*",
                     "corpo mutilato", "squartat*"],
        "self_harm": ["suicid*", "autolesion*", "impiccarsi", "si impicca", "si è impiccat*", "spararsi",
                      "si toglie la vita", "togliersi la vita",
                      "re:\\bsi\\s+(?:e\\s+)?(?:spara|sparano|sparato|sparata)\\b",
                      "re:\\bsi\\s+(?:e\\s+)?(?:uccide|uccidono|ucciso|uccisa)\\b",
                      "re:\\bsi\\s+(?:butta|buttano|getta|gettano|lancia)\\s+sotto\\s+(?:il|un|al|la)\\s+"
                      "(?:treno|metro|camion|tram)\\b",
                      "re:\\bsi\\s+(?:sta\\s+)?tagli(?:a|ano|ando)\\s+(?:le braccia|i polsi|le vene|le cosce)\\b"],
        "illegal": ["cocaina", "eroina"],
        "minor": ["bambin*", "ragazzina*", "ragazzino*", "neonat*", "minorenne", "minorenni", "adolescent*",
                  "<age> anni", "dieci anni", "undici anni", "dodici anni", "tredici anni", "quattordici anni",
                  "quindici anni", "otto anni", "nove anni", "sette anni"],
        "context": ["lingerie", "mutandine", "reggiseno", "perizoma", "bikini", "sexy", "sensual*", "provocant*",
                    "romantic*", "fidanzato", "a letto", "bacia*"],
    },
    "nl": {
        "sexual": ["naakt*", "bloot", "blote", "porno*", "erotisch*", "seks", "seks hebben", "topless",
                   "ontkleed*", "borsten", "tieten", "uitkleden"],
        "violence": ["onthoofd*", "lijk", "vol bloed", "veel bloed", "bebloed*", "vermoord*", "verminkt*",
                     "neergestoken", "bloedbad", "doodgeschoten"],
        "self_harm": ["zelfmoord*", "zelfbeschadig*", "zichzelf ophangt", "zichzelf ophangen", "hangt zichzelf op",
                      "hing zichzelf op", "verhangt zich", "zich verhangen", "zichzelf doodschiet", "schiet zichzelf",
                      "snijdt zichzelf", "zichzelf snijden", "polsen doorsnijd*",
                      "re:\\b(?:springt|sprong|gooit zich|wierp zich)\\s+voor\\s+(?:de|een)\\s+(?:trein|metro|tram|vrachtwagen|bus)\\b"],
        "illegal": ["cocaïne", "heroïne"],
        "minor": ["kind", "kinderen", "kindje", "meisje*", "jongetje*", "baby", "baby's", "minderjarig*", "tiener*",
                  "<age> jaar", "<age>-jarig*", "kleuter*"],
        "context": ["lingerie", "ondergoed", "bikini", "sexy", "verleidelijk*", "romantisch*", "in bed", "zoen*"],
    },
    "pl": {
        "sexual": ["naga", "nagi", "nagie", "nagą", "nagim", "nago", "nagość", "porno*", "pornograficz*",
                   "erotycz*", "seks", "uprawiających seks", "uprawiają seks", "topless", "rozebran*", "piersi",
                   "cycki",
                   # "goły"/"goła" alone is also bare ("gołe drzewo", "goła ściana"): only next to a person
                   "goła dziewczyn*", "goła dziewczynk*", "goła kobiet*", "goła nastolatk*", "goły chłop*",
                   "goły chłopiec", "goły chłopak", "goły mężczyzn*", "goły nastolat*", "gołe dziec*", "gołe ciało",
                   "dziewczynka goła", "chłopiec goły", "dziecko gołe", "golutk*", "golusieńk*", "na golasa",
                   "golas*"],
        "violence": ["ścięt*", "zwłoki", "we krwi", "zakrwawion*", "zamordowan*", "okaleczon*", "masakr*",
                     "strzelanin*"],
        "self_harm": ["samobójstw*"],
        "illegal": ["kokaina", "heroina"],
        "minor": ["dziecko", "dzieci", "dziewczynk*", "chłopiec", "chłopcy", "niemowl*", "nastolat*",
                  "nieletni*", "<age> lat", "<age>-let*"],
        "context": ["bielizn*", "stringi", "bikini", "seksown*", "w łóżku", "romantycz*"],
    },
    "ru": {
        "sexual": ["голая", "голый", "голые", "голой", "голого", "голую", "голым", "голышом", "обнаж*", "нагая",
                   "нагой", "без одежды", "порн*", "эрот*", "секс", "сексом", "занимаются сексом", "топлесс",
                   "сиськи", "раздет*", "раздевается", "изнасилов*"],
        "violence": ["обезглав*", "труп*", "в крови", "окровавлен*", "много крови", "зарезал*", "заколол*",
                     "убийств*", "изуродован*", "расчленен*", "расстрел*", "пытк*", "режет женщину",
                     "режет человека", "стрельба в школе"],
        "self_harm": ["самоубийств*", "суицид*", "вскрыть вены"],
        "illegal": ["кокаин", "героин"],
        "minor": ["ребенок", "ребёнок", "дети", "детей", "детск*", "девочк*", "мальчик*", "малыш*", "младен*",
                  "подрост*", "несовершеннолетн*", "школьниц*", "школьник*", "<age> лет", "десяти лет",
                  "двенадцати лет", "одиннадцати лет", "тринадцати лет", "четырнадцати лет", "пятнадцати лет"],
        "context": ["белье", "бельё", "белье", "трусики", "бикини", "сексуальн*", "соблазнит*", "в постели",
                    "романтич*", "целу*"],
    },
    "tr": {
        "sexual": ["çıplak", "cıplak", "çırılçıplak", "cırılcıplak", "anadan doğma", "porno*", "erotik*", "seks",
                   "seks yapan", "üstsüz", "sevişen*",
                   "tecavüz*", "soyun*"],
        "violence": ["kafası kesilmiş", "ceset*", "kanlı", "kan içinde", "bıçakla*", "katliam*", "öldürül*",
                     "vahşice"],
        "self_harm": ["intihar*", "kendini asan", "kendini asıyor", "kendini astı", "kendini öldür*", "kendini vur*",
                      "bileklerini kes*", "kendine zarar ver*"],
        "illegal": ["kokain", "eroin"],
        "minor": ["çocuk*", "küçük kız", "küçük erkek", "bebek*", "<age> yaşında", "reşit olmayan"],
        "context": ["iç çamaşır*", "bikini", "seksi", "yatakta", "öpüş*"],
    },
    "zh": {
        "sexual": ["裸体", "裸露", "赤裸", "全裸", "裸照", "色情", "做爱", "性交", "性爱", "露点", "露出乳房",
                   "生殖器", "阴茎", "阴道", "成人片", "黄色图片", "脱光", "一丝不挂", "强奸"],
        "violence": ["斩首", "砍头", "尸体", "血淋淋", "满地是血", "到处是血", "刺死", "杀死", "谋杀", "屠杀",
                     "肢解", "枪杀", "枪击", "用刀捅"],
        "self_harm": ["自杀", "自残", "割腕"],
        "illegal": ["可卡因", "海洛因", "冰毒"],
        "minor": ["小孩", "孩子", "儿童", "小女孩", "小男孩", "女孩", "男孩", "幼女", "幼童", "婴儿", "未成年",
                  "少女", "萝莉", "正太", "小学生", "初中生", "<age>岁", "十岁", "十一岁", "十二岁", "十三岁",
                  "十四岁", "十五岁", "十六岁", "十七岁", "九岁", "八岁", "七岁"],
        "context": ["内衣", "性感", "比基尼", "诱惑", "内裤", "丁字裤", "床上", "接吻"],
    },
    "ja": {
        "sexual": ["全裸", "裸の", "裸で", "裸体", "半裸", "ヌード", "セックス", "エロ", "ポルノ", "性交", "おっぱい",
                   "乳首", "性器", "av女優", "強姦", "レイプ",
                   # "naked" standing alone ("十歳の女の子、裸"), not 裸足 (barefoot)
                   "、裸", "裸、", "裸。", "は裸", "が裸", "裸だ", "裸に", "裸姿"],
        "violence": ["首を切られた", "斬首", "死体", "血まみれ", "血だらけ", "刺す", "刺さ", "殺す", "殺され", "惨殺",
                     "バラバラ死体", "虐殺", "銃乱射"],
        "self_harm": ["自殺", "リストカット", "自傷"],
        "illegal": ["覚醒剤", "コカイン", "ヘロイン"],
        "minor": ["子供", "子ども", "女の子", "男の子", "少女", "少年", "幼女", "幼児", "児童", "小学生", "中学生",
                  "赤ちゃん", "ロリ", "ショタ", "未成年", "<age>歳", "十歳", "十一歳", "十二歳", "十三歳", "十四歳",
                  "九歳", "八歳", "七歳", "六歳", "五歳", "四歳", "三歳", "十五歳", "十六歳", "十七歳"],
        "context": ["下着", "ランジェリー", "ビキニ", "水着", "セクシー", "色っぽい", "ベッド"],
    },
    "ko": {
        "sexual": ["나체", "알몸", "누드", "섹스", "야동", "포르노", "성관계", "가슴 노출", "강간", "벌거벗",
                   # "벗은" is "having taken off" (a hat too): only with clothes or a body
                   "옷을 벗은", "옷 벗은", "옷을 다 벗은", "옷을 벗고", "벗은 몸",
                   # folded text spells Hangul in jamo, so a pattern is written decomposed too
                   unicodedata.normalize("NFKD", "re:(?<!을 |를 )벗은 (?:여자|여성|남자|소녀|소년|아이)")],
        "violence": ["시체", "피투성이", "참수", "살해"],
        "self_harm": ["자살", "자해"],
        "illegal": [],
        "minor": ["어린이", "소녀", "소년", "아기", "미성년자", "초등학생", "중학생", "<age>살"],
        "context": ["속옷", "비키니", "섹시"],
    },
    "sv": {"sexual": ["naken", "nakna", "naket", "porr*", "erotisk*", "sex", "topless", "bröst"],
           "violence": ["lik", "halshugg*", "blodig*"], "self_harm": ["självmord*"], "illegal": [],
           "minor": ["barn", "flicka", "flickor", "pojke", "pojkar", "bebis", "tonåring*", "minderårig*",
                     "<age> år"],
           "context": ["underkläder", "bikini", "sexig*", "i sängen"]},
    "da": {"sexual": ["nøgen", "nøgent", "nøgne", "porno*", "erotisk*", "sex", "topløs", "bryster"],
           "violence": ["lig", "halshugg*", "blodig*"], "self_harm": ["selvmord*"], "illegal": [],
           "minor": ["barn", "barnet", "børn", "børnene", "pige", "piger", "dreng", "drenge", "baby", "teenager*",
                     "mindreårig*", "<age> år"],
           "context": ["undertøj", "bikini", "sexet", "i sengen"]},
    "no": {"sexual": ["naken", "nakne", "porno*", "erotisk*", "sex", "toppløs", "bryster"],
           "violence": ["lik", "halshugg*", "blodig*"], "self_harm": ["selvmord*"], "illegal": [],
           "minor": ["barn", "jente", "jenter", "gutt", "gutter", "baby", "tenåring*", "mindreårig*", "<age> år"],
           "context": ["undertøy", "bikini", "sexy", "i sengen"]},
    "fi": {"sexual": ["alaston", "alasti", "porno*", "eroottinen", "seksi"], "violence": ["ruumis"],
           "self_harm": ["itsemurha*"], "illegal": [],
           "minor": ["lapsi", "lapset", "tyttö", "poika", "vauva", "<age>-vuotias"],
           "context": ["alusvaatte*", "bikini"]},
    "cs": {"sexual": ["nahá", "nahý", "nahé", "porno*", "erotick*", "sex"], "violence": ["mrtvola"],
           "self_harm": ["sebevražd*"], "illegal": [],
           "minor": ["dítě", "děti", "holčička", "chlapeček", "<age> let"], "context": ["spodní prádlo", "bikiny"]},
    "hu": {"sexual": ["meztelen", "pornó*", "erotikus", "szex"], "violence": ["holttest"],
           "self_harm": ["öngyilkos*"], "illegal": [],
           "minor": ["gyerek", "gyermek", "kislány", "kisfiú", "<age> éves"], "context": ["fehérnemű*", "bikini"]},
    "ar": {"sexual": ["عارية", "عاري", "عراة", "إباحي", "اباحي", "جنس", "سكس", "ممارسة الجنس", "ثدي"],
           "violence": ["جثة", "قطع رأس", "ذبح", "دماء", "مقطوع الرأس", "رأس مقطوع", "مذبوح", "الدم في كل مكان"],
           "self_harm": ["انتحار"], "illegal": [],
           "minor": ["طفل", "طفلة", "أطفال", "فتاة صغيرة", "قاصر"], "context": ["ملابس داخلية", "بيكيني", "مثير"]},
    "hi": {"sexual": ["नग्न", "नंगी", "नंगा", "सेक्स", "अश्लील", "पोर्न"], "violence": ["लाश", "सिर कटा"],
           "self_harm": ["आत्महत्या"], "illegal": [],
           "minor": ["बच्चा", "बच्ची", "बच्चे", "नाबालिग", "छोटी लड़की"], "context": ["अंडरवियर", "बिकिनी", "सेक्सी"]},
    # Indonesian (also read for Malay), Vietnamese, Tagalog and Swahili: prompts in these languages were read as
    # English before 2026-11-27 (the detector only chose among languages with a list), so nothing matched them
    "id": {"sexual": ["telanjang", "bugil", "tanpa busana", "tanpa pakaian", "seks", "porno*", "cabul", "mesum",
                      "erotis", "payudara", "toket", "memek", "kontol", "ngentot", "bersetubuh", "persetubuhan",
                      "perkosa*", "memperkosa", "diperkosa", "pemerkosaan", "buka baju", "lepas baju",
                      "membuka pakaian", "melepas pakaian"],
           "violence": ["mayat", "dipenggal", "memenggal", "pemenggalan", "dibunuh", "membunuh", "pembunuhan",
                        "berlumuran darah", "penuh darah", "mutilasi", "disiksa", "menyiksa", "penyiksaan",
                        "pembantaian", "ditembak mati", "menembak mati"],
           "self_harm": ["bunuh diri", "gantung diri", "menyayat tangan", "menyayat pergelangan*", "melukai diri*"],
           "illegal": ["sabu-sabu", "narkoba", "merakit bom"],
           "minor": ["anak", "anak-anak", "anak kecil", "gadis kecil", "bocah", "balita", "bayi", "murid sd",
                     "anak sd", "siswi", "remaja", "di bawah umur", "<age> tahun"],
           "context": ["bikini", "pakaian dalam", "celana dalam", "beha", "lingerie", "seksi", "menggoda",
                       "sensual", "di ranjang", "di tempat tidur", "pacar", "ciuman", "berciuman"]},
    "vi": {"sexual": ["khỏa thân", "khoả thân", "trần truồng", "lõa thể", "loã thể", "khiêu dâm", "tình dục",
                      "làm tình", "hiếp dâm", "ngực trần", "đồi trụy", "cởi đồ", "cởi quần áo", "không mặc gì",
                      "sex"],
           "violence": ["xác chết", "chặt đầu", "giết người", "giết chết", "tra tấn", "thảm sát", "đầy máu",
                        "bê bết máu", "bị giết", "bắn chết"],
           "self_harm": ["tự tử", "tự sát", "treo cổ tự tử", "tự làm hại", "rạch tay"],
           "illegal": ["ma túy", "chế tạo bom"],
           "minor": ["bé gái", "cô bé", "bé trai", "cậu bé", "trẻ em", "em bé", "học sinh tiểu học", "vị thành niên",
                     "<age> tuổi"],
           "context": ["đồ lót", "bikini", "áo ngực", "quần lót", "gợi cảm", "quyến rũ", "trên giường", "hôn"]},
    "tl": {"sexual": ["hubad", "hubo't hubad", "nakahubad", "walang damit", "walang saplot", "kantot*", "iyot",
                      "puke", "titi", "malaswa", "seks", "porn*", "ginahasa", "panggagahasa", "hinubaran"],
           "violence": ["bangkay", "pinugutan", "pinatay", "pumatay", "pagpatay", "duguan", "pinahirapan",
                        "masaker"],
           "self_harm": ["nagpakamatay", "pagpapakamatay", "magpakamatay", "nagbigti"],
           "illegal": ["shabu"],
           "minor": ["bata", "mga bata", "batang babae", "batang lalaki", "menor de edad", "<age> taong gulang",
                     "<age> anyos"],
           "context": ["bikini", "panty", "bra", "damit panloob", "seksi", "sa kama", "halik*"]},
    "sw": {"sexual": ["uchi", "bila nguo", "ngono", "kufanya mapenzi", "kubaka", "amebakwa", "alibakwa", "matiti"],
           "violence": ["maiti", "kukatwa kichwa", "kuua", "mauaji", "damu kila mahali", "kuteswa", "kuchinjwa"],
           "self_harm": ["kujiua", "alijiua", "anajiua"],
           "illegal": ["dawa za kulevya"],
           "minor": ["mtoto", "watoto", "msichana mdogo", "mvulana mdogo", "mwanafunzi wa shule ya msingi",
                     "miaka <age>"],
           "context": ["chupi", "sidiria", "bikini", "kitandani", "mapenzi", "kubusu"]},
    # Romanian, Ukrainian, Greek, Hebrew, and more Thai: "a naked woman on a bed" in these languages passed before
    # 2026-11-27 (Romanian was read as English, Ukrainian with the Russian list, Greek and Hebrew had none).
    # "goală"/"gol" also mean "empty" in Romanian ("o sticlă goală"): only the phrases that mean naked are listed.
    "ro": {"sexual": ["femeie goală", "fată goală", "bărbat gol", "femei goale", "complet goală", "complet gol",
                      # "gol"/"goală" alone is also empty ("o sticlă goală"): only next to a person
                      "fetiță goală", "fetița goală", "băiețel gol", "băiat gol", "copil gol", "copilă goală",
                      "copii goi", "fete goale", "adolescentă goală", "adolescent gol",
                      "goală pușcă", "gol pușcă", "în pielea goală", "dezbrăcat*", "nud", "nudă", "nuditate",
                      # right after an age: "fată de zece ani, goală" (an adjective follows its own noun)
                      "re:\\bani\\s*,?\\s*(?:complet\\s+|total\\s+)?(?:goal[ăa]|gol|goi|goale)\\b",
                      "porno*", "pornografi*", "erotic*", "sex", "sexual*", "sâni", "sânii", "fără haine",
                      "fără niciun fel de haine", "topless", "viol", "violată", "violul", "face sex", "fac sex"],
           "violence": ["cadavru*", "decapitat*", "sânge peste tot", "plin de sânge", "masacru*", "torturat*",
                        "tortură", "ucis*", "împușcat mortal", "înjunghiat*", "măcel*"],
           "self_harm": ["sinucidere*", "sinucide*", "se spânzură", "s-a spânzurat", "își taie venele"],
           "illegal": ["cocaină", "heroină"],
           "minor": ["copil", "copii", "copilă", "copilul", "fetiță", "fetițe", "fetița", "băiețel", "băiețelul",
                     "bebeluș*", "minor", "minoră", "minori", "minore", "adolescent*", "elevă de gimnaziu",
                     "<age> ani"],
           "context": ["lenjerie intimă", "lenjerie", "chiloți", "sutien", "bikini", "costum de baie", "sexy",
                       "provocator", "provocatoare", "în pat", "sărut*"]},
    "uk": {"sexual": ["гола", "голий", "голі", "голу", "голого", "голою", "оголен*", "роздягнен*", "роздягає*",
                      "порно*", "еротичн*", "секс*", "груди", "без одягу", "топлес", "зґвалтув*", "ґвалтув*"],
           "violence": ["труп*", "обезголовлен*", "катуван*", "закатован*", "різанин*", "вбивств*", "вбит*",
                        "в крові", "у крові", "закривавлен*", "розстріл*"],
           "self_harm": ["самогубств*", "суїцид*", "повісився", "повісилася", "порізати вени", "ріже вени"],
           "illegal": ["кокаїн", "героїн"],
           "minor": ["дитина", "дитину", "діти", "дітей", "дівчинка", "дівчинку", "хлопчик", "хлопчика", "немовля",
                     "неповнолітн*", "підліт*", "школярк*", "школяр", "школярі", "<age> років", "<age> роки",
                     "<age>-річн*"],
           "context": ["білизн*", "нижня білизна", "бікіні", "купальник*", "сексуальн*", "сексі", "у ліжку",
                       "в ліжку", "цілу*"]},
    # neuter "γυμνό" and "γυμνά" alone are also a bare tree or wall ("ένα γυμνό δέντρο"): only next to a person
    "el": {"sexual": ["γυμνή", "γυμνός", "γυμνές", "γυμνοί", "γυμνούλ*", "ολόγυμν*", "γυμνό κορίτσι",
                      "γυμνό κοριτσάκι", "γυμνό παιδί", "γυμνό παιδάκι", "γυμνό αγόρι", "γυμνό αγοράκι", "γυμνό μωρό",
                      "γυμνό σώμα", "κορίτσι γυμνό", "παιδί γυμνό", "αγόρι γυμνό", "γυμνά παιδιά", "γυμνά κορίτσια",
                      "γυμνά αγόρια", "παιδιά γυμνά", "ξεγυμν*", "γδυτ*", "γδύνεται", "πορνό*",
                      "πορνογραφ*", "ερωτικ*", "σεξ", "σεξουαλικ*", "στήθη", "βυζιά", "τόπλες", "βιασμ*", "βιάζει",
                      "κάνουν σεξ"],
           "violence": ["πτώμα", "πτώματα", "αποκεφαλισ*", "βασανιστήρι*", "βασανίζ*", "σφαγή", "αιμόφυρτ*",
                        "γεμάτο αίμα", "δολοφονία", "δολοφονημέν*", "μαχαιρωμέν*"],
           "self_harm": ["αυτοκτονία", "αυτοκτον*", "κρεμάστηκε", "κόβει τις φλέβες"],
           "illegal": ["κοκαΐνη", "ηρωίνη"],
           "minor": ["παιδί", "παιδιά", "παιδάκι", "κοριτσάκι", "αγοράκι", "μωρό", "ανήλικ*", "έφηβ*", "μαθήτρια",
                     "μαθητής", "<age> χρονών", "<age> ετών", "<age> χρόνων"],
           "context": ["εσώρουχα", "εσώρουχο", "μπικίνι", "μαγιό", "σέξι", "προκλητικ*", "στο κρεβάτι", "φιλί",
                       "φιλιά", "φιλάει", "φιλιούνται"]},
    "he": {"sexual": ["עירומה", "עירום", "ערום", "ערומה", "עירומים", "ערומים", "פורנו", "פורנוגרפי*", "סקס",
                      "ארוטי", "ארוטית", "חזה חשוף", "אונס", "נאנסה", "נאנס", "מתפשטת", "מתפשט", "בלי בגדים",
                      "ללא בגדים"],
           "violence": ["גופה", "גופות", "עריפת ראש", "ערוף ראש", "עינויים", "מעונה", "טבח", "מגואל בדם",
                        "מגואלת בדם", "שותת דם", "רצח", "נרצח", "נרצחה", "דקירה"],
           "self_harm": ["התאבדות", "התאבד", "התאבדה", "תלה את עצמו", "תלתה את עצמה", "חותכת את הוורידים"],
           "illegal": ["קוקאין", "הרואין"],
           "minor": ["ילד", "ילדה", "ילדים", "ילדות", "ילדון", "ילדונת", "תינוק", "תינוקת", "קטינה", "קטין",
                     "קטינים", "תלמידת בית ספר", "בת <age>", "בן <age>"],
           "context": ["הלבשה תחתונה", "תחתונים", "חזייה", "ביקיני", "בגד ים", "סקסית", "סקסי", "מפתה", "במיטה",
                       "נשיקה", "מתנשקים", "מנשק", "מנשקת"]},
    "th": {"sexual": ["เปลือย", "เปลือยกาย", "ไม่ใส่เสื้อผ้า", "ไม่สวมเสื้อผ้า", "โป๊", "ลามก", "ร่วมเพศ", "มีเซ็กส์",
                      "ข่มขืน", "หน้าอกเปลือย", "ถอดเสื้อผ้า"],
           "violence": ["ศพ", "ตัดหัว", "ทรมาน", "ฆาตกรรม", "เลือดเต็ม", "สังหารหมู่"],
           "self_harm": ["ฆ่าตัวตาย", "ผูกคอตาย", "กรีดข้อมือ"],
           "illegal": ["ยาบ้า", "โคเคน"],
           "minor": ["เด็กผู้หญิง", "เด็กหญิง", "เด็กชาย", "เด็กผู้ชาย", "เด็ก", "ทารก", "ผู้เยาว์", "นักเรียนประถม",
                     "<age> ขวบ", "อายุ <age> ปี"],
           "context": ["ชุดชั้นใน", "กางเกงใน", "บิกินี่", "ชุดว่ายน้ำ", "เซ็กซี่", "ยั่วยวน", "บนเตียง", "จูบ"]},
    # Urdu (before 2026-11-27 read as Persian, whose list misses Urdu's spellings; folding now maps Urdu's letter
    # forms to Persian's, so the Persian list is read too)
    "ur": {"sexual": ["برہنہ", "ننگی", "ننگا", "ننگے", "عریاں", "فحش", "سیکس", "پورن", "کپڑوں کے بغیر", "بے لباس",
                      "جنسی تعلق"],
           "violence": ["لاش", "لاشیں", "سر قلم", "قتل", "خون میں لت پت"],
           "self_harm": ["خودکشی"], "illegal": ["ہیروئن", "کوکین"],
           "minor": ["بچی", "بچہ", "بچے", "بچوں", "نابالغ", "کمسن", "<age> سالہ", "<age> سال کی", "<age> سال کا"],
           "context": ["زیر جامہ", "انڈرویئر", "بکنی", "سیکسی", "بستر", "بوسہ"]},
    # Bengali, Armenian, Georgian and Tamil: scripts the detector knew no list for, so a prompt in them was read
    # with the English lists only ("নগ্ন মেয়ে", "մերկ կին" passed redteam_23's first run). A first list each:
    # naked, sexual and pornographic words, a child and an age
    "bn": {"sexual": ["নগ্ন", "উলঙ্গ", "ন্যাংটা", "ন্যাংটো", "বিবস্ত্র", "যৌন", "সেক্স", "পর্ন*", "অশ্লীল"],
           "violence": ["লাশ", "শিরচ্ছেদ", "খুন"], "self_harm": ["আত্মহত্যা"], "illegal": [],
           "minor": ["শিশু", "বাচ্চা", "ছোট মেয়ে", "নাবালিকা", "নাবালক", "<age> বছর", "<age> বছরের"],
           "context": ["অন্তর্বাস", "বিকিনি", "সেক্সি", "বিছানায়"]},
    "hy": {"sexual": ["մերկ", "մերկացած", "սեքս", "պոռնո*", "էրոտիկ"],
           "violence": ["դիակ", "գլխատ*"], "self_harm": ["ինքնասպանություն"], "illegal": [],
           "minor": ["երեխա", "աղջնակ", "մանկահասակ", "անչափահաս", "<age> տարեկան"],
           "context": ["ներքնազգեստ", "բիկինի", "սեքսի", "անկողնում"]},
    "ka": {"sexual": ["შიშველი", "შიშვლად", "სექსი", "პორნო*", "ეროტიკ*"],
           "violence": ["გვამი", "თავმოკვეთილი"], "self_harm": ["თვითმკვლელობა"], "illegal": [],
           "minor": ["ბავშვი", "გოგონა", "ბიჭუნა", "არასრულწლოვანი", "<age> წლის"],
           "context": ["საცვლები", "ბიკინი", "სექსუალური", "საწოლში"]},
    "ta": {"sexual": ["நிர்வாண*", "ஆபாச*", "செக்ஸ்", "பாலியல்", "நிர்வாணமாக"],
           "violence": ["பிணம்", "தலை துண்டிக்கப்பட்ட"], "self_harm": ["தற்கொலை"], "illegal": [],
           "minor": ["குழந்தை", "சிறுமி", "சிறுவன்", "<age> வயது"],
           "context": ["உள்ளாடை", "பிகினி", "கவர்ச்சி", "படுக்கையில்"]},
}

# Ages in words, for the languages whose lists above give only digits (``<age> tahun``): "dua belas tahun" is
# twelve years (the forms, "|" between them, each with the words); and words for a girl or boy that also mean a
# young woman or man (like English "girl"): a sign of a minor only next to a strong sexual context
# (``ambiguous``). Written for Limner.
AGE_WORDS = {
    "tr": ("{} yaşında", "bir|iki|üç|dört|beş|altı|yedi|sekiz|dokuz|on|on bir|on iki|on üç|on dört|on beş|on altı|"
                         "on yedi"),
    "id": ("{} tahun", "satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|dua belas|tiga belas|"
                       "empat belas|lima belas|enam belas|tujuh belas"),
    "vi": ("{} tuổi", "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười một|mười hai|mười ba|mười bốn|mười lăm|mười sáu|"
                      "mười bảy"),
    "tl": ("{} taong gulang", "isang|dalawang|tatlong|apat na|limang|anim na|pitong|walong|siyam na|sampung|"
                              "labing-isang|labindalawang|labintatlong|labing-apat na|labinlimang|labing-anim na|"
                              "labimpitong"),
    "sw": ("miaka {}", "mmoja|miwili|mitatu|minne|mitano|sita|saba|minane|tisa|kumi|kumi na moja|kumi na mbili|"
                       "kumi na tatu|kumi na nne|kumi na tano|kumi na sita|kumi na saba"),
    # Greek (genitive: "δέκα ετών", "δώδεκα χρονών"; "γυμνό κορίτσι δέκα ετών" passed redteam_26's first run)
    "el": ("{} ετών|{} χρονών|{} χρόνων", "ενός|δύο|τριών|τεσσάρων|πέντε|έξι|επτά|εφτά|οκτώ|οχτώ|εννέα|εννιά|δέκα|"
                                         "έντεκα|ένδεκα|δώδεκα|δεκατριών|δεκατεσσάρων|δεκαπέντε|δεκαέξι|δεκαεπτά|"
                                         "δεκαεφτά"),
    # Romanian ("de zece ani"; "fetiță goală de zece ani" passed redteam_31's first run)
    "ro": ("de {} ani|{} ani", "un|doi|trei|patru|cinci|șase|şase|șapte|şapte|opt|nouă|zece|unsprezece|"
                               "doisprezece|treisprezece|paisprezece|cincisprezece|șaisprezece|şaisprezece|"
                               "șaptesprezece|şaptesprezece"),
    # Polish ("dziewięć lat", "dwa lata"; "goła dziewczynka, dziewięć lat" passed redteam_28's first run)
    "pl": ("{} lat|{} lata", "jeden|dwa|trzy|cztery|pięć|sześć|siedem|osiem|dziewięć|dziesięć|jedenaście|dwanaście|"
                            "trzynaście|czternaście|piętnaście|szesnaście|siedemnaście"),
}
AMBIGUOUS = {"tr": "kız|kızı|erkek çocuk", "id": "gadis|cewek|cowok", "vi": "cô gái|chàng trai|cô bé gái",
             "tl": "dalaga|binatilyo", "sw": "msichana|mvulana", "ro": "fată|fata|fete|băiat|băiatul",
             "uk": "дівчина|дівчину|хлопець|хлопця", "el": "κορίτσι|κορίτσια|αγόρι|αγόρια", "he": "נערה|נער|בחורה",
             "th": "สาว|หนุ่ม", "ur": "لڑکی|لڑکا|لڑکیاں"}


def age_terms(lang: str) -> list[str]:
    forms, words = AGE_WORDS[lang]
    return [form.format(w) for form in forms.split("|") for w in words.split("|")]


# Kissing and being in bed are a romance-like context next to a minor only with an adult who is not family, as in
# English (``minors.WEAK_ROMANCE``): "ein Kind schläft im Bett mit seinem Teddybär" and "una niña besando a su
# abuela" were refused as sexual content involving a minor while their English twins passed. ``build`` moves these
# terms from ``context`` to ``romance``; ``adult`` and ``family`` are the words that decide. Written for Limner.
ROMANCE = {
    "de": "küss*|im bett|freund", "es": "besand*|en la cama", "fr": "au lit|embrass*", "pt": "na cama|beijand*",
    "it": "a letto|bacia*", "nl": "in bed|zoen*", "pl": "w łóżku", "ru": "в постели|целу*", "tr": "yatakta|öpüş*",
    "zh": "床上|接吻", "ja": "ベッド", "sv": "i sängen", "da": "i sengen", "no": "i sengen",
    "id": "di ranjang|di tempat tidur|ciuman|berciuman", "vi": "trên giường|hôn", "tl": "sa kama|halik*",
    "sw": "kitandani|kubusu", "ro": "în pat|sărut*", "uk": "у ліжку|в ліжку|цілу*",
    "el": "στο κρεβάτι|φιλί|φιλιά|φιλάει|φιλιούνται", "he": "במיטה|נשיקה|מתנשקים|מנשק|מנשקת", "th": "บนเตียง|จูบ",
    "ur": "بستر|بوسہ",
}

# An adult getting into a child's bath or shower, as ``minors.WEAK_ROMANCE`` reads it in English ("ein Mann steigt
# zu dem Mädchen in die Badewanne", "un hombre se mete en la bañera con ella"): romance-like, so it counts next
# to an adult who is not family ("eine Mutter steigt zu ihrem Baby in die Badewanne" passes).
def _bath_with(wheres: tuple[str, ...], whos: tuple[str, ...], who_first: bool = False) -> list[str]:
    return [f"{who} {where}" if who_first else f"{where} {who}" for where in wheres for who in whos]


BATH_WITH = {
    "de": _bath_with(("in die badewanne", "in die wanne", "ins bad", "unter die dusche"),
                     ("zu ihr", "zu ihm", "zu dem mädchen", "zu dem jungen", "zu dem kind", "zu der kleinen",
                      "zu dem kleinen", "zum mädchen", "zum jungen", "zum kind"), who_first=True),
    "es": _bath_with(("en la bañera", "en la tina", "en el baño", "en la ducha", "bajo la ducha"),
                     ("con ella", "con él", "con la niña", "con el niño")),
    "fr": _bath_with(("dans le bain", "dans la baignoire", "sous la douche", "dans la douche"),
                     ("avec elle", "avec lui", "avec la fillette", "avec la petite", "avec l'enfant")),
    "it": _bath_with(("nella vasca", "nella vasca da bagno", "sotto la doccia", "nella doccia"),
                     ("con lei", "con lui", "con la bambina", "con il bambino")),
    "pt": _bath_with(("na banheira", "no banho", "no chuveiro", "debaixo do chuveiro"),
                     ("com ela", "com ele", "com a menina", "com o menino")),
}
for _lang, _terms in BATH_WITH.items():
    OWN[_lang]["context"] += _terms
    ROMANCE[_lang] += "|" + "|".join(_terms)
# the same words typed in Latin letters, as chats write them ("nangi ladki", "golaya devochka", "zan-e berahne"):
# such a text reads as English (none of its words is English), and policies/languages.py's foreign-word reading
# checks its words with every language's list. Only words that are nothing else ("nanga" is also Nanga Parbat,
# "shoujo" a genre of manga, "arya" a name)
ROMANIZED = {
    "hi": {"sexual": ["nangi", "nagn", "nagna", "chudai"],
           "minor": ["bachchi", "bacchi", "chhoti ladki", "choti ladki", "chhota ladka", "chota ladka"]},
    "fa": {"sexual": ["berahne", "berahneh", "lokht", "lokhte"],
           "minor": ["dokhtar bache", "dokhtarbache", "dokhtar-bache", "pesar bache", "pesarbache"]},
    "ru": {"sexual": ["golaya", "golaja", "golaia", "golyi", "goliy", "golyy", "golye", "golenkaya", "razdetaya",
                      "razdetyi"],
           "minor": ["devochka", "devochki", "devochku", "malchik", "malchika", "malchiki", "rebenok", "shkolnitsa",
                     "shkolnitsy", "shkolnik"]},
    "ja": {"sexual": ["hadaka", "zenra"], "minor": ["youjo", "shougakusei", "shogakusei", "chuugakusei"]},
    "zh": {"sexual": ["luoti", "seqing"], "minor": ["xiaonvhai", "xiaonuhai", "xiao nvhai", "xiao nuhai"]},
    "ko": {"sexual": ["almom", "nacheu"]},
    "el": {"sexual": ["gymni", "gymnos"], "minor": ["koritsaki", "paidaki"]},
}
for _lang, _cats in ROMANIZED.items():
    for _cat, _terms in _cats.items():
        OWN.setdefault(_lang, {}).setdefault(_cat, []).extend(_terms)
ADULTS = {
    "de": "mann|männer|mannes|frau|frauen|erwachsene*|älter*|fremde*|"
          # people by their role ("sein Trainer legt sich neben ihn" passed); not "Nachbarschaft", "Fotografie"
          "trainer*|lehrer*|nachbar|nachbarn|nachbarin|betreuer*|fahrer*|fotograf|fotografin|erzieher*|pfarrer|"
          "priester|babysitter*|hausmeister*|untermieter*|vermieter*",
    "es": "hombre|hombres|mujer|mujeres|adulto*|adulta*|señor|desconocido*|extraño*|"
          "entrenador*|profesor*|maestro|vecino|vecinos|vecina|conductor|chófer|fotógrafo|sacerdote|niñera|"
          "inquilino*",
    "fr": "homme|hommes|femme|femmes|adulte*|monsieur|inconnu*|étranger|"
          "entraîneur*|professeur*|instituteur*|voisin|voisins|voisine|moniteur*|animateur*|chauffeur*|"
          "photographe|prêtre|baby-sitter|locataire*",
    "pt": "homem|homens|mulher|mulheres|adulto*|adulta*|senhor|estranho*|desconhecido*|"
          "treinador*|professor*|vizinho|vizinhos|vizinha|instrutor*|motorista|fotógrafo|babá|inquilino*",
    "it": "uomo|uomini|donna|donne|adult*|signore|sconosciut*|estrane*|"
          # not "vicino" (also "near") nor "fotografa" (also "photographs")
          "allenator*|insegnant*|professor*|maestro|vicino di casa|vicina di casa|istruttor*|animator*|autista|"
          "fotografo|prete|sacerdote|babysitter|inquilin*",
    "nl": "man|mannen|vrouw|vrouwen|volwassen*|vreemde*|meneer",
    "pl": "mężczyzn*|mężczyzna|kobiet*|dorosł*|nieznajom*|obc*", "ru": "мужчин*|женщин*|взросл*|незнаком*",
    "tr": "adam*|erkek*|kadın*|yetişkin*|yabancı*", "zh": "男人|女人|成年人|大人|陌生人",
    "ja": "男性|女性|大人|知らない人", "sv": "man|män|kvinna|kvinnor|vuxen*|främling*",
    "da": "mand|mænd|kvinde*|voksen*|fremmed*", "no": "mann|menn|kvinne*|voksen*|fremmed*",
    "id": "pria|laki-laki|om-om|orang dewasa|dewasa|wanita|orang asing",
    "vi": "người đàn ông|đàn ông|người lớn|người phụ nữ|người lạ", "tl": "lalaki|matanda|estranghero",
    "sw": "mwanaume|wanaume|mwanamke|mtu mzima|mgeni",
    "ro": "bărbat*|femeie|femei|adult*|străin*|domn", "uk": "чоловік*|жінк*|доросл*|незнайом*",
    "el": "άντρα*|άνδρα*|γυναίκα|γυναίκες|ενήλικ*|ξένος|άγνωστ*", "he": "גבר|גברים|אישה|נשים|מבוגר|אדם זר",
    "th": "กับผู้ชาย|กับผู้หญิง|ผู้ใหญ่|แปลกหน้า|ชายแก่",  # "with a man": ผู้หญิง alone is inside เด็กผู้หญิง, "girl"
    "ur": "عورت|عورتیں|مرد|آدمی|اجنبی|بالغ",
}
FAMILY = {
    "de": "mutter|vater|mama|papa|mami|papi|oma|opa|großmutter|großvater|eltern|bruder|schwester|tante|onkel|familie|"
          "geschwister",
    "es": "madre|padre|mamá|papá|mami|papi|abuela|abuelo|abuelita|abuelito|hermano|hermana|tía|tío|padres|familia",
    "fr": "mère|père|maman|papa|grand-mère|grand-père|mamie|papi|papy|frère|sœur|soeur|tante|oncle|parents|famille",
    "pt": "mãe|pai|mamãe|papai|avó|avô|vovó|vovô|irmão|irmã|tia|tio|pais|família",
    "it": "madre|padre|mamma|papà|nonna|nonno|fratello|sorella|zia|zio|genitori|famiglia",
    "nl": "moeder|vader|mama|papa|oma|opa|broer|zus|tante|oom|ouders|familie",
    "pl": "matk*|ojc*|mam*|tat*|babci*|dziad*|brat*|siostr*|cioci*|wuj*|rodzic*|rodzin*",
    "ru": "мам*|пап*|мать|матер*|отец|отц*|бабушк*|дедушк*|брат*|сестр*|тёт*|тет*|дяд*|родител*|семь*",
    "tr": "anne*|baba*|dede*|nine*|kardeş*|abla*|ağabey*|abi*|teyze*|hala*|amca*|dayı*|aile*",
    "zh": "妈妈|母亲|爸爸|父亲|奶奶|爷爷|外婆|外公|姥姥|姐姐|哥哥|妹妹|弟弟|阿姨|叔叔|家人|父母",
    "ja": "お母さん|母|父|お父さん|ママ|パパ|おばあちゃん|おじいちゃん|祖母|祖父|姉|兄|妹|弟|家族|両親",
    "sv": "mamma|pappa|mormor|farmor|morfar|farfar|bror|syster|moster|faster|morbror|farbror|föräldrar|familj*",
    "da": "mor|far|mormor|farmor|morfar|farfar|bror|søster|moster|faster|onkel|forældre|familie*",
    "no": "mor|far|mamma|pappa|bestemor|bestefar|bror|søster|tante|onkel|foreldre|familie*",
    "id": "ibu|ibunya|ayah|ayahnya|bapak|bapaknya|mama|papa|nenek|neneknya|kakek|kakeknya|kakak|kakaknya|adik|"
          "adiknya|tante|paman|bibi|orang tua|keluarga",
    "vi": "mẹ|bố|má|bà|ông|anh trai|chị gái|em gái|em trai|chú|dì|gia đình|bố mẹ",
    "tl": "nanay|tatay|lola|lolo|kuya|ate|tita|tito|magulang|pamilya|ina|ama",
    "sw": "mama|baba|bibi|babu|kaka|dada|shangazi|mjomba|wazazi|familia",
    "ro": "mama|mamă|mamei|tata|tată|tatăl|bunica|bunicul|bunici|părinți|sora|fratele|mătușa|unchiul|familie*",
    "uk": "мам*|тат*|мати|батьк*|бабус*|дідус*|брат*|сестр*|тітк*|дядьк*|батьки|сім'*|родин*",
    "el": "μητέρα|μαμά|πατέρας|μπαμπά*|γιαγιά|παππού*|γονείς|αδελφ*|αδερφ*|οικογένεια|θεία|θείος",
    "he": "אמא|אבא|סבתא|סבא|הורים|אחות|אחיו|משפחה|דודה|דוד",
    "th": "คุณแม่|คุณพ่อ|แม่ของ|พ่อของ|คุณยาย|คุณย่า|คุณปู่|คุณตา|พี่สาว|พี่ชาย|ครอบครัว",  # folded, short words
    # lose their vowel marks ("ปู่" -> "ป") and would match inside any word
    "ur": "ماں|امی|باپ|ابو|دادی|نانی|دادا|نانا|بہن|بھائی|خاندان|والدین",
}


# Dehumanising comparisons of a group of people with vermin, per language: a group word, then within a few words
# a link ("as", "like", "into") and a vermin word: "zeichne Flüchtlinge als Kakerlaken", "dibuja a los judíos
# como ratas"; and the same turned on people already in the picture: "mach sie zu Ratten", "hazlos parecer monos".
# A group with a slogan of death or expulsion ("Tod den Juden", "Juden raus", "fuera los inmigrantes") too.
# The English classifier reads these in English; in other languages only these patterns do. Written for Limner.
DEHUMANISING: dict[str, dict[str, str]] = {
    "de": {"slogan": "tod den|tod allen|raus mit den|weg mit den",
           "slogan_after": "raus|verrecke|verrecken",
           "doom": "kontrollieren die welt|beherrschen die welt|regieren die welt|steuern die welt|müssen sterben|müssen verschwinden|sollen sterben|sollen verschwinden|gehören vergast|gehören ausgerottet|ausrotten|vergasen",
           "groups": "juden|jüdinnen|muslime|moslems|flüchtlinge|migranten|ausländer|einwanderer|asylanten|schwarze|"
                     "afrikaner|türken|araber|roma|zigeuner|sinti|schwule|lesben|transmenschen|asiaten|chinesen|"
                     "polen|behinderte|obdachlose|frauen|muslimas|kurden|russen|ukrainer",
           "links": "als|wie|zu|in",
           "vermin": "ratten|ratte|kakerlaken|kakerlake|ungeziefer|parasiten|schädlinge|läuse|affen|affe|schweine|"
                     "würmer|maden|insekten|untermenschen|abschaum|seuche|pest",
           "them": r"mach\w*\s+(?:sie|ihn|die\s+\w+)|zeichne\w*\s+(?:sie|ihn)|verwandle\w*\s+(?:sie|ihn)"},
    "es": {"slogan": "muerte a los|muerte a las|fuera los|fuera las|fuera a los|fuera con los",
           "doom": "controlan el mundo|dominan el mundo|gobiernan el mundo|deben morir|deben desaparecer|tienen que morir|tienen que desaparecer|deben ser exterminados|deben ser exterminadas",
           "groups": "judíos|judías|musulmanes|moros|inmigrantes|migrantes|refugiados|negros|gitanos|sudacas|gays|"
                     "maricones|lesbianas|mexicanos|chinos|árabes|indios|indígenas|mujeres|latinos|africanos|"
                     "discapacitados|venezolanos|haitianos",
           "links": "como|en",
           "vermin": "ratas|rata|cucarachas|parásitos|alimañas|plaga|monos|simios|cerdos|gusanos|piojos|sabandijas",
           "them": r"hazl[oa]s\s+(?:parecer|ver)|conviértel[oa]s|conviertel[oa]s|dibújal[oa]s|dibujal[oa]s|"
                   r"píntal[oa]s|pintal[oa]s|muéstral[oa]s|muestral[oa]s"},
    "fr": {"slogan": "mort aux|à mort les|dehors les|virez les",
           "doom": "contrôlent le monde|dirigent le monde|dominent le monde|doivent disparaître|doivent mourir|doivent crever|doivent être exterminés|doivent être exterminées",
           "groups": "juifs|juives|musulmans|musulmanes|immigrés|immigrants|migrants|réfugiés|noirs|arabes|gitans|"
                     "roms|homosexuels|pédés|chinois|asiatiques|africains|femmes|handicapés|maghrébins",
           "links": "comme|en",
           "vermin": "rats|cafards|vermine|parasites|singes|porcs|cochons|poux|cancrelats|nuisibles",
           "them": r"(?:fais|faites|dessine|dessinez|transforme|transformez|montre|montrez)[- ](?:les|en)|"
                   r"rends[- ]les"},
    "it": {"slogan": "morte agli|morte ai|morte alle|fuori gli|fuori i|fuori le|a morte gli|a morte i",
           "doom": "controllano il mondo|dominano il mondo|devono morire|devono sparire|devono scomparire|vanno sterminati|devono essere sterminati",
           "groups": "ebrei|musulmani|immigrati|migranti|profughi|rifugiati|neri|negri|zingari|rom|gay|froci|"
                     "cinesi|arabi|africani|donne|disabili|meridionali|terroni",
           "links": "come|in",
           "vermin": "ratti|topi|scarafaggi|parassiti|scimmie|maiali|porci|vermi|pidocchi",
           "them": r"falli\s+sembrare|trasformali|disegnali|rendili|mostrali"},
    "pt": {"slogan": "morte aos|morte às|fora os|fora as|fora com os",
           "doom": "controlam o mundo|dominam o mundo|devem morrer|devem desaparecer|têm que morrer|tem que morrer|devem ser exterminados",
           "groups": "judeus|muçulmanos|imigrantes|migrantes|refugiados|negros|ciganos|gays|viados|chineses|"
                     "árabes|índios|africanos|mulheres|nordestinos|haitianos|venezuelanos",
           "links": "como|em",
           "vermin": "ratos|baratas|parasitas|macacos|porcos|vermes|piolhos|pragas",
           "them": r"(?:faça|faz|desenhe|transforme|mostre)[- ]os|fa[çc]a[- ]os\s+parecer"},
    "nl": {"slogan": "dood aan de|dood aan alle|weg met de",
           "slogan_after": "eruit|rot op",
           "doom": "beheersen de wereld|controleren de wereld|moeten dood|moeten sterven|moeten verdwijnen|moeten uitgeroeid worden|moeten vergast worden",
           "groups": "joden|moslims|immigranten|migranten|vluchtelingen|asielzoekers|zwarten|negers|zigeuners|"
                     "homo's|homos|marokkanen|turken|vrouwen|gehandicapten",
           "links": "als|tot|zoals",
           "vermin": "ratten|kakkerlakken|ongedierte|parasieten|apen|varkens|luizen|uitschot",
           "them": r"maak\s+(?:ze|hen|hem)|teken\s+(?:ze|hen|hem)"},
    "pl": {"slogan": "śmierć|precz z",
           "slogan_after": "won|wypierdalać",
           "doom": "rządzą światem|kontrolują świat|muszą zginąć|muszą umrzeć|powinni zniknąć|powinni zginąć|do gazu",
           "groups": "żydzi|żydów|muzułmanie|muzułmanów|imigranci|imigrantów|uchodźcy|uchodźców|czarni|czarnych|"
                     "murzyni|murzynów|cyganie|cyganów|geje|gejów|pedały|ukraińcy|ukraińców|kobiety|arabowie",
           "links": "jako|jak|w",
           "vermin": "szczury|szczurów|karaluchy|karaluchów|robactwo|pasożyty|pasożytów|małpy|małp|świnie|świń|wszy|podludzie",
           "them": r"(?:narysuj|zrób|zamień|przedstaw)\s+(?:ich|je|go)"},
    "tr": {"doom": "dünyayı yönetiyor|dünyayı kontrol ediyor|ölmeli|ölmeliler|yok edilmeli|yok edilmeliler|gebermeli",
           "groups": "yahudiler|yahudileri|müslümanlar|göçmenler|göçmenleri|mülteciler|mültecileri|suriyeliler|"
                     "suriyelileri|siyahlar|siyahileri|çingeneler|eşcinseller|kürtler|ermeniler|araplar|kadınlar",
           "links": "gibi|olarak",
           "vermin": "fareler|fare|hamamböcekleri|hamamböceği|haşere|parazitler|parazit|maymunlar|maymun|domuzlar|"
                     "domuz|bitler",
           "them": r"onları"},
    "ru": {"slogan": "смерть|долой",
           "slogan_after": "вон|убирайтесь",
           "doom": "правят миром|контролируют мир|управляют миром|должны умереть|должны исчезнуть|должны сдохнуть|должны быть уничтожены",
           "groups": "евреи|евреев|жиды|жидов|мусульмане|мусульман|мигранты|мигрантов|беженцы|беженцев|чёрные|"
                     "черные|негры|негров|цыгане|цыган|геи|геев|кавказцы|хачи|чурки|украинцы|женщины",
           "links": "как|в виде|в",
           "vermin": "крысы|крыс|тараканы|тараканов|паразиты|паразитов|обезьяны|обезьян|свиньи|свиней|вши|скот|"
                     "нелюди|недочеловеки",
           "them": r"(?:нарисуй|сделай|покажи|преврати)\s+(?:их|его|её)"},
    "id": {"doom": "menguasai dunia|mengendalikan dunia|harus mati|harus dimusnahkan|harus dibasmi",
           "groups": "yahudi|orang yahudi|orang cina|cina|muslim|orang kristen|pengungsi|imigran|orang hitam|negro|"
                     "kafir|orang papua|perempuan",
           "links": "seperti|sebagai|jadi|menjadi",
           "vermin": "tikus|kecoak|monyet|babi|parasit|hama|kutu",
           "them": r"(?:buat|gambar|ubah)\s+mereka"},
}


def dehumanising_patterns(lang: str) -> list[str]:
    """The ``re:`` terms of ``DEHUMANISING[lang]``, written in folded form (lower case, no accents) as the
    lexicon matcher sees the text."""
    from limner.policies.normalize import fold

    spec = DEHUMANISING[lang]

    def alts(key: str) -> str:
        words = sorted({fold(w).text for w in spec[key].split("|")}, key=lambda w: (-len(w), w))  # reproducible
        return "|".join(w.replace(" ", r"\s+") for w in words)

    vermin = rf"(?:{alts('vermin')})"
    between, close = r"(?:\s+[^\s.,;!?]+){0,4}?", r"(?:\s+[^\s.,;!?]+){0,2}?"
    out = [rf"re:\b(?:{alts('groups')})\b{between}\s+(?:{alts('links')})\b{close}\s+{vermin}\b"]
    them = fold(spec["them"]).text
    out.append(rf"re:\b(?:{them})\b{close}\s+{vermin}\b")
    if "doom" in spec:  # a group said to rule the world, or to deserve death ("les juifs ... doivent disparaître")
        out.append(rf"re:\b(?:{alts('groups')})\b{close}\s+(?:{alts('doom')})\b")
    if "slogan" in spec:  # "Tod den Juden", "mort aux arabes", "fuera los inmigrantes"
        out.append(rf"re:\b(?:{alts('slogan')})\s+(?:{alts('groups')})\b")
    if "slogan_after" in spec:  # "Juden raus" said as a slogan: at the end or before punctuation, not "raus aus"
        out.append(rf"re:\b(?:{alts('groups')})\s+(?:{alts('slogan_after')})\s*(?:$|[\"'!.,;:)\]])")
    return out


# Undressing someone in a chat turn ("quítale el bañador", "zieh ihr den Badeanzug aus", "sin toalla"): a verb of
# taking off, or "without", before a garment that leaves a person undressed (shirts left out: "un hombre sin
# camiseta" is a shirtless man). Written folded (lower case, no accents), as the text is matched.
UNDRESS_GARMENTS = {
    "es": "banador|traje de bano|bikini|ropa|ropa interior|bragas|calzones|sujetador|sosten|vestido|pijama|toalla|"
          "falda|panal|calzoncillos|tanga|bata",
    "de": "badeanzug|badehose|bikini|kleidung|klamotten|kleid|unterwasche|unterhose|hoschen|bh|handtuch|"
          "schlafanzug|pyjama|rock(?!\\s*(?:musik|band|konzert))|windel|bademantel",
    "fr": "maillot de bain|bikini|vetements|habits|robe|culotte|slip|soutien-gorge|serviette(?! de (?:la )?table)|"
          "pyjama|jupe|couche(?! de)|"
          "peignoir|sous-vetements",
    "pt": "maio|biquini|roupa|roupas|calcinha|sutia|toalha|pijama|vestido|saia|fralda|cueca|roupao|roupa intima",
    "it": "costume da bagno|costume(?! di| da)|bikini|vestiti|mutande|mutandine|reggiseno|asciugamano|pigiama|vestito|gonna|"
          "pannolino|accappatoio|biancheria intima",
    "ru": "купальник|купальника|одежду|одежды|трусы|трусов|трусики|белье|белья|лифчик|лифчика|платье|платья|"
          "полотенце|полотенца|пижаму|пижамы|плавки|плавок|юбку|юбки|подгузник|халат",
    "pl": "stroj kapielowy|stroju kapielowego|kostium|kostiumu|ubranie|ubrania|majtki|majtek|stanik|stanika|"
          "bielizne|bielizny|sukienke|sukienki|recznik|recznika|pizame|pizamy|spodenki|pieluche|szlafrok",
    "id": "baju renang|baju renangnya|bajunya|pakaian|pakaiannya|celana dalam|celana dalamnya|bh|bhnya|bikini|"
          "bikininya|handuk|handuknya|piyama|piyamanya|rok|roknya|popok|popoknya|celananya|busana|busananya",
}
UNDRESS_VERBS = {
    "es": (r"(?:quita(?:le|les|r|rle|rse|te)?|saca(?:le|r|rle)?|retira(?:le|r|rle)?|baja(?:le|r|rle)?|"
           r"desabrocha(?:le)?)\s+(?:el|la|los|las|su|sus)", r"sin\s+(?:el\s+|la\s+|su\s+|sus\s+)?"),
    "de": (r"(?:zieh\w*|nimm|nehmt|entfern\w*)\s+(?:ihr|ihm|ihnen)?\s*(?:\w+\s+){0,2}?(?:den|die|das|ihren|ihre|"
           r"ihr|seinen|seine|sein)", r"ohne\s+(?:den\s+|die\s+|das\s+|ihren\s+|ihre\s+|ihr\s+)?"),
    "fr": (r"(?:enleve|enlever|enlevez|enleve-lui|retire|retirer|retirez|retire-lui|ote|oter|otez|ote-lui)\s+"
           r"(?:lui\s+|leur\s+)?(?:son|sa|ses|le|la|les|leur|leurs)", r"sans\s+(?:son\s+|sa\s+|ses\s+|le\s+|la\s+|les\s+)?"),
    "pt": (r"(?:tira|tire|tirar|tira-lhe|remove|remova|remover)\s+(?:o|a|os|as|seu|sua|seus|suas)",
           r"sem\s+(?:o\s+|a\s+|seu\s+|sua\s+)?"),
    "it": (r"(?:togli|toglile|togligli|toglie|togliere|levale|leva|levare|rimuovi|sfila|sfilale)\s+"
           r"(?:il|lo|la|i|gli|le|suo|sua|suoi)", r"senza\s+(?:il\s+|lo\s+|la\s+|i\s+|le\s+)?"),
    "ru": (r"(?:сними|снимите|снять|стяни|стяните|сорви|сорвите|раздень)\s+(?:с\s+нее|с\s+него|с\s+них|ей|ему|им)?"
           r"\s*(?:ее|его|их)?", r"без\s+"),
    "pl": (r"(?:zdejmij|zdejmijcie|zdjac|sciagnij|sciagnac|zrzuc)\s+(?:jej|mu|im)?\s*(?:jej|jego)?", r"bez\s+"),
    "id": (r"(?:lepas|lepaskan|lepasin|buka|bukakan|copot|copotkan|tanggalkan)", r"tanpa\s+"),
}
# languages whose word order or script the two patterns above do not fit: their patterns (folded)
UNDRESS_OWN = {
    # Dutch takes the garment off with "uit" at the end ("trek haar badpak uit"; "trek haar jurk aan" puts it on)
    "nl": [r"re:\b(?:trek|doe)\s+(?:haar|zijn|hun|het|de)\s+(?:badpak|bikini|kleren|kleding|ondergoed|slipje|"
           r"onderbroek|beha|jurk|handdoek|pyjama|zwembroek|rok|luier|badjas)\s+uit\b",
           r"re:\bzonder\s+(?:haar\s+|zijn\s+|de\s+|het\s+)?(?:badpak|bikini|kleren|kleding|ondergoed|slipje|beha|"
           r"handdoek|zwembroek|luier)\b"],
    "tr": [r"re:\b(?:mayo|bikini|kiyafet|kiyafetler|elbise|ic camasir|kulot|sutyen|havlu|pijama|etek|bez)\w*\s+"
           r"(?:cikar|cikart)\w*\b", r"re:\b(?:kiyafet|elbise|mayo)siz\b"],
    "zh": [r"re:(?:脱掉|脱下|脱去|扒掉|扒下|扒光|脱了|解开)(?:她的|他的|她|他|孩子的)?"
           r"(?:泳衣|衣服|内衣|内裤|胸罩|文胸|裙子|睡衣|浴巾|毛巾|比基尼|泳裤|尿布)",
           r"re:(?:不穿|没穿)(?:泳衣|衣服|内衣|内裤)"],
    "ko": [unicodedata.normalize("NFKD", r"re:(?:수영복|옷|속옷|팬티|브라|수건|잠옷|치마|비키니|기저귀)(?:을|를)?\s*"
                                         r"(?:벗겨|벗기|벗어|벗게|벗으|벗고)")],
}


def undress_patterns(lang: str) -> list[str]:
    if lang in UNDRESS_OWN:
        return UNDRESS_OWN[lang]
    garments = UNDRESS_GARMENTS[lang]
    take_off, without = UNDRESS_VERBS[lang]
    return [rf"re:\b{take_off}\s+(?:{garments})\b", rf"re:\b{without}(?:{garments})\b"]


# A camera or a watcher where a child is undressed, as ``minors.UNDRESSED_PLACE`` with ``_CAMERA`` and ``WATCHES``
# read English ("une fille de 9 ans dans la baignoire >> un homme entre >> il la filme", "ein Junge, 10, in der
# Dusche >> ein Mann schaut ihm zu"): "camera" counts there even in the family, "watch" only with an adult who is
# not family; neither next to a baby ("baby"). A verb with its object pronoun, so "la graba" is her being filmed,
# not a film. Written for Limner.
CAMERA = {
    "de": "filmt sie|filmt ihn|filmt das mädchen|filmt den jungen|fotografiert sie|fotografiert ihn|macht fotos von "
          "ihr|macht fotos von ihm|macht ein foto von ihr|macht ein foto von ihm",
    "es": "la graba|lo graba|le graba|la filma|lo filma|la fotografía|lo fotografía|le saca fotos|le saca una foto|"
          "le toma fotos|le toma una foto|le hace fotos|le hace una foto",
    "fr": "la filme|le filme|la photographie|le photographie|la prend en photo|le prend en photo",
    "it": "la filma|lo filma|la fotografa|lo fotografa|le scatta foto|gli scatta foto|le fa foto|gli fa foto",
    "pt": "a filma|o filma|a fotografa|o fotografa|tira fotos dela|tira fotos dele|tira uma foto dela|tira uma foto "
          "dele",
}
WATCH = {
    "de": "schaut ihr zu|schaut ihm zu|sieht ihr zu|sieht ihm zu|guckt ihr zu|guckt ihm zu|beobachtet sie|"
          "beobachtet ihn|starrt sie an|starrt ihn an|späht",
    "es": "la mira|lo mira|la observa|lo observa|la espía|lo espía|se queda mirando",
    "fr": "la regarde|le regarde|l'observe|la mate|le mate|l'espionne|la fixe|le fixe",
    "it": "la guarda|lo guarda|la osserva|lo osserva|la spia|lo spia|la fissa|lo fissa",
    "pt": "a observa|o observa|a espia|o espia|fica olhando|fica a olhar|a olha|o olha",
}
UNDRESSED_PLACES = {
    "de": "dusche|badewanne|wanne|badezimmer|im bad|umkleide|umkleidekabine|umkleideraum|toilette",
    "es": "ducha|bañera|tina|baño|vestuario|probador|vestidor",
    "fr": "douche|baignoire|bain|salle de bain|vestiaire|cabine d'essayage",
    "it": "doccia|vasca|vasca da bagno|bagno|spogliatoio|camerino",
    "pt": "chuveiro|banheira|banho|banheiro|vestiário|provador",
}
BABIES = {"de": "baby|babys|säugling*|neugeboren*", "es": "bebé|bebés|recién nacid*",
          "fr": "bébé|bébés|nourrisson*|nouveau-né*", "it": "neonat*|bebè", "pt": "bebê|bebês|recém-nascid*"}
ROMANCE_PATTERNS: dict[str, list[str]] = {}  # romance-like ``re:`` terms, which hold "|" of their own


def _romance_like(terms: dict[str, str]) -> None:
    """Context words of each language (``|`` between them) that count as romance next to an adult who is not
    family, as ``minors.WEAK_ROMANCE`` reads them in English."""
    for lang, words in terms.items():
        OWN[lang]["context"] = list(OWN[lang].get("context", [])) + words.split("|")
        ROMANCE[lang] += "|" + words


# Someone crawling or slipping in where a child sleeps, as ``minors.CRAWLS_IN`` (romance-like: with an adult who is
# not family): "ein Mädchen, 9, im Zelt >> ein Mann kriecht hinein".
_romance_like({
    "de": "kriecht hinein|kriecht rein|kriecht zu ihr|kriecht zu ihm|krabbelt hinein|krabbelt zu ihr|krabbelt zu ihm|"
          "schlüpft hinein|schlüpft zu ihr|schlüpft zu ihm|legt sich zu ihr|legt sich zu ihm|legt sich neben ihn|"
          "legt sich neben sie|legt sich neben das kind|legt sich neben den jungen|legt sich neben das mädchen",
    "es": "se mete en la tienda|se mete en la cama|se mete en su cama|se mete en su saco|se mete debajo de las mantas|"
          "se acuesta a su lado",
    "fr": "se glisse dans la tente|se glisse dans le lit|se glisse dans son lit|se glisse sous la couverture|"
          "s'allonge à côté d'elle|s'allonge à côté de lui",
    "it": "si infila nella tenda|si infila nel letto|si infila sotto le coperte|si sdraia accanto a lei|"
          "si sdraia accanto a lui",
    "pt": "entra na barraca|se enfia na cama|se deita ao lado dela|se deita ao lado dele",
})


# Flirting with a child, as ``minors.WEAK_ROMANCE`` reads "flirts with", "winks at" and "hits on" in English
# (romance-like: with an adult who is not family): "un hombre coquetea con una niña de diez años" and "ein Mann
# flirtet mit einem zehnjährigen Mädchen" passed while "a man flirting with a girl, 10" was refused. Words that
# are also something harmless are left out ("baggert" digs, "versiert" decorates, "asılıyor" hangs).
_romance_like({
    "de": "flirtet*|flirten|anflirt*|baggert sie an|baggert ihn an|anbaggern|angebaggert|zwinkert ihr zu|"
          "zwinkert ihm zu",
    "es": "coquete*|ligando con|liga con|le guiña|guiñándole|guiña el ojo a|le tira los tejos|intenta ligar",
    "fr": "flirte*|drague*|fait un clin d'œil|fait un clin d'oeil|fait du charme",
    "it": "flirta*|ci prova con|fa l'occhiolino|corteggi*",
    "pt": "flerta*|paquer*|dá em cima|dando em cima|pisca para ela|pisca para ele|xavec*",
    "nl": "flirt|flirtend|flirten|knipoogt naar", "pl": "flirtuj*|podrywa*|puszcza oko",
    "ru": "флиртует*|заигрывает*|подмигивает", "tr": "flört*|göz kırpıyor",
    "ro": "flirtează|flirtand|flirtând|îi face cu ochiul", "uk": "фліртує*|загравав|заграє|підморгує",
})

# Alcohol, cigarettes or drugs given to a child, as ``minors.WEAK_ROMANCE`` reads "gives her wine" in English
# (romance-like: with an adult who is not family): "un hombre le da vino a una niña de once años" passed. A verb of
# giving, a few words, then the drink, in folded form (no accents) as the matcher sees the text; where the verb is
# also a preposition (Portuguese "da", "of the") the drink follows it at once.
_DRINKS = {
    "de": "wein|bier|schnaps|wodka|alkohol|sekt|whisky|likor|rum|zigarette|zigaretten|drogen|joint",
    "es": "vino|cerveza|vodka|alcohol|licor|whisky|tequila|ron|chupito|chupitos|cigarrillo|cigarrillos|drogas|porro",
    "fr": "vin|biere|vodka|alcool|whisky|rhum|cigarette|cigarettes|drogue|drogues|joint",
    "it": "vino|birra|vodka|alcol|whisky|liquore|grappa|sigaretta|sigarette|droga|droghe|canna",
    "pt": "vinho|cerveja|vodka|alcool|whisky|cachaca|licor|cigarro|cigarros|drogas|baseado",
}
_GIVES = {
    "de": "gibt|reicht|schenkt|bietet|serviert|giesst|kauft",
    "es": "da|dan|sirve|sirven|ofrece|ofrecen|pasa|invita|compra",
    "fr": "donne|sert|offre|verse|tend|passe|achete",
    "it": "le da|gli da|da del|da della|da dello|offre|versa|serve|porge|passa|compra",
    "pt": "oferece|serve|despeja|passa|lhe da|da-lhe|compra",
}
for _lang, _drinks in _DRINKS.items():
    _gives = r"re:\b(?:" + _GIVES[_lang].replace(" ", r"\s+") + r")\b(?:\s+[^\s.,;!?]+){0,5}?\s+(?:" + _drinks + r")\b"
    _terms = [_gives] + ([r"re:\bda\s+(?:(?:um|uma)\s+(?:copo|taca|garrafa|lata|dose)\s+de\s+)?(?:" + _drinks + r")\b"]
                         if _lang == "pt" else [])
    OWN[_lang]["context"] = list(OWN[_lang].get("context", [])) + _terms
    ROMANCE_PATTERNS.setdefault(_lang, []).extend(_terms)

# An animal set on fire, doused in petrol or tortured, as the English patterns read it ("a dog doused in petrol and
# set alight", "a boy grabs the cat >> he sets it on fire"): "ein Hund wird mit Benzin übergossen und angezündet" and
# "un niño lo agarra >> le prende fuego" passed. Three kinds, folded (no accents): the animal, then within a few
# words what was done to it; a verb of burning said of "it" ("er zündet sie an", "le prende fuego") with an animal
# anywhere in the picture's words, unless something that is lit anyway is there (a candle, a fireplace, a grill);
# a verb of dousing said of the animal by name ("übergießt den Hund mit Benzin").
_ANIMALS = {
    "de": "hund|hunde|hundchen|welpe|welpen|katze|katzen|katzchen|kater|pferd|pferde|pony|ponys|fohlen|kaninchen|"
          "hase|hasen|hamster|meerschweinchen|vogel|papagei|wellensittich|tier|tiere|haustier|ziege|schaf|lamm|"
          "schwein|ferkel|kalb|kuh|esel|igel|maus|mause|ratte|ente|kuken|huhn",
    "es": "perro|perros|perrito|perrita|cachorro|cachorros|gato|gatos|gatito|gatitos|gata|caballo|caballos|poni|pony|"
          "potro|conejo|conejos|conejito|hamster|pajaro|pajaros|loro|animal|animales|mascota|cabra|oveja|cordero|"
          "cerdo|cerdito|ternero|vaca|burro|erizo|raton|rata|pato|patito|pollito|gallina",
    "fr": "chien|chiens|chiot|chiots|chat|chats|chaton|chatons|chatte|cheval|chevaux|poney|poulain|lapin|lapins|"
          "hamster|oiseau|oiseaux|perroquet|animal|animaux|chevre|mouton|agneau|cochon|porcelet|veau|vache|ane|"
          "herisson|souris|rat|canard|caneton|poussin|poule",
    "it": "cane|cani|cagnolino|cucciolo|cuccioli|gatto|gatti|gattino|gattini|gatta|cavallo|cavalli|pony|puledro|"
          "coniglio|conigli|criceto|uccello|uccellino|pappagallo|animale|animali|capra|pecora|agnello|maiale|"
          "maialino|vitello|mucca|asino|riccio|topo|ratto|anatra|pulcino|gallina",
    "pt": "cao|caes|cachorro|cachorros|cachorrinho|filhote|gato|gatos|gatinho|gatinhos|gata|cavalo|cavalos|ponei|"
          "potro|coelho|coelhos|hamster|passaro|passaros|papagaio|animal|animais|cabra|ovelha|cordeiro|porco|"
          "porquinho|bezerro|vaca|burro|ourico|rato|pato|patinho|pintinho|galinha",
}
_HARMED = {  # what was done to the animal, said after it ("wird mit Benzin übergossen", "quemado vivo")
    "de": r"mit (?:benzin|spiritus|kerosin|brandbeschleuniger|saure) ubergossen|angezundet|in brand gesteckt|"
          r"ausgepeitscht|blutig geschlagen|"
          r"lebendig verbrannt|bei lebendigem leib verbrannt|zu tode gequalt|gequalt|misshandelt|zu tode getreten|"
          r"erschlagen|aufgehangt|erhangt|ertrankt|in die mikrowelle gesteckt|in den ofen gesteckt|am hals aufgehangt|"
          r"(?:aus dem fenster|von (?:der|einer) brucke|vom balkon|vom dach|von der klippe) (?:geworfen|gesto(?:ss|ß)en)",
    "es": r"rociad[oa]s? con (?:gasolina|queroseno|alcohol|acido)|quemad[oa]s? viv[oa]s?|prendid[oa]s? fuego|"
          r"azotad[oa]s?|golpead[oa]s? hasta (?:sangrar|morir|la muerte)|"
          r"torturad[oa]s?|maltratad[oa]s?|apalead[oa]s?|ahorcad[oa]s?|ahogad[oa]s? a proposito|"
          r"metid[oa]s? en el (?:horno|microondas)|colgad[oa]s? (?:de (?:un|una|el|la) \w+ )?(?:por el|por su|del|de su) cuello|"
          r"(?:lanzad[oa]s?|arrojad[oa]s?|tirad[oa]s?) (?:desde|por) (?:un|una|el|la) (?:puente|ventana|balcon|azotea|"
          r"tejado|acantilado)",
    "fr": r"arrose(?:e|s|es)? d'?\s?essence|asperge(?:e|s|es)? d'?\s?essence|brule(?:e|s|es)? vi(?:f|fs|ve|ves)|"
          r"fouette(?:e|s|es)? (?:jusqu'au sang|a mort)|battu(?:e|s|es)? (?:jusqu'au sang|a mort)|"
          r"immole(?:e|s|es)?|torture(?:e|s|es)?|maltraite(?:e|s|es)?|pendu(?:e|s|es)?|mis(?:e|es)? dans le (?:four|micro-ondes)|"
          r"(?:jete|lance|balance)(?:e|s|es)? (?:du haut d'(?:un|une)|d'(?:un|une)|du haut du|du haut de la|par la|du|de la) "
          r"(?:pont|fenetre|balcon|toit|falaise|immeuble)",
    "it": r"cospars[oaie] di (?:benzina|alcol|acido)|bruciat[oaie] viv[oaie]|dat[oaie] alle fiamme|torturat[oaie]|"
          r"frustat[oaie]|picchiat[oaie] (?:a sangue|a morte)|"
          r"maltrattat[oaie]|impiccat[oaie]|mess[oaie] nel (?:forno|microonde)|(?:lanciat|gettat|buttat)[oaie] (?:giu )?"
          r"(?:dal|da un|dalla|da una) (?:ponte|finestra|balcone|tetto|terrazzo|scogliera)",
    "pt": r"encharcad[oa]s? (?:de|com) gasolina|regad[oa]s? com gasolina|queimad[oa]s? viv[oa]s?|torturad[oa]s?|"
          r"chicotead[oa]s?|espancad[oa]s? (?:ate sangrar|ate a morte)|"
          r"maltratad[oa]s?|enforcad[oa]s?|colocad[oa]s? no (?:forno|micro-ondas)|(?:jogad|atirad|lancad)[oa]s? "
          r"(?:da|de uma|do|de um) (?:ponte|janela|varanda|telhado|sacada|penhasco)",
}
_BURNS_IT = {  # a verb of burning said of "it"
    "de": r"(?:zundet|zunden|zundete|zundeten)\s+(?:sie|ihn|es)\s+an|(?:setzt|setzen|setzte)\s+(?:sie|ihn|es)\s+in\s+"
          r"brand|(?:ubergie(?:ss|ß)t|ubergie(?:ss|ß)en|ubergoss|ubergossen)\s+(?:sie|ihn|es)\s+mit\s+(?:benzin|"
          r"spiritus|kerosin|brandbeschleuniger)|(?:verbrennt|verbrennen|verbrannte)\s+(?:sie|ihn|es)\b",
    "es": r"(?:le|les|lo|la|los|las)\s+(?:prende|prenden|prendio|prendieron|pega|pegan|pego|pegaron)\s+fuego|"
          r"(?:lo|los|las)\s+(?:quema|queman|quemo|quemaron)\b|(?:lo|la|los|las)\s+(?:rocia|rocian|rocio|rociaron|"
          r"empapa|empapan|empapo)\s+con\s+(?:gasolina|queroseno|alcohol|acido)",
    "fr": r"(?:lui|leur)\s+(?:met|mettent|mit|mirent)\s+le\s+feu|(?:l'|le\s+|la\s+|les\s+)(?:brule|brulent|brula|"
          r"immole|immolent)\b|(?:l'|le\s+|la\s+|les\s+)(?:arrose|arrosent|asperge|aspergent)\s+d'?\s?essence",
    "it": r"(?:gli|le)\s+(?:da|danno|diede|diedero)\s+fuoco|(?:lo|la|li|le)\s+(?:brucia|bruciano|brucio|"
          r"bruciarono)\b|(?:lo|la|li|le)\s+(?:cosparge|cospargono|cosparse)\s+di\s+(?:benzina|alcol|acido)",
    "pt": r"(?:ateia|ateiam|ateou|ateiam|poe|poem|pos|toca|tocam|tocou)\s+fogo\s+(?:nele|nela|neles|nelas)|"
          r"(?:o|a|os|as)\s+(?:queima|queimam|queimou)\b|queima(?:m|ram)?-(?:o|a|os|as)\b|"
          r"(?:o|a|os|as)\s+(?:encharca|encharcam|encharcou)\s+(?:de|com)\s+gasolina",
}
_DOUSES = {  # a verb of dousing or burning said of the animal by name
    "de": r"(?:ubergie(?:ss|ß)t|ubergie(?:ss|ß)en|ubergoss|ubergossen|uberschuttet|uberschutten)\s+(?:den|die|das|"
          r"einen|eine|ein|seinen|seine|sein)\s+(?:\w+\s+)?(?:{a})\s+mit\s+(?:benzin|spiritus|kerosin|"
          r"brandbeschleuniger|saure)|(?:zundet|zunden|zundete)\s+(?:den|die|das|einen|eine|ein|seinen|seine|sein)\s+"
          r"(?:\w+\s+)?(?:{a})\s+an",
    "es": r"(?:rocia|rocian|rocio|empapa|empapan|empapo)\s+(?:al|a la|a los|a las|a su|a sus)\s+(?:\w+\s+)?(?:{a})\s+"
          r"con\s+(?:gasolina|queroseno|alcohol|acido)|(?:prende|prenden|prendio|prendieron)\s+fuego\s+(?:al|a la|"
          r"a los|a las|a su|a sus)\s+(?:\w+\s+)?(?:{a})\b",
    "fr": r"(?:met|mettent|mit)\s+le\s+feu\s+(?:au|a la|aux|a son|a sa|a ses)\s+(?:\w+\s+)?(?:{a})\b|(?:arrose|"
          r"arrosent|asperge|aspergent)\s+(?:le|la|les|l'|son|sa|ses)\s*(?:\w+\s+)?(?:{a})\s+d'?\s?essence",
    "it": r"(?:da|danno|diede)\s+fuoco\s+(?:al|alla|ai|alle|allo)\s+(?:\w+\s+)?(?:{a})\b|(?:cosparge|cospargono)\s+"
          r"(?:il|la|lo|i|le|gli)\s+(?:\w+\s+)?(?:{a})\s+di\s+(?:benzina|alcol|acido)",
    "pt": r"(?:ateia|ateiam|ateou|poe|pos|toca|tocou)\s+fogo\s+(?:no|na|nos|nas|ao|a)\s+(?:\w+\s+)?(?:{a})\b|"
          r"(?:encharca|encharcam|encharcou)\s+(?:o|a|os|as)\s+(?:\w+\s+)?(?:{a})\s+(?:de|com)\s+gasolina",
}
_LIT_ANYWAY = {  # something lit anyway in the picture: "it" may be that
    "de": r"kerzen?|zigarett\w*|kamin\w*|grill\w*|lagerfeuer|laterne\w*|fackel\w*|feuerwerk\w*|ofen|herd|holz|"
          r"spielzeug\w*|kuscheltier\w*|stofftier\w*|pl[uü]schtier\w*|zeitung|brief|papier",
    "es": r"velas?|cigarr\w*|chimenea|parrilla|barbacoa|hoguera|fogata|farol\w*|antorcha\w*|fuegos artificiales|"
          r"estufa|lena|juguete\w*|peluche\w*|papel|carta|periodico",
    "fr": r"bougies?|cigarett\w*|cheminee|barbecue|grill\w*|feu de camp|lanterne\w*|torche\w*|feux d'artifice|"
          r"poele|bois|jouet\w*|peluche\w*|papier|lettre|journal",
    "it": r"candel\w*|sigarett\w*|camino|griglia|barbecue|falo|lanterna\w*|torcia|fuochi d'artificio|stufa|legna|"
          r"giocattol\w*|peluche|carta|lettera|giornale",
    "pt": r"velas?|cigarr\w*|lareira|churrasqueira|churrasco|fogueira|lanterna\w*|tocha\w*|fogos de artificio|"
          r"fogao|lenha|brinquedo\w*|pelucia|papel|carta|jornal",
}
_HANGS_OR_THROWS_IT = {  # "it" hanged by the neck or thrown from a height ("lo cuelgan del cuello", "er wirft es vom
    # Balkon"), with an animal anywhere in the picture's words
    "de": r"(?:hangt|hangen|hangte|hangten)\s+(?:es|sie|ihn)\s+(?:am hals\s+)?(?:auf|an einem ast|an einen ast)|"
          r"(?:wirft|werfen|warf|warfen|sto(?:ss|ß)t|sto(?:ss|ß)en|schubst|schubsen)\s+(?:es|sie|ihn)\s+(?:aus dem fenster|"
          r"vom balkon|von der brucke|vom dach|von der klippe|in den fluss|ins wasser|in den brunnen)",
    "es": r"(?:lo|la|los|las)\s+(?:cuelga|cuelgan|colgo|colgaron|ahorca|ahorcan|ahorco|ahorcaron)\s+(?:del|por el|de su|de "
          r"un|de una)\s+(?:cuello|arbol|rama|viga)|(?:lo|la|los|las)\s+(?:lanza|lanzan|lanzo|arroja|arrojan|arrojo|tira|"
          r"tiran|tiro)\s+(?:desde|por)\s+(?:el|la|un|una)\s+(?:puente|ventana|balcon|azotea|tejado|acantilado)",
    "fr": r"(?:le|la|les|l')\s?(?:pend|pendent|pendit)\s+(?:par le cou|a (?:un|une|la|l') ?(?:arbre|branche|poutre))|"
          r"(?:le|la|les|l')\s?(?:jette|jettent|lance|lancent|balance|balancent)\s+(?:du haut d'(?:un|une)|du haut du|"
          r"du haut de la|du|de la|par la)\s+(?:pont|fenetre|balcon|toit|falaise|immeuble)",
    "it": r"(?:lo|la|li|le)\s+(?:impicca|impiccano|appende|appendono)\s+(?:per il collo|a (?:un|una) (?:albero|ramo|"
          r"trave))|(?:lo|la|li|le)\s+(?:lancia|lanciano|getta|gettano|butta|buttano)\s+(?:giu\s+)?(?:dal|dalla|da "
          r"un|da una)\s+(?:ponte|finestra|balcone|tetto|terrazzo|scogliera)",
    "pt": r"(?:o|a|os|as)\s+(?:enforca|enforcam|enforcou|pendura|penduram|pendurou)\s+(?:pelo pescoco|numa arvore|"
          r"num galho|na arvore)|(?:o|a|os|as)\s+(?:joga|jogam|jogou|atira|atiram|atirou)\s+(?:da|do|pela|de uma|de "
          r"um)\s+(?:janela|varanda|ponte|telhado|sacada|penhasco)",
}
_LIT_IN_ENGLISH = (r"candles?|cigarettes?|cigars?|pipe|fireplace|grill|barbecue|bbq|campfire|bonfire|lanterns?|torch|"
                   r"torches|fireworks?|stove|oven|logs|firewood|paper|letter|newspaper|toys?|plush")  # an English caption
for _lang, _a in _ANIMALS.items():
    OWN[_lang]["violence"] = list(OWN[_lang].get("violence", [])) + [
        rf"re:\b(?:{_a})\b(?:\s+[^\s.,;!?]+){{0,5}}?\s+(?:{_HARMED[_lang]})\b",
        rf"re:^(?!.*\b(?:{_LIT_ANYWAY[_lang]}|{_LIT_IN_ENGLISH})\b)(?=.*\b(?:{_a})\b).*\b(?:{_BURNS_IT[_lang]})",
        rf"re:^(?=.*\b(?:{_a})\b).*\b(?:{_HANGS_OR_THROWS_IT[_lang]})\b",
        "re:\\b(?:" + _DOUSES[_lang].replace("{a}", _a) + ")",
    ]

# A small child left under the water, as the English patterns read it ("the water rises over her face" after a girl,
# 6, in a bathtub): "una niña de 6 años en la bañera >> su mamá se va >> el agua le cubre la cara" passed. A child,
# water and what the water does to the child, anywhere in the turn or the picture's words, folded; not while
# someone swims, dives or rescues the child.
_SMALL_CHILD = {
    "de": "kind|kinder|kleinkind|baby|babys|saugling|madchen|junge|tochter|sohn|kleine|kleiner",
    "es": "nina|nino|ninos|ninas|nena|nene|bebe|bebes|hija|hijo|pequena|pequeno",
    "fr": "fillette|garcon|enfant|enfants|bebe|bebes|fille|fils|petite|petit",
    "it": "bambina|bambino|bambini|bimba|bimbo|neonato|neonata|figlia|figlio|piccola|piccolo",
    "pt": "menina|menino|crianca|criancas|bebe|bebes|nene|filha|filho|pequena|pequeno",
}
_WATER = {
    "de": "wasser|badewanne|wanne|bad|pool|schwimmbad|see|fluss|teich",
    "es": "agua|banera|tina|bano|piscina|lago|rio|estanque|mar",
    "fr": "eau|baignoire|bain|piscine|lac|riviere|etang|mer",
    "it": "acqua|vasca|bagno|piscina|lago|fiume|stagno|mare",
    "pt": "agua|banheira|banho|piscina|lago|rio|lagoa|mar",
}
_UNDER_WATER = {
    "de": r"wasser (?:steigt|geht|reicht|schwappt|kommt) (?:uber|bis (?:zu|an|uber)) (?:ihr|sein|ihren|seinen|das|den) "
          r"(?:gesicht|kopf|mund|nase)|wasser (?:bedeckt|verschluckt) (?:ihr|sein|das|den) (?:gesicht|kopf|mund)|"
          r"(?:sie|er|es|das kind|das madchen|der junge|das baby|die kleine|der kleine) (?:geht|ging|sinkt|sank) unter|"
          r"taucht nicht (?:mehr )?auf|bewegt sich nicht mehr|ertrinkt|ertrank|ertrunken|treibt (?:mit dem gesicht "
          r"nach unten|reglos)|(?:kopf|gesicht) unter (?:dem |das )?wasser",
    "es": r"agua le (?:cubre|tapa|llega a|sube (?:por encima de|hasta)) (?:la )?(?:cara|carita|boca|nariz|cabeza)|agua "
          r"(?:cubre|tapa|sube (?:por encima de|hasta)|llega a) su (?:cara|carita|boca|nariz|cabeza)|se hunde|se hundio|"
          r"se ahoga|se ahogo|ahogandose|no sale a la superficie|deja de moverse|dejo de moverse|flota boca abajo|"
          r"(?:cabeza|cara) bajo el agua",
    "fr": r"eau lui (?:couvre|recouvre|arrive (?:a|au|sur)|monte (?:jusqu'a|au-dessus de|sur)) (?:le |la |l')?(?:visage|"
          r"bouche|nez|tete)|eau (?:couvre|recouvre|monte (?:sur|au-dessus de|jusqu'a)) (?:son|sa) (?:visage|bouche|"
          r"nez|tete)|(?:elle|il|la fillette|l'enfant|le bebe|la petite|le petit) coule\b|coule au fond|ne remonte "
          r"pas|ne bouge plus|se noie|noyee?|flotte (?:le )?visage (?:vers le bas|contre l'eau|dans l'eau)|(?:tete|"
          r"visage) sous l'eau",
    "it": r"acqua le (?:copre|arriva (?:a|sopra)|sale sopra) (?:il |la )?(?:viso|faccia|bocca|naso|testa)|acqua "
          r"(?:copre|sale sopra|sommerge) (?:il suo|la sua|il|la) (?:viso|faccia|bocca|naso|testa)|va sotto|affonda|"
          r"non riemerge|non si muove piu|annega|annegando|annegata|annegato|galleggia a faccia in giu|(?:testa|faccia)"
          r" sott'acqua",
    "pt": r"agua (?:cobre|sobe (?:por cima d[oa]|ate)|chega (?:a|ate)) (?:o |a |seu |sua )?(?:rosto|cara|boca|nariz|"
          r"cabeca)|afunda|se afoga|afogando|afogad[oa]|nao volta a superficie|para de se mexer|parou de se mexer|"
          r"(?:boia|flutua) de brucos|(?:cabeca|rosto) debaixo d'?agua",
}
_SWIMS_OR_RESCUED = {
    "de": r"schwimm\w*|taucher\w*|taucherbrille|schnorchel\w*|rettungsschwimmer\w*|rettet|gerettet|retten|"
          r"meerjungfrau|zieht (?:sie|ihn|es) (?:heraus|raus)",
    "es": r"nad\w*|buce\w*|snorkel|socorrista|rescat\w*|salva\w*|sirena|la saca|lo saca",
    "fr": r"nag\w*|plong\w*|tuba|maitre-nageur|sauv\w*|secour\w*|sirene|la sort|le sort",
    "it": r"nuot\w*|immersion\w*|maschera|boccaglio|bagnino|salv\w*|soccor\w*|sirena|la tira fuori|lo tira fuori",
    "pt": r"nad\w*|mergulh\w*|snorkel|salva-vidas|salv\w*|resgat\w*|sereia|a tira|o tira",
}
_SWIMS_IN_ENGLISH = r"swim\w*|goggles|snorkel\w*|scuba|div(?:e|es|ing|er)|lifeguard|rescu\w*|mermaid"
for _lang, _c in _SMALL_CHILD.items():
    OWN[_lang]["violence"] = list(OWN[_lang].get("violence", [])) + [
        rf"re:^(?=.*\b(?:{_c}|girl|boy|child|kid|baby|toddler)\b)(?=.*\b(?:{_WATER[_lang]}|water|bath|bathtub|pool)\b)"
        rf"(?!.*\b(?:{_SWIMS_OR_RESCUED[_lang]}|{_SWIMS_IN_ENGLISH})\b).*\b(?:{_UNDER_WATER[_lang]})",
    ]

# Swimwear in the other languages' context words reads as in English: a bikini counts next to a clear sign of a
# minor ("swim", as ``minors.SWIMWEAR``), a swimsuit only next to another exposure word ("exposure", as
# ``minors.WEAK_EXPOSURE``): "水着の女の子がプールで泳いでいる" is a girl swimming in a pool.
BIKINI = {"bikini", "biquíni", "bikiny", "бикини", "бікіні", "μπικίνι", "ביקיני", "比基尼", "ビキニ", "비키니",
          "بيكيني", "बिकिनी", "บิกินี่", "بکنی"}
SWIMSUIT = {"水着", "купальник*", "μαγιό", "בגד ים", "ชุดว่ายน้ำ", "costum de baie"}


def _context_kind(cat: str, term: str, romance: set[str]) -> str:
    if cat != "context":
        return cat
    if term in romance:
        return "romance"
    return "swim" if term in BIKINI else "exposure" if term in SWIMSUIT else "context"


def build(data: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    langs = sorted(set(KEEP) | set(KEEP_ALL) | set(OWN))
    for lang in langs:
        rows: list[tuple[str, str, str]] = []
        src = data / "lexicons" / "ldnoobw" / lang
        listed = [t.strip() for t in src.read_text(encoding="utf-8").splitlines() if t.strip()] if src.exists() else []
        for cat, terms in KEEP.get(lang, {}).items():
            for t in filter(None, terms.split("|")):
                if t not in listed:
                    raise SystemExit(f"{lang}: {t!r} is not in LDNOOBW's list")
                rows.append((cat, t.lower(), "ldnoobw"))
        if lang in KEEP_ALL:
            drop = DROP.get(lang, set())
            for t in listed:
                if len(t) >= 2 and t not in drop and not t.isascii():
                    rows.append((KEEP_ALL[lang], t.lower(), "ldnoobw"))
        romance = set(ROMANCE.get(lang, "").split("|")) - {""} | set(ROMANCE_PATTERNS.get(lang, []))
        for cat, terms in OWN.get(lang, {}).items():
            rows += [(_context_kind(cat, t, romance), t.lower(), "limner") for t in terms]
        if lang in AGE_WORDS:
            rows += [("minor", t, "limner") for t in age_terms(lang)]
        for cat, words in (("adult", ADULTS.get(lang, "")), ("family", FAMILY.get(lang, "")),
                           ("ambiguous", AMBIGUOUS.get(lang, "")), ("camera", CAMERA.get(lang, "")),
                           ("watch", WATCH.get(lang, "")), ("place", UNDRESSED_PLACES.get(lang, "")),
                           ("baby", BABIES.get(lang, ""))):
            rows += [(cat, t, "limner") for t in words.split("|") if t]
        if lang in DEHUMANISING:
            rows += [("hate", t, "limner") for t in dehumanising_patterns(lang)]
        if lang in UNDRESS_GARMENTS or lang in UNDRESS_OWN:
            rows += [("sexual", t, "limner") for t in undress_patterns(lang)]
        seen: set[tuple[str, str]] = set()
        lines = ["category\tterm\tsource"]
        for cat, term, source in rows:
            if (cat, term) not in seen:
                seen.add((cat, term))
                lines.append(f"{cat}\t{term}\t{source}")
        (OUT / f"{lang}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{lang}: {len(lines) - 1} terms")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    build(p.parse_args().data)


if __name__ == "__main__":
    main()
