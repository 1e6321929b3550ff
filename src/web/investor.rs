//! An investor's projects (count-down and S-curve) and a project's page: history, obstacles,
//! and the forms of the investor and of the Treasury.

use super::forms::{
    investor_forms, obstacle_status_label, obstacle_status_options, withdraw_form, FormState,
    ProjectField,
};
use super::prelude::*;
use crate::disbursement::{CountdownRow, Coverage, PlanBasis, ProjectInfo, SCurvePoint, Tracker};
use crate::monitoring::Date;

/// A count-down row (a project, or the investor's total), as the page writes it.
struct Countdown<'a> {
    /// Its band as a class (`green`, `amber`, `red`).
    band: &'static str,
    key: &'a str,
    name: &'a str,
    plan: String,
    paid: String,
    remaining: String,
    behind: String,
    spi: String,
    needed: String,
    weeks_left: u32,
    /// Which plan the SPI is measured against, in the page's language.
    basis: &'static str,
}

/// A count-down row in the page's notation.
fn countdown(r: &CountdownRow, lang: Lang) -> Countdown<'_> {
    Countdown {
        band: r.band.as_str(),
        key: &r.key,
        name: &r.name,
        plan: lang.grouped(r.plan, 1),
        paid: lang.grouped(r.paid, 1),
        remaining: lang.grouped(r.remaining, 1),
        behind: lang.grouped(r.behind, 1),
        spi: lang.number(r.spi, 2),
        needed: lang.grouped(r.needed_per_week, 1),
        weeks_left: r.weeks_left,
        basis: match r.plan_basis {
            PlanBasis::Weekly => Msg::PlanBasisWeekly.text(lang),
            PlanBasis::Monthly => Msg::PlanBasisMonthly.text(lang),
            PlanBasis::Mixed | PlanBasis::None => "",
        },
    }
}

/// An investor's page body (`templates/investor.html`).
#[derive(Template)]
#[template(path = "investor.html")]
struct InvestorPage<'a> {
    lang: Lang,
    as_of_line: String,
    total: Option<Countdown<'a>>,
    curve: String,
    rows: Vec<Countdown<'a>>,
    /// The investor's forms, already rendered (for the accounts that write its figures).
    forms: String,
}

speaks!(InvestorPage, ProjectPage);

/// What an investor's page reads: its name, the coverage of the page's week, its projects,
/// their count-down rows and its own, and its S-curve; `None` for an unknown investor.
pub(super) type Read = Option<(
    String,
    Coverage,
    Vec<(String, String)>,
    Vec<CountdownRow>,
    Option<CountdownRow>,
    Vec<SCurvePoint>,
)>;

/// The investor `code`'s page's reads ([`Read`]).
fn investor_read(t: &Tracker, code: &str) -> Result<Read, GrdpsimError> {
    let Some(name) = t.investor_name(code)? else {
        return Ok(None);
    };
    let cov = coverage(t)?;
    let d = cov.as_of;
    let mine_named = t.projects_of(code)?;
    let (rows, total) = t.investor_countdown(d, code)?;
    Ok(Some((
        name,
        cov,
        mine_named,
        rows,
        total,
        t.s_curve_of(d, Some(code), None)?,
    )))
}

pub(super) async fn investor(
    State(state): State<Shared>,
    auth: Auth,
    Path(code): Path<String>,
) -> Response {
    let lang = auth.lang;
    if !auth.account.may_read(&code) {
        return forbidden(
            lang,
            &format!("{} {code}", Msg::ThisAccountMayNotReadThe.text(lang)),
        );
    }
    let (c, shared) = (code.clone(), state.clone());
    let read = read(&state, lang, move |t| {
        shared.investor.get_or(&t.shared_store(), &c, || {
            investor_read(&t.for_one_read(), &c)
        })
    })
    .await;
    let (name, cov, mine, rows, total, curve) = match read {
        Ok(Some(v)) => v,
        Ok(None) => {
            return not_found(lang, &code);
        }
        Err(r) => return r,
    };
    let count = |r| countdown(r, lang);
    let forms = if auth.account.may_write_investor_figures(&code) {
        investor_forms(&auth, &mine, &cov.as_of.to_string())
    } else {
        String::new()
    };
    let b = render(&InvestorPage {
        lang,
        as_of_line: as_of_line(&cov, lang),
        total: total.as_ref().map(count),
        curve: s_curve_svg(&curve, lang, "s-curve-investor"),
        rows: rows.iter().map(count).collect(),
        forms,
    });
    auth.page(&name, &b)
}

pub(super) async fn project(
    State(state): State<Shared>,
    auth: Auth,
    Path(code): Path<String>,
) -> Response {
    render_project(&state, &auth, code, FormState::default()).await
}

/// The fields of a project's forms, already rendered with what a rejected form sent back.
struct FormFields {
    week: String,
    /// A week of the investor's plan.
    plan: String,
    obstacle: String,
    responsible: String,
    /// The whole withdrawal form.
    withdraw: String,
    treasury: String,
}

/// The fields of a project's forms as `form` sends them back, the week `week` proposed.
fn form_fields(auth: &Auth, form: &FormState, info: &ProjectInfo, week: &str) -> FormFields {
    let lang = auth.lang;
    let paid = ("amount", Msg::PaidInTheWeekMillionVND);
    let treasury = ("amount", Msg::TreasuryPaidInTheWeek);
    let planned = ("planned", Msg::PlannedForTheWeekMillionVND);
    FormFields {
        week: week_amount_fields(form, lang, "week", paid, week, true),
        plan: week_amount_fields(form, lang, "plan", planned, week, false),
        obstacle: obstacle_fields(form, lang, week),
        responsible: form.input(
            "responsible",
            "responsible",
            Msg::FullName.text(lang),
            "text",
            &info.responsible,
        ),
        withdraw: withdraw_form(auth, form, &ProjectField::Fixed(&info.code), week),
        treasury: week_amount_fields(form, lang, "treasury", treasury, week, true),
    }
}

/// The fields of the form `name` that types a week's amount: the week (`week` proposed), the
/// amount in its field `amount` labelled `label`, with `source` the capital source (empty: the
/// project's own), and the import's refusal of the project.
fn week_amount_fields(
    form: &FormState,
    lang: Lang,
    name: &str,
    (amount, label): (&str, Msg),
    week: &str,
    source: bool,
) -> String {
    let text = |field: &str, label: Msg| form.input(name, field, label.text(lang), "text", "");
    let mut fields = vec![
        form.input(
            name,
            "week_ending",
            Msg::WeekEnding.text(lang),
            "date",
            week,
        ),
        text(amount, label),
    ];
    if source {
        fields.push(text("capital_source", Msg::CapitalSourceOwnIfEmpty));
    }
    fields.push(form.error(name, "project"));
    fields.concat()
}

/// The fields of the obstacle form: what it is, who resolves it by when, its status (chosen
/// from the list in the page's language), and the result with its date.
fn obstacle_fields(form: &FormState, lang: Lang, week: &str) -> String {
    let text = |name: &str, label: Msg| form.input("obstacle", name, label.text(lang), "text", "");
    let date = |name: &str, label: Msg, default: &str| {
        form.input("obstacle", name, label.text(lang), "date", default)
    };
    [
        text("description", Msg::Description),
        date("reported", Msg::ReportedOn, week),
        text("agency", Msg::AgencyToResolveIt),
        text("person", Msg::PersonResponsible),
        date("deadline", Msg::Deadline, ""),
        form.select(
            "obstacle",
            "status",
            Msg::ObstacleStatus.text(lang),
            &obstacle_status_options(lang),
            "open",
        ),
        text("resolution", Msg::Resolution),
        date("resolved_on", Msg::ResolvedOn, ""),
        form.error("obstacle", "project"),
    ]
    .concat()
}

/// A project's page body (`templates/project.html`).
#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage<'a> {
    lang: Lang,
    done: Option<&'a str>,
    as_of_line: String,
    info: &'a ProjectInfo,
    as_of: Date,
    count: Option<Countdown<'a>>,
    curve: String,
    csrf: &'a str,
    /// Whether the account writes the investor's figures, and the Treasury's.
    investor_forms: bool,
    treasury_form: bool,
    fields: FormFields,
    /// Description, reported, agency, person, deadline, status (in the page's language),
    /// resolution.
    obstacles: Vec<[String; 7]>,
    /// Week, the investor's figure, the Treasury's.
    history: Vec<(String, String, String)>,
    /// The weeks the Treasury sent back: week, the investor's figure, the Treasury's, the note.
    sent_back: Vec<[String; 4]>,
    /// The investor's weekly plan: week ending, planned.
    weekly: Vec<(String, String)>,
}

pub(super) async fn render_project(
    state: &Shared,
    auth: &Auth,
    code: String,
    form: FormState,
) -> Response {
    let lang = auth.lang;
    let c = code.clone();
    let read = read(state, lang, move |t| {
        // The projects and running totals read once for the page's views.
        let t = &t.for_one_read();
        let Some(info) = t.project_info(&c)? else {
            return Ok(None);
        };
        let cov = coverage(t)?;
        let d = cov.as_of;
        let history = t.payment_history(&c)?;
        let obstacles = t.obstacles_of(&c)?;
        let sent_back = t.sent_back_of(&c)?;
        let weekly = t.weekly_plans(Some(&c))?;
        // The project's row of its investor's count-down, and its S-curve among its
        // investor's projects: the same figures as the province's, from the plans and
        // payments of those projects alone (issue 27: this page, which answers each update,
        // read every project's).
        let inv = info.investor.as_str();
        let count = t
            .investor_countdown(d, inv)?
            .0
            .into_iter()
            .find(|r| r.key == c);
        let curve = t.s_curve_of(d, Some(inv), Some(&c))?;
        Ok(Some((
            (info, cov, history, obstacles),
            count,
            weekly,
            curve,
            sent_back,
        )))
    })
    .await;
    let ((info, cov, history, obstacles), count, weekly, curve, sent_back) = match read {
        Ok(Some(v)) => v,
        // An unknown project and another investor's look the same to an investor.
        Ok(None) if auth.account.role == Role::Investor => return auth.refuse_project(&code),
        Ok(None) => return not_found(lang, &code),
        Err(r) => return r,
    };
    if !auth.account.may_read(&info.investor) {
        return auth.refuse_project(&code);
    }
    let d = cov.as_of;
    let fields = form_fields(auth, &form, &info, &d.to_string());
    let a = &auth.account;
    let b = render(&ProjectPage {
        lang,
        done: form.done.as_deref(),
        as_of_line: as_of_line(&cov, lang),
        info: &info,
        as_of: d,
        count: count.as_ref().map(|r| countdown(r, lang)),
        curve: s_curve_svg(&curve, lang, "s-curve-project"),
        csrf: &auth.csrf,
        investor_forms: a.may_write_investor_figures(&info.investor),
        treasury_form: matches!(a.role, Role::Treasury | Role::Admin),
        fields,
        obstacles: obstacles
            .into_iter()
            .map(|mut o| {
                o[5] = obstacle_status_label(&o[5], lang);
                o
            })
            .collect(),
        history: history
            .iter()
            .map(|(w, inv, tre)| {
                let amount = |x: &Option<f64>| x.map_or("–".into(), |x| lang.grouped(x, 1));
                (w.clone(), amount(inv), amount(tre))
            })
            .collect(),
        sent_back: sent_back
            .iter()
            .map(|w| {
                let amount = |x: Option<f64>| x.map_or("–".into(), |x| lang.grouped(x, 1));
                let week = w.week_ending.to_string();
                [week, amount(w.reported), amount(w.treasury), w.note.clone()]
            })
            .collect(),
        weekly: weekly
            .iter()
            .map(|w| (w.week_ending.to_string(), lang.grouped(w.planned, 1)))
            .collect(),
    });
    let mut r = auth.page(&format!("{} · {}", info.code, info.name), &b);
    if !form.errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}
