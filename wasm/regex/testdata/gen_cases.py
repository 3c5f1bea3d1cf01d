"""Writes the (pattern, inputs) cases that onig_oracle.py runs through Oniguruma: hand-picked patterns for
each syntax feature, the tokenizer patterns, and seeded random patterns and inputs.

Regenerate the fixture (needs libonig5):
  python3 gen_cases.py | python3 onig_oracle.py | gzip -n > onig_cases.jsonl.gz
"""
import json
import random

rng = random.Random(20240601)

ALPHABET = ["a", "b", "c", "A", "B", "s", "S", "k", "K", "\u212a", "\u017f", "'", " ", "  ", "\t", "\n", "\r",
            "\r\n", "\v", "\x85", "\u00a0", "\u3000", "1", "2", "\u0663", "\u00bd", "\u216b", ".", "!", "?", "/",
            "-", "_", "$", "+", "\u00e9", "\u00c9", "e\u0301", "\u01c5", "\u02b0", "\u65e5", "\u3042", "\u30a2",
            "\ud55c", "\u0416", "\u03c3", "\u00df", "\U0001F600", "\u200d", "\x00", "<", "|", ">", "ll", "re",
            "VE", "x", "y", "z", "\u2028", "\ufeff"]


def random_text(max_parts):
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, max_parts)))


ATOMS = ["a", "b", "A", "s", "k", "'", " ", "\\n", "\\r", "\\t", ".", "\\.", "\\s", "\\S", "\\d", "\\D", "\\w",
         "\\W", "\\h", "\\p{L}", "\\p{Lu}", "\\p{Ll}", "\\p{N}", "\\p{P}", "\\p{S}", "\\p{M}", "\\P{L}",
         "\\p{^N}", "\\p{Han}", "\\p{Hiragana}", "[a-c]", "[^a]", "[^\\s\\p{L}\\p{N}]", "[\\p{L}\\p{N}]",
         "[\\r\\n]", "[a-z&&[^aeiou]]", "[[:alpha:]]", "[[:punct:]]", "[\\w-]", "\\x41", "\\u00e9", "\\x{65E5}",
         "\u00e9", "\u65e5", "\\R", "\\N", "\\O"]
ANCHORS = ["^", "$", "\\A", "\\z", "\\Z", "\\b", "\\B", "\\G"]
QUANTS = ["*", "+", "?", "{1,3}", "{2}", "{,2}", "{2,}", "*?", "+?", "??", "{1,2}?", "*+", "++", "?+", "{2}?"]


def fixed_atom():
    return rng.choice(["a", "b", "\\s", "\\p{L}", "[a-c]", ".", "'", "\\d"])


def random_pattern(depth=0):
    parts = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.1:
            parts.append(rng.choice(ANCHORS))
            continue
        if roll < 0.35 and depth < 3:
            kind = rng.choice(["(?:", "(", "(?i:", "(?=", "(?!", "(?>", "(?<=", "(?<!"])
            if kind in ("(?<=", "(?<!"):
                body = "|".join("".join(fixed_atom() for _ in range(rng.randint(1, 2)))
                                for _ in range(rng.randint(1, 2)))
            else:
                body = random_pattern(depth + 1)
            atom = kind + body + ")"
            quantifiable = kind not in ("(?=", "(?!", "(?<=", "(?<!")
        else:
            atom, quantifiable = rng.choice(ATOMS), True
        if quantifiable and rng.random() < 0.45:
            atom += rng.choice(QUANTS)
        parts.append(atom)
    pattern = "".join(parts)
    if rng.random() < 0.3:
        pattern += "|" + random_pattern(depth + 1)
    if depth == 0 and rng.random() < 0.1:
        pattern = "(?i)" + pattern
    return pattern


FEATURES = [
    "", "a", "a|ab", "ab|a", "a+?", "a*+a", "(?>a+)b", "(?>a|ab)c", "a{2}", "a{2,}", "a{,2}", "a{2}?",
    "a{1,2}?", "a{", "x{,}", "a{1,2}+", ".", "(?m:.)", "^\\w", "\\w$", "^", "$", "\\Aa", "a\\z", "a\\Z",
    "\\bfoo\\b", "\\Bo", "\\s+", "\\d+", "\\w+", "\\p{Lu}+", "\\P{L}+", "\\p{^L}+", "\\p{Han}+", "\\p{Hiragana}",
    "[a-c]+", "[^a-c]+", "[a[xy]]+", "[a-z&&[^aeiou]]+", "[\\w-]+", "[-a]+", "[]a]+", "(?i)[^a]", "(?i:k)",
    "(?i:s)", "(?i)[a-z]+", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "(?<=ab|c)d", "\\x41\\u00e9\\x{263A}\\t",
    "(a*)*b", "(a|)*b", "(?:a?)*", "(?:a?)*?b", "\\Ga", "\\R", "(?x) a b # c", "(?i)a|b", "a(?i)b|c",
    "a(?#comment)b", "\\d*", "a**", "(?i:'s|'t|'re|'ve|'m|'ll|'d)", "[\\s\\S]", "[^\\n]+", "\\0", "\\e\\a",
    "[\\b]", "(?-i:a)", "(?i)a(?-i)a", "(?:(?i)a)a", "[[:^alpha:]]+", "\\p{Letter}+", "\\p{Uppercase_Letter}",
    "\\p{greek}+", "\\p{Cn}", "\\p{C}+", "\\p{Any}", "(?<a>x)y", "x(?=y|$)", "(?!)", "(?=)", "[\\x{1F600}-\\x{1F64F}]",
    # Tokenizer patterns (scanners must agree with the engine, and the engine with Oniguruma).
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
    "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
    "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+", "\\p{N}{1,3}", " {2,}",
]

# Patterns the engine rejects on purpose (see README): Oniguruma's answers are kept to show the difference.
for pattern in FEATURES:
    print(json.dumps({"pattern": pattern, "inputs": [random_text(14) for _ in range(30)] + [
        "ab", "aaa", "a\nb\n", "foo food foo", "abcb", "Hello World's 'LL 123456 \r\n\n  x",
        "\u212a\u017f'\u017f STRASSE stra\u00dfe"]}, ensure_ascii=False))
for _ in range(600):
    print(json.dumps({"pattern": random_pattern(), "inputs": [random_text(10) for _ in range(12)]},
                     ensure_ascii=False))
