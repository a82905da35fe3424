#!/usr/bin/env python3
"""Writes Tests/CorpusFiltersTests/Fixtures/punkt_golden.jsonl: NLTK Punkt (English) sentences.

Each line is {"text": ..., "sentences": [...]}, the sentences being
nltk.data.load("nltk:tokenizers/punkt/english.pickle").tokenize(text) -- the call
tensorflow-datasets' c4_utils.py makes. Cases: handcrafted traps, then lines sampled
deterministically from a documentation crawl (lines C4 would keep: ending in . ? ! or " with at
least five words), then a few whole documents truncated to a few KB.

Run with the oracle environment (nltk 3.10.4 and its punkt_tab data):
    /work/.oracle/venv/bin/python scripts/golden/punkt_golden.py \
        [--nltk-data /work/.oracle/nltk_data] [--docs /work/bench-data/debian-docs.jsonl]
"""
import argparse
import hashlib
import json
import os

import nltk

HANDCRAFTED = [
    # abbreviations
    "Mr. Smith went to Washington. He arrived on Monday.",
    "Dr. Jones and Mrs. Brown met Prof. White at St. Mary's.",
    "Use a tool, e.g. a hammer. Or a saw, i.e. something sharp.",
    "The U.S. economy grew. The U.S. Senate voted.",
    "He lives in the U.S. He works in Canada.",
    "Apples, pears, etc. are fruit. Carrots are not.",
    "Acme Inc. announced profits. Shares rose.",
    "Acme Inc. shares rose sharply.",
    "It was Smith vs. Jones in court. Smith won.",
    "The meeting is at 5 p.m. tomorrow. Please come.",
    "The meeting is at 5 p.m. Please come.",
    "Send it to Gen. Motors Corp. by Jan. 5. Thanks.",
    "He holds a Ph.D. in physics. She does not.",
    "The non-profit org. said no. Then it said yes.",
    "An ex-Gov. spoke. Then the Sen. spoke.",
    "Mr.Smith has no space. Ok.",
    "I met Messrs. Smith and Jones. They were nice.",
    "See Fig. 3 for details. It shows the trend.",
    "Call me at 555-1234 ext. 5. Ask for Bob.",
    "mr. smith lower case. dr. who.",
    # initials
    "J. R. R. Tolkien wrote The Hobbit. It is long.",
    "Johann S. Bach wrote music. He died in 1750.",
    "The author is A. Smith. B. Jones edited it.",
    "Walter J. Fialka reported it. The story ran Monday.",
    "It was written by E. E. Cummings. the poet liked lower case.",
    "Plan B. The other plan failed.",
    "Vitamin C. Vitamin D is also useful.",
    "Ask Ö. Müller. He knows.",
    # ordinals, numbers
    "This is the 5. edition of the book. It is new.",
    "Pi is about 3.14. E is about 2.72.",
    "No. 5 is the winner. No. 6 came second.",
    "Profits rose 5.5%. Sales fell 3 pct. in May.",
    "The year was 1999. The next year was 2000.",
    "On 12.05.2020 it rained. It was cold.",
    "He scored 1,000,000 points. wow.",
    "The value is -5. The other is .5 now.",
    "Chapter 3. International trade is covered next.",
    "Item 2. Business risks follow.",
    "Version 2.0. Released today.",
    "Rule 7. the next rule is lower case.",
    # ellipsis
    "Wait... What happened? Nothing.",
    "Wait . . . What happened?",
    "Well.. maybe. Maybe not.",
    "And so on... and so forth.",
    "The end....",
    "Hmm... . Strange.",
    "He paused . . . then spoke. Loudly.",
    # question and exclamation marks
    "Is it true? Yes! Really?! Absolutely.",
    "What?! No way!! I can't believe it???",
    "Why? because. Who? me.",
    "Hello!How are you?Fine.",
    "Stop! ... Go on.",
    # quotes and brackets after the end
    "He said \"Stop.\" Then he left.",
    "She asked, \"Why?\" Nobody answered.",
    "(This is a note.) The text continues.",
    "The list [see above.] is long. It ends here.",
    "'Single quoted.' Next sentence.",
    "\u201cCurly quoted.\u201d Next sentence.",
    "\u2018Curly single.\u2019 Next one.",
    "\u00abGuillemets.\u00bb Suivant.",
    "(How does it deal with this parenthesis?)  \"It should be part of the previous sentence.\" "
    "\"(And the same with this one.)\" ('And this one!') \"('(And (this)) '?)\" [(and this. )]",
    "End of quote.\" \"Start of quote.",
    "He said \"yes.\"",
    "Done.)",
    "Done.) ",
    "Really.)\"' Next.",
    "Stop.--Then go.",
    "Stop.\"--Then go.",
    "A sentence.\n\"Quoted line.\"\n(Bracketed line.)",
    "It ends.\n)",
    # lower case after a period
    "This is it. and this continues in lower case.",
    "The cat sat. the dog ran. The bird flew.",
    "He went to the st. louis office.",
    "i is a good variable name. it is short.",
    # whitespace
    "One.  Two.   Three.",
    "One.\tTwo.\t\tThree.",
    "One.\nTwo.\n\nThree.",
    "One.\r\nTwo.\rThree.",
    "  Leading space. Trailing space.   ",
    "\n\nBlank lines first. Then text.\n\n",
    "Non-breaking.\u00a0Space. Ideographic.\u3000Space.",
    "Line\u2028separator. Next.",
    "File\x1cseparator. Next.\x1c",
    "Word. \x1c",
    "Tab.\x0bVertical tab. Form.\x0cFeed.",
    # non-ASCII letters and digits
    "Ünïcödé tëxt. Ëvery sentence counts.",
    "Ελλάδα είναι ωραία. Η Αθήνα επίσης.",
    "ΣΑΣ. Σ. Β. Greek initials.",
    "Москва большая. Петербург тоже.",
    "東京は大きい。大阪も大きい。 End.",
    "The number \u0663\u0664. Arabic digits.",
    "Size 5\u00b2. Squared.",
    "\u0130stanbul. \u0130zmir is next.",
    "Kelvin \u212a. Then more.",
    "The \u01c5. Titlecase digraph.",
    "Caf\u00e9. Na\u00efve r\u00e9sum\u00e9. \u00c9cole.",
    "Emoji \U0001F600. Smile.",
    "Combining x\u0303. Next.",
    # degenerate input
    "",
    " ",
    "\n",
    ".",
    "?",
    "!",
    "...",
    ". . .",
    "?!",
    "\"",
    "\".",
    ". .",
    "!!! ???",
    ".) .) .)",
    "-- -- --",
    ",.;:",
    "a",
    "A.",
    "x" * 600 + ". " + "y" * 400 + ".",
    "Supercalifragilisticexpialidocious" * 20 + ". The end.",
    "http://example.com/a.b.c. Visit it. Or www.example.org. today.",
    "Email a.b@c.d. Now.",
    "File name.txt is here. Edit config.yaml. done.",
]


def sample_lines(docs_path, count):
    """Lines C4 keeps (stripped, ending in . ? ! or ", five or more words), chosen by hash."""
    plain, multi = set(), set()
    with open(docs_path, encoding="utf-8") as f:
        for record in f:
            for line in json.loads(record)["text"].splitlines():
                line = line.strip()
                if not line.endswith((".", "?", "!", '"')) or len(line.split()) < 5:
                    continue
                inner = line[:-1]
                (multi if any(m in inner for m in (". ", "? ", "! ", '." ', ".)")) else plain).add(line)
    key = lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest()
    half = count // 2
    chosen = sorted(multi, key=key)[: count - half] + sorted(plain, key=key)[:half]
    return chosen


def sample_documents(docs_path, count, max_chars):
    """Whole documents, chosen by hash of their text and cut at a line end near max_chars."""
    with open(docs_path, encoding="utf-8") as f:
        texts = [json.loads(record)["text"] for record in f]
    texts.sort(key=lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest())
    chosen = []
    for text in texts[:count]:
        if len(text) > max_chars:
            cut = text.rfind("\n", 0, max_chars)
            text = text[: cut if cut > 0 else max_chars]
        chosen.append(text)
    return chosen


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nltk-data", default="/work/.oracle/nltk_data")
    parser.add_argument("--docs", default="/work/bench-data/debian-docs.jsonl")
    parser.add_argument("--lines", type=int, default=400)
    parser.add_argument("--documents", type=int, default=12)
    parser.add_argument("--document-chars", type=int, default=3000)
    parser.add_argument("--out", default=os.path.join(repo, "Tests/CorpusFiltersTests/Fixtures/punkt_golden.jsonl"))
    args = parser.parse_args()

    nltk.data.path.insert(0, args.nltk_data)
    tokenizer = nltk.data.load("nltk:tokenizers/punkt/english.pickle")
    texts = HANDCRAFTED + sample_lines(args.docs, args.lines) + sample_documents(args.docs, args.documents, args.document_chars)
    with open(args.out, "w", encoding="utf-8") as out:
        for text in texts:
            sentences = tokenizer.tokenize(text)
            out.write(json.dumps({"text": text, "sentences": sentences}, ensure_ascii=False) + "\n")
    print(f"{len(texts)} cases ({len(HANDCRAFTED)} handcrafted) -> {args.out} ({os.path.getsize(args.out)} bytes)")


if __name__ == "__main__":
    main()
