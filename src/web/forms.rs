//! The forms of the investor's pages and what a rejected form sends back.

use super::prelude::*;

/// A choice among the investor's own projects (code, name).
pub(super) fn project_select(projects: &[(String, String)]) -> String {
    let mut out = String::from("<select name=\"project\">");
    for (code, name) in projects {
        let _ = write!(
            out,
            "<option value=\"{0}\">{0} {1}</option>",
            esc(code),
            esc(name)
        );
    }
    out.push_str("</select>");
    out
}

/// The investor's form to correct a week's figure: the weekly report again, which replaces
/// it (answered on the project's page, like the weekly report); `project` is the project field.
pub(super) fn correct_form(auth: &Auth, project: &str, week: &str) -> String {
    let lang = auth.lang;
    let form = FormState::default();
    format!(
        "<form class=\"box\" id=\"correct-form\" method=\"post\" action=\"/week\">\
         <strong>{}</strong>{}<label>{} {project}</label>{}{}<button id=\"correct-submit\">{}</button></form>",
        Msg::CorrectAWeeksFigure.text(lang),
        csrf_field(&auth.csrf),
        Msg::Project.text(lang),
        form.input("correct", "week_ending", Msg::WeekEnding.text(lang), "date", week),
        form.input(
            "correct",
            "amount",
            Msg::PaidInTheWeekMillionVND.text(lang),
            "text",
            ""
        ),
        Msg::SaveTheCorrection.text(lang),
    )
}

/// The investor's form to withdraw its figure for a week; `project` is the project field (a
/// hidden one on a project's page, a choice on the investor's).
pub(super) fn withdraw_form(auth: &Auth, form: &FormState, project: &str, week: &str) -> String {
    let lang = auth.lang;
    format!(
        "<form class=\"box\" id=\"withdraw-form\" method=\"post\" action=\"/week/withdraw\">\
         <strong>{}</strong>{}<label>{} {project}</label>{}<button id=\"withdraw-submit\">{}</button></form>",
        Msg::WithdrawAWeeksFigureEnteredBy.text(lang),
        csrf_field(&auth.csrf),
        Msg::Project.text(lang),
        form.input("withdraw", "week_ending", Msg::WeekEnding.text(lang), "date", week),
        Msg::Withdraw.text(lang),
    )
}

/// What a rejected form sends back: the values typed and the error of each field.
#[derive(Default)]
pub(super) struct FormState {
    pub(super) form: &'static str,
    pub(super) values: Fields,
    pub(super) errors: HashMap<String, String>,
    pub(super) done: Option<String>,
}

impl FormState {
    pub(super) fn value(&self, form: &str, name: &str, default: &str) -> String {
        if self.form == form {
            self.values
                .get(name)
                .cloned()
                .unwrap_or_else(|| default.to_owned())
        } else {
            default.to_owned()
        }
    }

    pub(super) fn error(&self, form: &str, name: &str) -> String {
        match self.errors.get(name) {
            Some(e) if self.form == form => {
                format!(
                    " <span class=\"err\" id=\"{form}-{name}-error\">{}</span>",
                    esc(e)
                )
            }
            _ => String::new(),
        }
    }

    pub(super) fn input(
        &self,
        form: &str,
        name: &str,
        label: &str,
        kind: &str,
        default: &str,
    ) -> String {
        format!(
            "<label>{label} <input name=\"{name}\" id=\"{form}-{name}\" type=\"{kind}\" \
             value=\"{}\">{}</label>",
            esc(&self.value(form, name, default)),
            self.error(form, name)
        )
    }

    /// A choice among `options` (program value, label in the page's language), the value
    /// typed before (or `default`) selected: what is posted is the program value whatever the
    /// page's language.
    pub(super) fn select(
        &self,
        form: &str,
        name: &str,
        label: &str,
        options: &[(&str, &str)],
        default: &str,
    ) -> String {
        let chosen = self.value(form, name, default);
        let mut out = format!("<label>{label} <select name=\"{name}\" id=\"{form}-{name}\">");
        for (value, text) in options {
            let selected = if *value == chosen { " selected" } else { "" };
            let _ = write!(
                out,
                "<option value=\"{}\"{selected}>{}</option>",
                esc(value),
                esc(text)
            );
        }
        let _ = write!(out, "</select>{}</label>", self.error(form, name));
        out
    }
}

/// An obstacle's statuses: the value the store keeps, and its label.
const OBSTACLE_STATUSES: [(&str, Msg); 2] =
    [("open", Msg::StatusOpen), ("resolved", Msg::StatusResolved)];

/// The obstacle statuses as a form's options, labelled in `lang`.
pub(super) fn obstacle_status_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    OBSTACLE_STATUSES
        .iter()
        .map(|(v, m)| (*v, m.text(lang)))
        .collect()
}

/// The stored value of an obstacle status posted as its value or as its label in either
/// language (`đã giải quyết` is `resolved`); `None` for anything else.
pub(super) fn obstacle_status(posted: &str) -> Option<&'static str> {
    let posted = posted.trim().to_lowercase();
    OBSTACLE_STATUSES.iter().find_map(|(v, m)| {
        let named = *v == posted || Lang::ALL.iter().any(|l| m.text(*l) == posted);
        named.then_some(*v)
    })
}

/// How a stored obstacle status reads in `lang` (an unknown one as stored).
pub(super) fn obstacle_status_label(stored: &str, lang: Lang) -> String {
    OBSTACLE_STATUSES
        .iter()
        .find(|(v, _)| *v == stored)
        .map_or_else(|| stored.to_owned(), |(_, m)| m.text(lang).to_owned())
}

/// The amount typed in a form, read as the page displays numbers (`1.250,5` on a Vietnamese
/// page, `1,250.5` on an English one, `1250.5` on both: [`Lang::parse_number`]), written as
/// the import's plain figure; or why not, in the page's language.
pub(super) fn amount_cell(typed: &str, lang: Lang) -> Result<String, String> {
    match lang.parse_number(typed) {
        Ok(x) if x < 0.0 => Err(Msg::NegativeAmount.text(lang).to_owned()),
        Ok(x) => Ok(x.to_string()),
        Err(e) => Err(e.message(lang)),
    }
}
