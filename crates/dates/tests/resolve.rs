//! Table-driven tests: time expressions in sentences against fixed publication dates.
//!
//! Each story is a publication date and its sentences in order; each sentence lists every expression
//! expected in it, in order, as (text as written, date, precision). The text pins the span.
//! An empty list means: nothing must be found.

use chrono::NaiveDate;
use dyad_dates::{might_contain_time, DateResolver, Precision, TimeExpr};
use Precision::{Day as D, Month as M, Week as W, Year as Y};

type Expect = (&'static str, &'static str, Precision);

struct Story {
    publication: &'static str,
    sentences: &'static [(&'static str, &'static [Expect])],
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Publication dates used: 2024-03-06 is a Wednesday (2024 is a leap year), 2025-01-08 a
/// Wednesday, 2024-12-30 a Monday, 2024-03-10 a Sunday, 2024-03-09 a Saturday, 2025-03-10 a Monday.
const WED: &str = "2024-03-06";

const STORIES: &[Story] = &[
    // ---- weekdays
    Story { publication: WED, sentences: &[("Police said on Monday that 12 people were detained.", &[("Monday", "2024-03-04", D)])] },
    Story { publication: WED, sentences: &[("The minister spoke Tuesday in Brussels.", &[("Tuesday", "2024-03-05", D)])] },
    Story { publication: WED, sentences: &[("Protesters gathered on Wednesday outside parliament.", &[("Wednesday", "2024-03-06", D)])] },
    Story { publication: WED, sentences: &[("The talks will resume on Friday in Geneva.", &[("Friday", "2024-03-08", D)])] },
    Story { publication: WED, sentences: &[("The talks resumed on Friday in Geneva.", &[("Friday", "2024-03-01", D)])] },
    Story { publication: WED, sentences: &[("He will travel to Paris next Monday.", &[("next Monday", "2024-03-11", D)])] },
    Story { publication: WED, sentences: &[("The vote is set for next Friday.", &[("next Friday", "2024-03-08", D)])] },
    Story { publication: WED, sentences: &[("The vote was held last Wednesday.", &[("last Wednesday", "2024-02-28", D)])] },
    Story { publication: WED, sentences: &[("The president is to visit Kyiv on Thursday.", &[("Thursday", "2024-03-07", D)])] },
    Story { publication: WED, sentences: &[("Fighting erupted Monday night near the border.", &[("Monday night", "2024-03-04", D)])] },
    Story { publication: WED, sentences: &[("Gunmen attacked the village early Tuesday.", &[("early Tuesday", "2024-03-05", D)])] },
    Story { publication: WED, sentences: &[("The bomb exploded late on Monday.", &[("late on Monday", "2024-03-04", D)])] },
    Story { publication: WED, sentences: &[("Tuesday's attack killed 12 people.", &[("Tuesday", "2024-03-05", D)])] },
    Story { publication: WED, sentences: &[("The summit on Friday, March 8 was postponed.", &[("Friday, March 8", "2024-03-08", D)])] },
    Story { publication: WED, sentences: &[("Officials met on Saturday 2 March in Doha.", &[("Saturday 2 March", "2024-03-02", D)])] },
    Story {
        publication: WED,
        sentences: &[(
            "He said on Monday that the army will withdraw on Friday.",
            &[("Monday", "2024-03-04", D), ("Friday", "2024-03-08", D)],
        )],
    },
    Story { publication: "2024-03-10", sentences: &[("The vote took place on Sunday.", &[("Sunday", "2024-03-10", D)])] },
    Story { publication: "2024-03-10", sentences: &[("Voters went to the polls last Sunday.", &[("last Sunday", "2024-03-03", D)])] },
    // ---- deictic days
    Story { publication: WED, sentences: &[("The court ruled today that the law was void.", &[("today", "2024-03-06", D)])] },
    Story { publication: WED, sentences: &[("Rebels shelled the city yesterday.", &[("yesterday", "2024-03-05", D)])] },
    Story { publication: WED, sentences: &[("The court will rule tomorrow.", &[("tomorrow", "2024-03-07", D)])] },
    Story { publication: WED, sentences: &[("Two rockets hit Sderot last night.", &[("last night", "2024-03-05", D)])] },
    Story { publication: WED, sentences: &[("The president will speak tonight.", &[("tonight", "2024-03-06", D)])] },
    Story { publication: WED, sentences: &[("Clashes broke out yesterday morning.", &[("yesterday morning", "2024-03-05", D)])] },
    Story { publication: WED, sentences: &[("Police fired tear gas this morning.", &[("this morning", "2024-03-06", D)])] },
    // ---- calendar periods
    Story { publication: WED, sentences: &[("Talks collapsed this week.", &[("this week", "2024-03-04", W)])] },
    Story { publication: WED, sentences: &[("Talks collapsed earlier this week.", &[("earlier this week", "2024-03-04", W)])] },
    Story { publication: WED, sentences: &[("The envoy arrived last week.", &[("last week", "2024-02-26", W)])] },
    Story { publication: WED, sentences: &[("The envoy will arrive next week.", &[("next week", "2024-03-11", W)])] },
    Story { publication: WED, sentences: &[("Prices rose last month.", &[("last month", "2024-02-01", M)])] },
    Story { publication: WED, sentences: &[("Prices rose earlier this month.", &[("earlier this month", "2024-03-01", M)])] },
    Story { publication: WED, sentences: &[("The law takes effect this month.", &[("this month", "2024-03-01", M)])] },
    Story { publication: WED, sentences: &[("The army withdrew last year.", &[("last year", "2023-01-01", Y)])] },
    Story { publication: WED, sentences: &[("The army withdrew late last year.", &[("late last year", "2023-01-01", Y)])] },
    Story { publication: WED, sentences: &[("Elections are due next year.", &[("next year", "2025-01-01", Y)])] },
    // ---- months
    Story { publication: WED, sentences: &[("The offensive began in early February.", &[("early February", "2024-02-01", M)])] },
    Story { publication: WED, sentences: &[("A new round is planned for late March.", &[("late March", "2024-03-01", M)])] },
    Story { publication: WED, sentences: &[("The floods struck in mid-August.", &[("mid-August", "2023-08-01", M)])] },
    Story {
        publication: WED,
        sentences: &[("The rebels regrouped in the first week of September.", &[("the first week of September", "2023-09-01", W)])],
    },
    Story {
        publication: WED,
        sentences: &[("A truce is expected in the last week of March.", &[("the last week of March", "2024-03-25", W)])],
    },
    Story { publication: WED, sentences: &[("Troops entered the town on March 3.", &[("March 3", "2024-03-03", D)])] },
    Story { publication: WED, sentences: &[("Troops entered the town on 3 March.", &[("3 March", "2024-03-03", D)])] },
    Story { publication: WED, sentences: &[("Troops entered the town on the 3rd of March.", &[("the 3rd of March", "2024-03-03", D)])] },
    Story { publication: WED, sentences: &[("Troops entered the town on Mar. 3.", &[("Mar. 3", "2024-03-03", D)])] },
    Story { publication: WED, sentences: &[("The deal was signed on March 3, 2023, in Riyadh.", &[("March 3, 2023", "2023-03-03", D)])] },
    Story { publication: WED, sentences: &[("The deal was signed on 12 May 2021.", &[("12 May 2021", "2021-05-12", D)])] },
    Story { publication: WED, sentences: &[("The decree dated 2024-03-03 was published.", &[("2024-03-03", "2024-03-03", D)])] },
    Story { publication: WED, sentences: &[("Fighting resumed in March.", &[("March", "2024-03-01", M)])] },
    Story { publication: WED, sentences: &[("The siege began in December.", &[("December", "2023-12-01", M)])] },
    Story { publication: WED, sentences: &[("The election will be held in April.", &[("April", "2024-04-01", M)])] },
    Story { publication: WED, sentences: &[("Elections were held in April.", &[("April", "2023-04-01", M)])] },
    Story { publication: WED, sentences: &[("In May, the army retreated.", &[("May", "2023-05-01", M)])] },
    Story { publication: WED, sentences: &[("On May 5, the army retreated.", &[("May 5", "2023-05-05", D)])] },
    Story { publication: WED, sentences: &[("The plan was agreed in March 2023.", &[("March 2023", "2023-03-01", M)])] },
    Story { publication: WED, sentences: &[("The troops left by the end of January.", &[("January", "2024-01-01", M)])] },
    Story { publication: WED, sentences: &[("The vote is scheduled for June 30.", &[("June 30", "2024-06-30", D)])] },
    // ---- years and seasons
    Story { publication: WED, sentences: &[("The group was founded in 2019.", &[("2019", "2019-01-01", Y)])] },
    Story { publication: WED, sentences: &[("Sanctions have been in place since 2014.", &[("2014", "2014-01-01", Y)])] },
    Story { publication: WED, sentences: &[("Growth slowed in mid-2019.", &[("mid-2019", "2019-01-01", Y)])] },
    Story {
        publication: WED,
        sentences: &[("Troops were deployed between 2019 and 2021.", &[("2019", "2019-01-01", Y), ("2021", "2021-01-01", Y)])],
    },
    Story {
        publication: WED,
        sentences: &[("He ruled from 2015 to 2018.", &[("2015", "2015-01-01", Y), ("2018", "2018-01-01", Y)])],
    },
    Story { publication: WED, sentences: &[("Talks failed in the spring of 2019.", &[("the spring of 2019", "2019-01-01", Y)])] },
    Story { publication: WED, sentences: &[("Floods hit the region last summer.", &[("last summer", "2023-01-01", Y)])] },
    // ---- "ago"
    Story { publication: WED, sentences: &[("He was released two days ago.", &[("two days ago", "2024-03-04", D)])] },
    Story { publication: WED, sentences: &[("He was released 3 days ago.", &[("3 days ago", "2024-03-03", D)])] },
    Story { publication: WED, sentences: &[("He was released a week ago.", &[("a week ago", "2024-02-26", W)])] },
    Story { publication: WED, sentences: &[("The border closed three months ago.", &[("three months ago", "2023-12-01", M)])] },
    Story { publication: WED, sentences: &[("The war started two years ago.", &[("two years ago", "2022-01-01", Y)])] },
    Story { publication: WED, sentences: &[("He fled a couple of days ago.", &[("a couple of days ago", "2024-03-04", D)])] },
    // ---- weekends
    Story { publication: WED, sentences: &[("Rockets were fired over the weekend.", &[("the weekend", "2024-03-02", W)])] },
    Story { publication: WED, sentences: &[("Talks will continue at the weekend.", &[("the weekend", "2024-03-09", W)])] },
    Story { publication: WED, sentences: &[("Rallies are planned this weekend.", &[("this weekend", "2024-03-09", W)])] },
    Story { publication: WED, sentences: &[("Rallies were held last weekend.", &[("last weekend", "2024-03-02", W)])] },
    Story { publication: "2024-03-10", sentences: &[("Rallies were held over the weekend.", &[("the weekend", "2024-03-09", W)])] },
    Story { publication: "2024-03-10", sentences: &[("Rallies were held last weekend.", &[("last weekend", "2024-03-02", W)])] },
    // ---- year boundaries (a January story looks back into December)
    Story {
        publication: "2025-01-08",
        sentences: &[
            ("The siege began in December.", &[("December", "2024-12-01", M)]),
            ("The town fell on December 30.", &[("December 30", "2024-12-30", D)]),
            ("Prices rose last month.", &[("last month", "2024-12-01", M)]),
            ("The envoy arrived last week.", &[("last week", "2024-12-30", W)]),
            ("Exports fell last year.", &[("last year", "2024-01-01", Y)]),
            ("Police said on Monday that 3 men were held.", &[("Monday", "2025-01-06", D)]),
        ],
    },
    Story {
        publication: "2024-12-30",
        sentences: &[
            ("The vote is scheduled for January 3.", &[("January 3", "2025-01-03", D)]),
            ("The law takes effect next month.", &[("next month", "2025-01-01", M)]),
            ("Talks will resume next week.", &[("next week", "2025-01-06", W)]),
            ("Talks will resume on Thursday.", &[("Thursday", "2025-01-02", D)]),
        ],
    },
    // ---- leap years
    Story { publication: "2025-03-10", sentences: &[("The decree was issued on 29 February.", &[("29 February", "2024-02-29", D)])] },
    Story { publication: WED, sentences: &[("The decree was issued on February 29, 2023.", &[])] },
    Story {
        publication: WED,
        sentences: &[
            ("The strike began on February 28, 2024.", &[("February 28, 2024", "2024-02-28", D)]),
            ("Two days later, the unions backed down.", &[("Two days later", "2024-03-01", D)]),
        ],
    },
    Story {
        publication: WED,
        sentences: &[
            ("The strike began on February 28, 2023.", &[("February 28, 2023", "2023-02-28", D)]),
            ("Two days later, the unions backed down.", &[("Two days later", "2023-03-02", D)]),
        ],
    },
    Story { publication: "2024-02-29", sentences: &[("A year ago, the war began.", &[("A year ago", "2023-01-01", Y)])] },
    // ---- chains across sentences
    Story {
        publication: WED,
        sentences: &[
            ("Rebels seized the town on March 1.", &[("March 1", "2024-03-01", D)]),
            ("The next day, the army counterattacked.", &[("The next day", "2024-03-02", D)]),
            ("A day later, talks began.", &[("A day later", "2024-03-03", D)]),
            ("The day before, police had raided the office.", &[("The day before", "2024-03-02", D)]),
            ("That same day, the envoy left.", &[("That same day", "2024-03-02", D)]),
            ("The following week, both sides withdrew.", &[("The following week", "2024-03-04", W)]),
        ],
    },
    Story {
        publication: WED,
        sentences: &[
            ("The ceasefire was signed on February 10.", &[("February 10", "2024-02-10", D)]),
            ("Three weeks later, fighting resumed.", &[("Three weeks later", "2024-02-26", W)]),
            ("Two days later, the UN called for calm.", &[("Two days later", "2024-02-26", W)]),
        ],
    },
    Story {
        publication: WED,
        sentences: &[
            ("The court convened on March 3.", &[("March 3", "2024-03-03", D)]),
            ("A month earlier, the judge had resigned.", &[("A month earlier", "2024-02-01", M)]),
        ],
    },
    Story {
        publication: WED,
        sentences: &[(
            "The group attacked on March 1 and two days later withdrew.",
            &[("March 1", "2024-03-01", D), ("two days later", "2024-03-03", D)],
        )],
    },
    Story {
        publication: WED,
        sentences: &[
            ("On Monday, the president, who took office in 2019, met the envoy.", &[("Monday", "2024-03-04", D), ("2019", "2019-01-01", Y)]),
            ("Two days later, the envoy left.", &[("Two days later", "2024-03-06", D)]),
        ],
    },
    Story {
        publication: WED,
        sentences: &[
            ("On Monday, the rebels attacked.", &[("Monday", "2024-03-04", D)]),
            ("The war began in 2014.", &[("2014", "2014-01-01", Y)]),
            ("A year later, a truce was signed.", &[("A year later", "2015-01-01", Y)]),
        ],
    },
    Story { publication: WED, sentences: &[("Two days later, he was released.", &[])] },
    // ---- found while probing
    Story { publication: WED, sentences: &[("The event at 2024-03-03T10:00:00Z was logged.", &[("2024-03-03", "2024-03-03", D)])] },
    Story {
        publication: WED,
        sentences: &[("From March to May, prices rose.", &[("March", "2024-03-01", M), ("May", "2023-05-01", M)])],
    },
    Story { publication: WED, sentences: &[("Talks are due to resume on Monday.", &[("Monday", "2024-03-11", D)])] },
    Story { publication: WED, sentences: &[("The vote will be held on Sunday.", &[("Sunday", "2024-03-10", D)])] },
    Story { publication: WED, sentences: &[("On Sunday Turkish forces shelled the town.", &[("Sunday", "2024-03-03", D)])] },
    Story { publication: WED, sentences: &[("The first of March was quiet.", &[("The first of March", "2024-03-01", D)])] },
    Story { publication: WED, sentences: &[("He was killed on Aug. 3rd, police said.", &[("Aug. 3rd", "2023-08-03", D)])] },
    Story { publication: WED, sentences: &[("AUGUST 3 - Rebels attacked.", &[("AUGUST 3", "2023-08-03", D)])] },
    Story { publication: WED, sentences: &[("Early this year, the army advanced.", &[("Early this year", "2024-01-01", Y)])] },
    Story { publication: WED, sentences: &[("He took office 18 months ago.", &[("18 months ago", "2022-09-01", M)])] },
    Story { publication: WED, sentences: &[("Theresa May's government fell in July 2019.", &[("July 2019", "2019-07-01", M)])] },
    Story { publication: WED, sentences: &[("In 2019, protests spread.", &[("2019", "2019-01-01", Y)])] },
    Story { publication: WED, sentences: &[("On March 3, 2000 people marched.", &[("March 3", "2024-03-03", D)])] },
    Story { publication: WED, sentences: &[("In 2000 homes, the power failed.", &[])] },
    Story { publication: WED, sentences: &[("A crowd of 2000 gathered.", &[])] },
    Story { publication: WED, sentences: &[("The event happened on the 31st of February.", &[])] },
    Story { publication: WED, sentences: &[("Over a week ago, the army moved.", &[])] },
    Story { publication: WED, sentences: &[("The next week will be crucial.", &[])] },
    Story {
        publication: "2024-10-15",
        sentences: &[
            ("The spill happened in August last year.", &[("August last year", "2023-08-01", M)]),
            ("The dam burst on March 3 last year.", &[("March 3 last year", "2023-03-03", D)]),
            ("The plant reopened in June of this year.", &[("June of this year", "2024-06-01", M)]),
            ("Prices rose in August.", &[("August", "2024-08-01", M)]),
        ],
    },
    // ---- things that must not be dates
    Story { publication: WED, sentences: &[("Prime Minister Theresa May said the plan may work.", &[])] },
    Story { publication: WED, sentences: &[("May the best team win.", &[])] },
    Story { publication: WED, sentences: &[("Thousands joined a march through the capital.", &[])] },
    Story { publication: WED, sentences: &[("March organisers said the route was blocked.", &[])] },
    Story { publication: WED, sentences: &[("The Sunday Times reported the deal.", &[])] },
    Story { publication: WED, sentences: &[("Sunday Times reporters were detained.", &[])] },
    Story { publication: WED, sentences: &[("The boy, 2 years old, was hurt in the blast.", &[])] },
    Story { publication: WED, sentences: &[("The 21st century has seen many wars.", &[])] },
    Story { publication: WED, sentences: &[("He won by 2000 votes.", &[])] },
    Story { publication: WED, sentences: &[("Shoppers crowded stores on Black Friday.", &[])] },
    Story { publication: WED, sentences: &[("USA Today reported the story.", &[])] },
    Story { publication: WED, sentences: &[("Days later, he was arrested.", &[])] },
    Story { publication: WED, sentences: &[("More than two years ago, the war began.", &[])] },
    Story { publication: WED, sentences: &[("The 3/3 agreement was signed.", &[])] },
    Story { publication: WED, sentences: &[("He ended a two-day visit.", &[])] },
    Story { publication: WED, sentences: &[("He spent 12 years in prison.", &[])] },
    Story { publication: WED, sentences: &[("Violence has increased in the past week.", &[])] },
    Story { publication: WED, sentences: &[("Every Monday, protesters gather in the square.", &[])] },
    Story { publication: WED, sentences: &[("The Good Friday Agreement ended the conflict.", &[])] },
    Story { publication: WED, sentences: &[("After the fall of Kabul, thousands fled.", &[])] },
    Story { publication: WED, sentences: &[("The deal is worth 2,019 million dollars.", &[])] },
];

fn show(v: &[TimeExpr]) -> String {
    v.iter().map(|t| format!("{:?}@{}..{} {} {:?}", t.text, t.start, t.end, t.date, t.precision)).collect::<Vec<_>>().join("; ")
}

#[test]
fn table() {
    let mut failures = Vec::new();
    let mut expressions = 0;
    let mut sentences = 0;
    for story in STORIES {
        let mut r = DateResolver::new(date(story.publication));
        for (text, expected) in story.sentences {
            sentences += 1;
            expressions += expected.len();
            let got = r.sentence(text);
            for t in &got {
                assert_eq!(&text[t.start..t.end], t.text, "span and text disagree in {text:?}");
            }
            let ok = got.len() == expected.len()
                && got.iter().zip(expected.iter()).all(|(g, (et, ed, ep))| {
                    g.text == *et && g.date == date(ed) && g.precision == *ep
                });
            if !ok {
                failures.push(format!(
                    "[{}] {text:?}\n    expected: {:?}\n    got:      {}",
                    story.publication,
                    expected,
                    show(&got)
                ));
            }
        }
    }
    eprintln!("{sentences} sentences, {expressions} expected expressions");
    assert!(expressions >= 60);
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn reference_follows_story() {
    let mut r = DateResolver::new(date(WED));
    assert_eq!(r.reference(), (date(WED), D));
    assert!(!r.has_story_reference());
    r.sentence("Rebels seized the town on March 1.");
    assert_eq!(r.reference(), (date("2024-03-01"), D));
    r.sentence("Nothing happened here.");
    assert_eq!(r.reference(), (date("2024-03-01"), D));
    // A coarser date inside the reference's period does not replace it.
    r.sentence("Fighting continued in March.");
    assert_eq!(r.reference(), (date("2024-03-01"), D));
    r.sentence("The next day, the army counterattacked.");
    assert_eq!(r.reference(), (date("2024-03-02"), D));
}

#[test]
fn precheck_agrees_with_resolver() {
    for story in STORIES {
        for (text, expected) in story.sentences {
            if !expected.is_empty() {
                assert!(might_contain_time(text), "{text:?}");
            }
        }
    }
    assert!(!might_contain_time("Rebels attacked a convoy near the border, killing 12 soldiers."));
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// Random strings built from keyword fragments, ASCII noise, digits and multi-byte characters:
/// no panic, spans on char boundaries, in order and non-overlapping, text equal to the span.
#[test]
fn fuzz_no_panic_and_char_boundaries() {
    const PIECES: &[&str] = &[
        "Monday", "March", "May", "3", "31", "2024", "-", "03", "/", ",", ".", " ", " ", " ", "last", "next",
        "the", "week", "weeks", "day", "days", "later", "ago", "earlier", "early", "mid", "-", "of", "in",
        "on", "first", "weekend", "over", "year", "month", "a", "couple", "two", "will", "said", "today",
        "Today", "yesterday", "tonight", "night", "3rd", "29", "February", "Feb", "Sept", "spring", "é",
        "ü", "—", "“", "”", "’", "日本", "🙂", "\u{a0}", "\u{2009}", "ß", "Ω", "T10", "9999", "0", "1500",
        "2199", "that", "same", "following", "previous", "before", "after", "this", "past", "Sunday",
        "Times", "Black", "Friday", "\n", "\t", "%", "$",
    ];
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let pubs = ["2024-03-06", "2024-02-29", "2025-01-01", "1500-01-01", "2199-12-31", "0001-01-01", "9999-12-31"];
    let mut found = 0usize;
    for round in 0..20_000 {
        let mut s = String::new();
        let n = (rng.next() % 24) as usize;
        for _ in 0..n {
            match rng.next() % 10 {
                // a random byte sequence, made valid UTF-8 lossily
                0 => {
                    let len = (rng.next() % 6) as usize;
                    let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                    s.push_str(&String::from_utf8_lossy(&bytes));
                }
                // a random char
                1 => {
                    if let Some(c) = char::from_u32((rng.next() % 0x11_0000) as u32) {
                        s.push(c);
                    }
                }
                _ => s.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]),
            }
        }
        let publication = date(pubs[round % pubs.len()]);
        let mut r = DateResolver::new(publication);
        for _ in 0..2 {
            let got = r.sentence(&s);
            let mut last = 0;
            for t in &got {
                assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end), "{s:?}: {t:?}");
                assert!(t.start >= last && t.end > t.start, "{s:?}: {t:?}");
                assert_eq!(&s[t.start..t.end], t.text);
                last = t.end;
            }
            found += got.len();
        }
    }
    // The generator does produce expressions, so the checks above are exercised.
    assert!(found > 1000, "only {found} expressions found");
}
