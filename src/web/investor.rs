//! An investor's projects (count-down and S-curve) and a project's page: history, obstacles,
//! and the forms of the investor and of the Treasury.

use super::forms::{
    correct_form, obstacle_status_label, obstacle_status_options, project_select, withdraw_form,
    FormState,
};
use super::prelude::*;
use crate::disbursement::Level;

// A page written top to bottom, as it reads.
#[allow(clippy::too_many_lines)]
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
    let c = code.clone();
    let read = db(&state, lang, move |t| {
        let Some(name) = investor_name(t, &c)? else {
            return Ok(None);
        };
        let cov = coverage(t)?;
        let d = cov.as_of;
        let mine_named = projects_of(t, &c)?;
        let mine: HashSet<String> = mine_named.iter().map(|p| p.0.clone()).collect();
        let rows: Vec<_> = t
            .countdown(d, Level::Project)?
            .into_iter()
            .filter(|r| mine.contains(&r.key))
            .collect();
        let total = t
            .countdown(d, Level::Investor)?
            .into_iter()
            .find(|r| r.key == c);
        Ok(Some((
            name,
            cov,
            mine_named,
            rows,
            total,
            t.s_curve_of(d, Some(&c), None)?,
        )))
    })
    .await;
    let (name, cov, mine, rows, total, curve) = match read {
        Ok(Some(v)) => v,
        Ok(None) => {
            return not_found(lang, &code);
        }
        Err(r) => return r,
    };
    let mut b = format!("<p>{}</p>", as_of_line(&cov, lang));
    if let Some(t) = &total {
        let _ = write!(
            b,
            "<p>{}: <strong>{}</strong> {m}; {}: <strong>{}</strong> {m} ({} {}); SPI {}</p>",
            Msg::RemainingToPay.text(lang),
            lang.grouped(t.remaining, 1),
            Msg::NeededPerWeek.text(lang),
            lang.grouped(t.needed_per_week, 1),
            t.weeks_left,
            Msg::WeeksLeft.text(lang),
            lang.number(t.spi, 2),
            m = Msg::MillionVND.text(lang),
        );
    }
    b.push_str(&s_curve_svg(&curve, lang, "s-curve-investor"));
    let _ = write!(
        b,
        "<h2>{}</h2><table id=\"projects\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th>SPI</th><th>{}</th></tr>",
        Msg::ProjectsTheFurthestBehindFirst.text(lang),
        Msg::Project.text(lang),
        Msg::Plan.text(lang),
        Msg::Paid.text(lang),
        Msg::Remaining.text(lang),
        Msg::BehindTheMonthlyPlan.text(lang),
        Msg::NeededPerWeekColumn.text(lang),
    );
    for r in &rows {
        let _ = write!(
            b,
            "<tr class=\"{}\"><td><a href=\"/project/{k}\">{k}</a> {}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            r.band.as_str(),
            esc(&r.name),
            lang.grouped(r.plan, 1),
            lang.grouped(r.paid, 1),
            lang.grouped(r.remaining, 1),
            lang.grouped(r.behind, 1),
            lang.number(r.spi, 2),
            lang.grouped(r.needed_per_week, 1),
            k = esc(&r.key),
        );
    }
    b.push_str("</table>");
    if auth.account.may_write_investor_figures(&code) {
        let (select, week) = (project_select(&mine), cov.as_of.to_string());
        b.push_str(&correct_form(&auth, &select, &week));
        b.push_str(&withdraw_form(&auth, &FormState::default(), &select, &week));
    }
    auth.page(&name, &b)
}

pub(super) async fn project(
    State(state): State<Shared>,
    auth: Auth,
    Path(code): Path<String>,
) -> Response {
    render_project(&state, &auth, code, FormState::default()).await
}

// A page written top to bottom, as it reads.
#[allow(clippy::too_many_lines)]
pub(super) async fn render_project(
    state: &Shared,
    auth: &Auth,
    code: String,
    form: FormState,
) -> Response {
    let lang = auth.lang;
    let c = code.clone();
    let read = db(state, lang, move |t| {
        let Some(info) = t.project_info(&c)? else {
            return Ok(None);
        };
        let cov = coverage(t)?;
        let d = cov.as_of;
        let history = rows(
            t,
            "SELECT week_ending,
                    sum(CASE WHEN source = 'investor' THEN amount END),
                    sum(CASE WHEN source = 'treasury' THEN amount END)
             FROM payments WHERE project = ?1 GROUP BY week_ending ORDER BY week_ending DESC",
            [&c],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<f64>>(1)?,
                    r.get::<_, Option<f64>>(2)?,
                ))
            },
        )?;
        let obstacles = rows(
            t,
            "SELECT description, reported, agency, person, coalesce(deadline, ''), status,
                    resolution
             FROM obstacles WHERE project = ?1 ORDER BY reported DESC",
            [&c],
            |r| Ok([0, 1, 2, 3, 4, 5, 6].map(|i| r.get::<_, String>(i).unwrap_or_default())),
        )?;
        let count = t
            .countdown(d, Level::Project)?
            .into_iter()
            .find(|r| r.key == c);
        Ok(Some((
            info,
            cov,
            history,
            obstacles,
            count,
            t.s_curve_of(d, None, Some(&c))?,
        )))
    })
    .await;
    let (info, cov, history, obstacles, count, curve) = match read {
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
    let mut b = String::new();
    if let Some(done) = &form.done {
        let _ = write!(b, "<p class=\"ok\" id=\"done\">{}</p>", esc(done));
    }
    let _ = write!(b, "<p>{}</p>", as_of_line(&cov, lang));
    let _ = write!(
        b,
        "<table><tr><th>{}</th><td><a href=\"/investor/{i}\">{}</a></td></tr>\
         <tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td id=\"responsible\">{}</td></tr>\
         <tr><th>{}</th><td>{}</td></tr></table>",
        Msg::Investor.text(lang),
        esc(&info.investor_name),
        Msg::CapitalSource.text(lang),
        esc(&info.source),
        Msg::Responsible.text(lang),
        esc(&info.responsible),
        Msg::Location.text(lang),
        esc(&info.location),
        i = esc(&info.investor),
    );
    if let Some(r) = &count {
        let _ = write!(
            b,
            "<p class=\"{}\">{} {d}: {} {m} {}, {} {} {} {} {m}, SPI {}</p>",
            r.band.as_str(),
            Msg::CountDownTo.text(lang),
            lang.grouped(r.remaining, 1),
            Msg::RemainingInline.text(lang),
            r.weeks_left,
            Msg::WeeksLeftComma.text(lang),
            Msg::NeededPerWeek.text(lang),
            lang.grouped(r.needed_per_week, 1),
            lang.number(r.spi, 2),
            m = Msg::MillionVND.text(lang),
        );
    }
    b.push_str(&s_curve_svg(&curve, lang, "s-curve-project"));
    let a = &auth.account;
    let csrf = csrf_field(&auth.csrf);
    let hidden = format!(
        "<input type=\"hidden\" name=\"project\" value=\"{}\">",
        esc(&info.code)
    );
    if a.may_write_investor_figures(&info.investor) {
        let _ = write!(
            b,
            "<form class=\"box\" id=\"week-form\" method=\"post\" action=\"/week\">\
             <strong>{}</strong>{csrf}{hidden}{}{}{}<button id=\"week-submit\">{}</button></form>",
            Msg::WeeklyReportInvestor.text(lang),
            form.input(
                "week",
                "week_ending",
                Msg::WeekEnding.text(lang),
                "date",
                &d.to_string()
            ),
            form.input(
                "week",
                "amount",
                Msg::PaidInTheWeekMillionVND.text(lang),
                "text",
                ""
            ),
            form.error("week", "project"),
            Msg::Save.text(lang),
        );
        let _ = write!(
            b,
            "<form class=\"box\" id=\"obstacle-form\" method=\"post\" action=\"/obstacle\">\
             <strong>{}</strong>{csrf}{hidden}{}{}{}{}{}{}{}<button id=\"obstacle-submit\">{}</button></form>",
            Msg::ObstacleNewOrUpdateByIts.text(lang),
            form.input("obstacle", "description", Msg::Description.text(lang), "text", ""),
            form.input("obstacle", "reported", Msg::ReportedOn.text(lang), "date", &d.to_string()),
            form.input("obstacle", "agency", Msg::AgencyToResolveIt.text(lang), "text", ""),
            form.input("obstacle", "person", Msg::PersonResponsible.text(lang), "text", ""),
            form.input("obstacle", "deadline", Msg::Deadline.text(lang), "date", ""),
            form.select("obstacle", "status", Msg::ObstacleStatus.text(lang), &obstacle_status_options(lang), "open"),
            form.error("obstacle", "project"),
            Msg::Save.text(lang),
        );
        let _ = write!(
            b,
            "<form class=\"box\" id=\"responsible-form\" method=\"post\" action=\"/responsible\">\
             <strong>{}</strong>{csrf}{hidden}{}<button id=\"responsible-submit\">{}</button></form>",
            Msg::ResponsiblePerson.text(lang),
            form.input("responsible", "responsible", Msg::FullName.text(lang), "text", &info.responsible),
            Msg::Save.text(lang),
        );
        b.push_str(&withdraw_form(
            auth,
            &form,
            &format!("{hidden}<strong>{}</strong>", esc(&info.code)),
            &d.to_string(),
        ));
    }
    if matches!(a.role, Role::Treasury | Role::Admin) {
        let _ = write!(
            b,
            "<form class=\"box\" id=\"treasury-form\" method=\"post\" action=\"/treasury/payment\">\
             <strong>{}</strong>{csrf}{hidden}{}{}<button id=\"treasury-submit\">{}</button></form>",
            Msg::PaymentRecordedByTheStateTreasury.text(lang),
            form.input("treasury", "week_ending", Msg::WeekEnding.text(lang), "date", &d.to_string()),
            form.input("treasury", "amount", Msg::TreasuryPaidInTheWeek.text(lang), "text", ""),
            Msg::Save.text(lang),
        );
    }
    let _ = write!(
        b,
        "<h2>{}</h2><table id=\"obstacles\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th><th>{}</th></tr>",
        Msg::Obstacles.text(lang),
        Msg::Description.text(lang),
        Msg::Reported.text(lang),
        Msg::Agency.text(lang),
        Msg::Person.text(lang),
        Msg::DeadlineColumn.text(lang),
        Msg::ObstacleStatus.text(lang),
        Msg::Resolution.text(lang),
    );
    for o in &obstacles {
        b.push_str("<tr>");
        for (i, cell) in o.iter().enumerate() {
            let shown = if i == 5 {
                obstacle_status_label(cell, lang)
            } else {
                cell.clone()
            };
            let _ = write!(b, "<td>{}</td>", esc(&shown));
        }
        b.push_str("</tr>");
    }
    let _ = write!(
        b,
        "</table><h2>{}</h2>{}",
        Msg::WeeklyPayments.text(lang),
        table_head(
            "history",
            &[
                Msg::WeekEndingColumn.text(lang),
                Msg::InvestorsReport.text(lang),
                Msg::TreasuryColumn.text(lang),
            ],
        ),
    );
    for (w, inv, tre) in &history {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(w),
            inv.map_or("–".into(), |x| lang.grouped(x, 1)),
            tre.map_or("–".into(), |x| lang.grouped(x, 1)),
        );
    }
    b.push_str("</table>");
    let mut r = auth.page(&format!("{} · {}", info.code, info.name), &b);
    if !form.errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}
