//! Random edits of a site's records, from a seed: the same seed gives the same edits, so a
//! failure can be replayed.

/// A small deterministic generator of edits (xorshift), so a failure names its seed's steps.
pub struct Edits(pub u64);

impl Edits {
    pub fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }

    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next(from.len())]
    }

    /// A record of an event with fields drawn at random: a date anywhere in the example's span,
    /// a discloser that may have no page yet, a country no other event names, a retraction,
    /// a link to an example event, a figure in its summary.
    pub fn record(&mut self, n: usize) -> String {
        let date = match self.next(3) {
            0 => format!("{}", 2018 + self.next(3)),
            1 => format!("{}-{:02}", 2018 + self.next(3), 1 + self.next(12)),
            _ => format!(
                "{}-{:02}-{:02}",
                2018 + self.next(3),
                1 + self.next(12),
                1 + self.next(28)
            ),
        };
        let kind = self.pick(&["takedown", "suspension", "report"]);
        let discloser = self.pick(&["facebook", "twitter", "graphika", "google"]);
        let platform = self.pick(&["facebook", "twitter", "instagram", "youtube"]);
        let origin = self.pick(&["IR", "RU", "CN", "VE"]);
        let count = 1 + self.next(5000);
        let qualifier = self.pick(&["", "~", ">"]);
        let status = if self.next(5) == 0 {
            "status: retracted\nretraction: {date: 2020-06-01, reason: Withdrawn in a test.}\n"
        } else {
            ""
        };
        let related = self.pick(&[
            "",
            "related: [2019-05-28-twitter-iran-false-personas]\n",
            "related: [2018-08-23-google-irib-youtube]\n",
        ]);
        let embed = if self.next(4) == 0 {
            "\n\n  {{ figure(id=\"accounts-by-platform\") }}"
        } else {
            ""
        };
        format!(
            "title: Generated event {n} ({kind}, {count})\ndate: {date}\nkind: {kind}\ndiscloser: {discloser}\n{status}removed:\n  {platform}: {{accounts: \"{qualifier}{count}\"}}\norigin: [{origin}]\n{related}sources:\n  - url: https://example.org/generated/{n}\n    title: Source {n}\n    archive: https://web.archive.org/web/2019/https://example.org/generated/{n}\nsummary: |\n  Summary of generated event {n}.{embed}\n"
        )
    }
}
