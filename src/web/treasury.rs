//! The State Treasury: its reconciliation (as of a chosen date, week by week and cumulated per
//! project, each week's difference accepted with a note or sent back to the investor) and the
//! payments it enters.

use super::entries::Writable;
use super::prelude::*;
use super::upload::upload_form;
use crate::disbursement::{
    Decision, DifferenceState, PaymentSource, Reconciliation, WeekDifference,
};
use crate::monitoring::Date;

/// Differences within this many million VND are left out of the page.
const TOLERANCE: f64 = 0.5;

/// A differing project-week, as the page writes it.
struct WeekRow<'a> {
    w: &'a WeekDifference,
    reported: String,
    treasury: String,
    gap: String,
    state: Msg,
}

/// A project's cumulative difference, as the page writes it.
struct ProjectRow<'a> {
    project: &'a str,
    investor: &'a str,
    reported: String,
    treasury: String,
    gap: String,
    counts: [usize; 3],
}

/// The reconciliation page's body (`templates/treasury.html`).
#[derive(Template)]
#[template(path = "treasury.html")]
struct ReconciliationPage<'a> {
    lang: Lang,
    as_of: Date,
    /// What the last decision did (saved) or why it was refused.
    done: Option<&'a str>,
    problem: Option<&'a str>,
    weeks: Vec<WeekRow<'a>>,
    projects: Vec<ProjectRow<'a>>,
    /// The state the weeks are filtered on, if any, and the choice of states: code, label,
    /// whether chosen.
    only: Option<&'static str>,
    states: Vec<(&'static str, &'static str, bool)>,
    /// Whether the account decides on differences (the Treasury, the administrator).
    decides: bool,
    csrf: &'a str,
    /// The upload form, for the accounts that enter payments.
    upload: Option<String>,
}

speaks!(ReconciliationPage);

/// The state's words on the page.
pub(super) fn state_label(s: DifferenceState) -> Msg {
    match s {
        DifferenceState::Open => Msg::StateOpen,
        DifferenceState::Accepted => Msg::StateAccepted,
        DifferenceState::SentBack => Msg::StateSentBack,
    }
}

pub(super) fn decides(auth: &Auth) -> bool {
    matches!(auth.account.role, Role::Treasury | Role::Admin)
}

/// A date typed in the page (`?as_of=`, a form's field), or the page refusing it by name.
fn date_field(lang: Lang, text: &str) -> Result<Date, Response> {
    text.parse().map_err(|_| {
        message_page(
            StatusCode::BAD_REQUEST,
            lang,
            Msg::Error.text(lang),
            &format!("{text:?} {}", Msg::NotADate.text(lang)),
        )
    })
}

pub(super) async fn treasury(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<Fields>,
) -> Result<Response, Response> {
    not_for_investors(&auth, Msg::TheReconciliationCoversEveryInvestorsProjects)?;
    let lang = auth.lang;
    let as_of = q.get("as_of").map(|s| s.trim()).filter(|s| !s.is_empty());
    let as_of = as_of.map(|text| date_field(lang, text)).transpose()?;
    // The weeks in one state only (`?state=open`): a province has hundreds of weeks differing.
    let only = q.get("state").map(|s| s.trim()).filter(|s| !s.is_empty());
    let only = match only.map(|text| DifferenceState::parse(text).map_err(|_| text)) {
        Some(Err(text)) => {
            let text = format!(
                "{}: {} {text:?}",
                Msg::Problem.text(lang),
                Msg::DifferenceState.text(lang).to_lowercase()
            );
            let page = message_page(StatusCode::BAD_REQUEST, lang, Msg::Error.text(lang), &text);
            return Err(page);
        }
        Some(Ok(s)) => Some(s),
        None => None,
    };
    let view = View { as_of, only };
    Ok(show(&state, &auth, view, None, StatusCode::OK).await)
}

/// The date and the state a reconciliation page shows (`None`: the pages' default week, every
/// state).
#[derive(Clone, Copy)]
struct View {
    as_of: Option<Date>,
    only: Option<DifferenceState>,
}

/// The page as of `as_of` (the pages' default week without one), with what the last decision
/// did (`notice`: whether it was refused, and the sentence).
async fn show(
    state: &Shared,
    auth: &Auth,
    view: View,
    notice: Option<(bool, String)>,
    status: StatusCode,
) -> Response {
    let lang = auth.lang;
    let read = read(state, lang, move |t| {
        let d = match view.as_of {
            Some(d) => d,
            None => super::reads::as_of(t)?,
        };
        t.reconciliation(d, TOLERANCE)
    })
    .await;
    let r: Reconciliation = match read {
        Ok(v) => v,
        Err(r) => return r,
    };
    let amount = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |x| lang.grouped(x, 1));
    let weeks = r
        .weeks
        .iter()
        .filter(|w| view.only.is_none_or(|s| w.state == s))
        .map(|w| WeekRow {
            w,
            reported: amount(w.reported),
            treasury: amount(w.treasury),
            gap: lang.grouped(w.difference, 1),
            state: state_label(w.state),
        })
        .collect();
    let projects = r
        .projects
        .iter()
        .map(|p| ProjectRow {
            project: &p.project,
            investor: &p.investor,
            reported: lang.grouped(p.reported, 1),
            treasury: lang.grouped(p.treasury, 1),
            gap: lang.grouped(p.difference, 1),
            counts: [p.weeks_open, p.weeks_accepted, p.weeks_sent_back],
        })
        .collect();
    let (done, problem) = match &notice {
        Some((false, s)) => (Some(s.as_str()), None),
        Some((true, s)) => (None, Some(s.as_str())),
        None => (None, None),
    };
    let b = render(&ReconciliationPage {
        lang,
        as_of: r.as_of,
        done,
        problem,
        weeks,
        projects,
        only: view.only.map(DifferenceState::as_str),
        states: [
            DifferenceState::Open,
            DifferenceState::Accepted,
            DifferenceState::SentBack,
        ]
        .into_iter()
        .map(|s| (s.as_str(), state_label(s).text(lang), view.only == Some(s)))
        .collect(),
        decides: decides(auth),
        csrf: &auth.csrf,
        upload: decides(auth).then(|| upload_form(auth)),
    });
    let mut page = auth.page(Msg::TreasuryReconciliation.text(lang), &b);
    *page.status_mut() = status;
    page
}

/// The Treasury's decision on a project-week's difference: accepted with a note or sent back to
/// the investor (the Treasury and the administrator only); the page again as of the date it
/// was taken on, saying what was done or why not.
pub(super) async fn treasury_decision(
    State(state): State<Shared>,
    auth: Auth,
    Form(f): Form<Fields>,
) -> Result<Response, Response> {
    let lang = auth.lang;
    if !decides(&auth) {
        return Err(forbidden(
            lang,
            Msg::OnlyTheTreasuryDecidesDifferences.text(lang),
        ));
    }
    auth.check_csrf(&f)?;
    let week = date_field(lang, field(&f, "week_ending"))?;
    let as_of = match field(&f, "as_of") {
        "" => None,
        text => Some(date_field(lang, text)?),
    };
    let decision = Decision::parse(field(&f, "decision")).map_err(|e| {
        let text = format!("{}: {}", Msg::Problem.text(lang), e.message(lang));
        message_page(StatusCode::BAD_REQUEST, lang, Msg::Error.text(lang), &text)
    })?;
    let project = field(&f, "project").to_owned();
    let note = f.get("note").cloned().unwrap_or_default();
    let (p, who) = (project.clone(), auth.account.name.clone());
    let out = db(&state, lang, move |t| {
        Ok(t.decide_difference(&p, week, decision, &note, &who))
    })
    .await;
    let subject = format!("{project}, {week}");
    let (notice, status) = match out {
        Ok(Ok(())) => {
            let label = state_label(decision.into()).text(lang);
            let text = format!("{} {subject}: {label}", Msg::DecisionSaved.text(lang));
            ((false, text), StatusCode::OK)
        }
        Ok(Err(GrdpsimError::NoDifference { .. })) => (
            (
                true,
                format!("{} {subject}", Msg::NoDifferenceToDecide.text(lang)),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Ok(Err(GrdpsimError::InvalidArgument { .. })) => (
            (
                true,
                format!("{} {subject}", Msg::ADecisionNeedsANote.text(lang)),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Ok(Err(e)) => return Err(internal(lang, &e)),
        Err(r) => return Err(r),
    };
    let only = DifferenceState::parse(field(&f, "only")).ok();
    Ok(show(&state, &auth, View { as_of, only }, Some(notice), status).await)
}

/// The Treasury's payment in a week of any project.
pub(super) async fn treasury_payment(w: Writable<true>) -> Response {
    w.save_payment("treasury", PaymentSource::Treasury).await
}
