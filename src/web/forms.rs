//! The forms of the investor's pages and what a rejected form sends back.

use super::prelude::*;
use crate::disbursement::ObstacleStatus;

/// A field of a form (`templates/field.html`).
#[derive(Template)]
#[template(path = "field.html")]
struct Field<'a> {
    form: &'a str,
    name: &'a str,
    label: &'a str,
    kind: &'a str,
    value: &'a str,
    error: Option<&'a str>,
}

/// A choice of a form (`templates/choice.html`): value, label, whether selected.
#[derive(Template)]
#[template(path = "choice.html")]
struct Choice<'a> {
    form: &'a str,
    name: &'a str,
    label: &'a str,
    options: Vec<(&'a str, &'a str, bool)>,
    error: Option<&'a str>,
}

/// A field's error alone (`templates/field_error.html`).
#[derive(Template)]
#[template(path = "field_error.html")]
struct FieldError<'a> {
    form: &'a str,
    name: &'a str,
    error: Option<&'a str>,
}

/// The project a withdrawal is for: the page's own, or one of the investor's to choose.
pub(super) enum ProjectField<'a> {
    Fixed(&'a str),
    Choice(&'a [(String, String)]),
}

/// The withdrawal form (`templates/withdraw_form.html`).
#[derive(Template)]
#[template(path = "withdraw_form.html")]
struct WithdrawForm<'a> {
    lang: Lang,
    csrf: &'a str,
    /// The page's project, or else a choice among `projects`.
    code: Option<&'a str>,
    projects: &'a [(String, String)],
    week: String,
}

/// The investor page's forms (`templates/week_forms.html`): a correction, a withdrawal.
#[derive(Template)]
#[template(path = "week_forms.html")]
struct WeekForms<'a> {
    lang: Lang,
    csrf: &'a str,
    projects: &'a [(String, String)],
    correct: String,
    withdraw: String,
}

speaks!(WithdrawForm, WeekForms);

/// The investor's forms on its page, among its `projects`: correct a week's figure (the weekly
/// report again, which replaces it, answered on the project's page) and withdraw one.
pub(super) fn investor_forms(auth: &Auth, projects: &[(String, String)], week: &str) -> String {
    let lang = auth.lang;
    let form = FormState::default();
    render(&WeekForms {
        lang,
        csrf: &auth.csrf,
        projects,
        correct: [
            form.input(
                "correct",
                "week_ending",
                Msg::WeekEnding.text(lang),
                "date",
                week,
            ),
            form.input(
                "correct",
                "amount",
                Msg::PaidInTheWeekMillionVND.text(lang),
                "text",
                "",
            ),
        ]
        .concat(),
        withdraw: withdraw_form(auth, &form, &ProjectField::Choice(projects), week),
    })
}

/// The investor's form to withdraw its figure for a week.
pub(super) fn withdraw_form(
    auth: &Auth,
    form: &FormState,
    project: &ProjectField,
    week: &str,
) -> String {
    let (code, projects) = match project {
        ProjectField::Fixed(code) => (Some(*code), &[][..]),
        ProjectField::Choice(list) => (None, *list),
    };
    render(&WithdrawForm {
        lang: auth.lang,
        csrf: &auth.csrf,
        code,
        projects,
        week: form.input(
            "withdraw",
            "week_ending",
            Msg::WeekEnding.text(auth.lang),
            "date",
            week,
        ),
    })
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
        render(&FieldError {
            form,
            name,
            error: self.error_of(form, name),
        })
    }

    /// The error of the field `name` when `form` is the form sent back.
    fn error_of(&self, form: &str, name: &str) -> Option<&str> {
        self.errors
            .get(name)
            .filter(|_| self.form == form)
            .map(String::as_str)
    }

    pub(super) fn input(
        &self,
        form: &str,
        name: &str,
        label: &str,
        kind: &str,
        default: &str,
    ) -> String {
        render(&Field {
            form,
            name,
            label,
            kind,
            value: &self.value(form, name, default),
            error: self.error_of(form, name),
        })
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
        render(&Choice {
            form,
            name,
            label,
            options: options
                .iter()
                .map(|(value, text)| (*value, *text, *value == chosen))
                .collect(),
            error: self.error_of(form, name),
        })
    }
}

/// An obstacle's statuses: the value the store keeps, and its label.
const OBSTACLE_STATUSES: [(&str, Msg); 4] = [
    (ObstacleStatus::Open.as_str(), Msg::StatusOpen),
    (ObstacleStatus::InProgress.as_str(), Msg::StatusInProgress),
    (ObstacleStatus::Resolved.as_str(), Msg::StatusResolved),
    (ObstacleStatus::Escalated.as_str(), Msg::StatusEscalated),
];

/// The obstacle statuses as a form's options, labelled in `lang`.
pub(super) fn obstacle_status_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    OBSTACLE_STATUSES
        .iter()
        .map(|(v, m)| (*v, m.text(lang)))
        .collect()
}

/// The stored value of an obstacle status posted as its value or as its label in either
/// language (`đã giải quyết` is `resolved`: [`ObstacleStatus::parse`]); `None` for anything
/// else.
pub(super) fn obstacle_status(posted: &str) -> Option<&'static str> {
    ObstacleStatus::parse(posted)
        .ok()
        .map(ObstacleStatus::as_str)
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
