#!/usr/bin/env python3
"""Generates deterministic news-like JSON lines for dyad's benchmarks (no real articles).

Usage: python3 bench/gen_news.py MEGABYTES > corpus.jsonl
Sentences mix actors, verbs, dates, quotes, datelines and filler in proportions typical of wire copy.
"""
import json, random, sys

random.seed(42)
target = float(sys.argv[1]) * 1_000_000 if len(sys.argv) > 1 else 10_000_000
actors = ["Russia", "Ukraine", "China", "the United States", "Turkish lawmakers", "Indian troops", "the Kremlin",
          "President Vladimir Putin", "Xi Jinping", "the European Union", "NATO", "Iranian officials",
          "Israeli soldiers", "Hamas", "the United Nations", "French President Emmanuel Macron", "Washington",
          "Beijing", "Syrian rebels", "Egyptian police", "the Pakistani army", "Japan", "South Korea",
          "German Chancellor Olaf Scholz", "protesters", "Brazil", "Mexican authorities", "the Taliban"]
verbs = ["condemned", "met with", "accused", "attacked", "praised", "imposed sanctions on", "held talks with",
         "threatened", "visited", "signed an agreement with", "criticized", "urged", "rejected a proposal from",
         "welcomed", "warned", "called on", "sent troops to", "pledged to cooperate with", "shelled",
         "hosted", "did not attack", "expelled diplomats from"]
times = ["on Monday", "on Tuesday", "last week", "yesterday", "on March 3", "earlier this month", "", "", ""]
fillers = ["The move came after weeks of tension along the border.",
           "Officials did not give further details about the talks.",
           "Markets fell sharply in early trading as investors weighed the news.",
           "The statement was published on the ministry's website late in the evening.",
           "Analysts said the decision could reshape the region for years to come.",
           "\u201cWe will not accept this,\u201d a spokesman told reporters in the capital.",
           "The meeting lasted about three hours, according to a person familiar with it.",
           "Neither side has commented on the reports so far."]
places = ["MOSCOW", "KYIV", "BEIJING", "WASHINGTON", "ANKARA", "CAIRO", "GENEVA", "NEW DELHI"]
agencies = ["Reuters", "AP", "AFP"]
out = sys.stdout
written = 0
n = 0
while written < target:
    sents = []
    for _ in range(random.randint(8, 20)):
        if random.random() < 0.55:
            s = f"{random.choice(actors)} {random.choice(verbs)} {random.choice(actors)} {random.choice(times)}".strip() + "."
            s = s[0].upper() + s[1:]
        else:
            s = random.choice(fillers)
        sents.append(s)
    paras = []
    while sents:
        k = random.randint(1, 3)
        paras.append(" ".join(sents[:k]))
        sents = sents[k:]
    text = f"{random.choice(places)} ({random.choice(agencies)}) - " + "\n\n".join(paras)
    line = json.dumps({"id": f"gen-{n}", "date": f"2024-{random.randint(1,12):02d}-{random.randint(1,28):02d}", "text": text}, ensure_ascii=False)
    out.write(line + "\n")
    written += len(line) + 1
    n += 1
