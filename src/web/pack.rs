//! The leaders' weekly pack (issue 26): the weekly briefing (`reports::briefing`) as its own
//! printable page, or as PDF where the server has a browser to print it. The pack covers every
//! investor, so an investor's account may not read it. For the Treasury's and the admin's
//! accounts the page links to the reconciliation of the same date (`/treasury?as_of=`), which
//! links back.

use super::prelude::*;
use super::province::{as_of_param, source_param};
use crate::document::Document;
use crate::reports::briefing::{briefing, BriefingPeriod};

/// `GET /pack?as_of=YYYY-MM-DD&period=week|month&format=html|pdf&source=…`: the briefing as of
/// `as_of` (default: the pages' week), its change over the week or the month (the monthly
/// meeting's public ranking).
pub(super) async fn pack(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<Fields>,
) -> Result<Response, Response> {
    not_for_investors(&auth, Msg::OnlyLeadersReadThePack)?;
    let lang = auth.lang;
    let asked = as_of_param(&q, lang)?;
    let bad = |what: &str, text: &str| {
        message_page(
            StatusCode::BAD_REQUEST,
            lang,
            Msg::Error.text(lang),
            &format!("{what} {text:?}?"),
        )
    };
    let period = match q.get("period").map(String::as_str) {
        None | Some("") => BriefingPeriod::Week,
        Some(text) => match BriefingPeriod::parse(text) {
            Ok(p) => p,
            Err(_) => return Err(bad("period", text)),
        },
    };
    let pdf = match q.get("format").map(String::as_str) {
        None | Some("" | "html") => false,
        Some("pdf") => true,
        Some(text) => return Err(bad("format", text)),
    };
    if pdf && crate::document::pdf::chromium().is_err() {
        return Err(message_page(
            StatusCode::SERVICE_UNAVAILABLE,
            lang,
            Msg::Error.text(lang),
            Msg::NoPdfPrinter.text(lang),
        ));
    }
    let source = source_param(&q);
    let (d, doc) = read(&state, lang, move |t| {
        let t = &t.view(source).for_one_read();
        let d = match asked {
            Some(d) => d,
            None => as_of(t)?,
        };
        Ok((d, briefing(t, d, period.since(d), lang)?))
    })
    .await?;
    Ok(if pdf {
        print(doc, d, lang).await
    } else if super::treasury::decides(&auth) {
        // The Treasury's and the admin's accounts reach the reconciliation of the same date.
        let link = format!(
            "<body>\n<p><a id=\"treasury-link\" href=\"/treasury?as_of={d}\">{}</a></p>\n",
            Msg::Treasury.text(lang)
        );
        html(StatusCode::OK, doc.to_html().replacen("<body>\n", &link, 1))
    } else {
        html(StatusCode::OK, doc.to_html())
    })
}

/// The pack printed to PDF off the async workers (the browser takes seconds), as a download.
async fn print(doc: Document, d: crate::monitoring::Date, lang: Lang) -> Response {
    match tokio::task::spawn_blocking(move || doc.to_pdf_bytes()).await {
        Ok(Ok(bytes)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"pack-{d}.pdf\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => internal(lang, &e),
        Err(e) => {
            eprintln!("grdpsim serve: error: printing the pack failed: {e}");
            failed(lang)
        }
    }
}
