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
        lang.pick("Correct a week's figure", "Sửa số liệu một tuần"),
        csrf_field(&auth.csrf),
        lang.pick("Project", "Dự án"),
        form.input("correct", "week_ending", lang.pick("Week ending", "Tuần kết thúc ngày"), "date", week),
        form.input(
            "correct",
            "amount",
            lang.pick("Paid in the week (million VND)", "Giải ngân trong tuần (triệu đồng)"),
            "text",
            ""
        ),
        lang.pick("Save the correction", "Lưu số đã sửa"),
    )
}

/// The investor's form to withdraw its figure for a week; `project` is the project field (a
/// hidden one on a project's page, a choice on the investor's).
pub(super) fn withdraw_form(auth: &Auth, form: &FormState, project: &str, week: &str) -> String {
    let lang = auth.lang;
    format!(
        "<form class=\"box\" id=\"withdraw-form\" method=\"post\" action=\"/week/withdraw\">\
         <strong>{}</strong>{}<label>{} {project}</label>{}<button id=\"withdraw-submit\">{}</button></form>",
        lang.pick(
            "Withdraw a week's figure entered by mistake",
            "Rút số liệu một tuần nhập nhầm"
        ),
        csrf_field(&auth.csrf),
        lang.pick("Project", "Dự án"),
        form.input("withdraw", "week_ending", lang.pick("Week ending", "Tuần kết thúc ngày"), "date", week),
        lang.pick("Withdraw", "Rút số liệu"),
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
}
