//! `soudan referrals` as text for a person: aligned in terminal cells, in `--lang`.

use std::io::Write;

use super::View;
use crate::domain::Lang;
use crate::referral::answers::Answers;
use crate::referral::directory::{Directory, Entry};
use crate::referral::flow::{Recommendation, Suggestion};
use crate::referral::schedule::jst;
use crate::text::{Align, Table, fit, pad, width};

impl View {
    fn pick<'a>(&self, ja: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(ja, en)
    }

    fn status_text(&self, entry: &Entry) -> String {
        match entry.status_at(self.at) {
            Some(status) => status.summary(self.lang),
            None => self.pick("時間不明", "hours unknown").to_string(),
        }
    }

    fn verified_text(&self, entry: &Entry) -> String {
        let date = entry.verified.to_string();
        if entry.is_stale(self.today) {
            format!("{date} {}", self.pick("要再確認", "stale"))
        } else {
            date
        }
    }

    fn as_of(&self) -> String {
        let at = self.at.with_timezone(&jst()).format("%Y-%m-%d %H:%M");
        match self.lang {
            Lang::Ja => format!("受付状況は {at} 時点"),
            Lang::En => format!("Status as of {at} (Japan time)"),
        }
    }

    /// One line per entry, columns aligned in terminal cells.
    pub(super) fn table(&self, entries: &[&Entry], out: &mut dyn Write) -> std::io::Result<()> {
        const NAME_CELLS: usize = 40;
        let header = [
            "ID",
            self.pick("名称", "Name"),
            self.pick("受付状況", "Status"),
            self.pick("確認日", "Verified"),
        ];
        let rows: Vec<Vec<String>> = std::iter::once(header.map(String::from).to_vec())
            .chain(entries.iter().map(|e| {
                vec![
                    e.id.clone(),
                    fit(e.name(self.lang), NAME_CELLS),
                    self.status_text(e),
                    self.verified_text(e),
                ]
            }))
            .collect();
        writeln!(out, "{}", self.as_of())?;
        let table = Table::fitting(&[Align::Left; 4], &rows).gap("  ");
        for row in &rows {
            writeln!(out, "{}", table.line(row))?;
        }
        Ok(())
    }

    pub(super) fn detail(&self, entry: &Entry, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = self.lang;
        writeln!(out, "{}  [{}]", entry.name(lang), entry.id)?;
        let mut lines: Vec<(&str, String)> = Vec::new();
        if lang == Lang::Ja {
            lines.push(("よみ", entry.reading.clone()));
        } else {
            lines.push(("Japanese", entry.name.clone()));
        }
        if let Some(org) = entry.organization(lang) {
            lines.push((self.pick("運営", "Run by"), org.to_string()));
        }
        if let Some(area) = entry.area(lang) {
            lines.push((self.pick("地域", "Area"), area.to_string()));
        }
        let capabilities: Vec<&str> = entry.capabilities.iter().map(|c| c.label(lang)).collect();
        lines.push((
            self.pick("できること", "Can"),
            capabilities.join(self.pick("・", ", ")),
        ));
        lines.push((self.pick("内容", "Does"), entry.does.pick(lang).to_string()));
        if let Some(does_not) = &entry.does_not {
            lines.push((
                self.pick("しないこと", "Does not"),
                does_not.pick(lang).to_string(),
            ));
        }
        lines.push((
            self.pick("紹介する時", "When"),
            entry.when.pick(lang).to_string(),
        ));
        if !entry.channels.is_empty() {
            let channels: Vec<&str> = entry.channels.iter().map(|c| c.label(lang)).collect();
            lines.push((
                self.pick("連絡方法", "Reach by"),
                channels.join(self.pick("・", ", ")),
            ));
        }
        for phone in &entry.phones {
            let text = match (&phone.note, lang) {
                (Some(note), Lang::Ja) => format!("{}（{}）", phone.number, note.ja),
                (Some(note), Lang::En) => format!("{} ({})", phone.number, note.pick(lang)),
                (None, _) => phone.number.clone(),
            };
            lines.push((self.pick("電話", "Phone"), text));
        }
        for url in &entry.urls {
            lines.push((self.pick("ウェブ", "Web"), url.clone()));
        }
        if let Some(schedule) = &entry.schedule {
            lines.push((self.pick("受付時間", "Hours"), schedule.describe(lang)));
        }
        let at = self.at.with_timezone(&jst()).format("%Y-%m-%d %H:%M");
        let status = match lang {
            Lang::Ja => format!("{}（{at} 時点）", self.status_text(entry)),
            Lang::En => format!("{} (at {at}, Japan time)", self.status_text(entry)),
        };
        lines.push((self.pick("受付状況", "Status"), status));
        lines.push((self.pick("確認日", "Verified"), self.verified_text(entry)));
        let rows: Vec<Vec<&str>> = lines.iter().map(|(l, v)| vec![*l, v.as_str()]).collect();
        let table = Table::fitting(&[Align::Left; 2], &rows)
            .indent("  ")
            .gap("  ");
        for row in &rows {
            writeln!(out, "{}", table.line(row))?;
        }
        Ok(())
    }

    pub(super) fn suggestion(
        &self,
        directory: &Directory,
        answers: &Answers,
        suggestion: &Suggestion,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let name_of = |r: &Recommendation| {
            directory
                .get(&r.entry_id)
                .map_or(r.entry_id.clone(), |e| e.name(self.lang).to_string())
        };
        let lang = self.lang;
        let mut asked: Vec<&str> = answers
            .effective_wants()
            .iter()
            .map(|w| w.label(lang))
            .collect();
        asked.extend(answers.flags.iter().map(|f| f.label(lang)));
        writeln!(
            out,
            "{}: {}",
            self.pick("回答", "Answers"),
            asked.join(self.pick("／", "; "))
        )?;
        writeln!(out, "{}", self.as_of())?;
        writeln!(out)?;
        writeln!(out, "{}", self.pick("おすすめの相談先", "Recommended"))?;
        let names: Vec<String> = suggestion.recommendations.iter().map(name_of).collect();
        let name_cells = names.iter().map(|n| width(n)).max().unwrap_or(0).min(48);
        for (i, (r, name)) in suggestion.recommendations.iter().zip(&names).enumerate() {
            let status = directory
                .get(&r.entry_id)
                .map(|e| self.status_text(e))
                .unwrap_or_default();
            writeln!(out, "{:>3}. {}  {status}", i + 1, pad(name, name_cells))?;
            writeln!(out, "     {}", r.reason(lang))?;
        }
        if !suggestion.withheld.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}", self.pick("案内しない相談先", "Not offered"))?;
            for r in &suggestion.withheld {
                writeln!(out, "   × {}", name_of(r))?;
                writeln!(out, "     {}", r.reason(lang))?;
            }
        }
        if !suggestion.rules.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}", self.pick("実務上の注意", "Practice rules"))?;
            for rule in &suggestion.rules {
                writeln!(out, "   ・{}", rule.title(lang))?;
                writeln!(out, "     {}", rule.text(lang))?;
            }
        }
        Ok(())
    }
}
