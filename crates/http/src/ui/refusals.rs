//! Why the app refuses something (`AppError::Forbidden`, `AppError::Conflict`), on an error
//! page in the page's language. The app and the core write these reasons as fixed English
//! sentences (the API sends them as they are); a page reads a sentence it knows back into its
//! language, and shows one it does not know (one with a day or a name in it) as written. The unit
//! test holds each English message equal to its sentence, and each sentence to one the app or
//! the core still writes.

use crate::i18n::Tr;

/// `why` in `tr`'s language when it is one of the app's fixed reasons; else as written.
pub fn refusal(tr: &Tr, why: &str) -> String {
    match why {
        "observers can read but not change anything" => tr.t("why-observers"),
        "only coordinators and owners can do this" => tr.t("why-coordinators"),
        "only coordinators and owners can change how a partnership is surveyed" => tr.t("why-survey-settings"),
        "only coordinators and owners can close a survey" => tr.t("why-survey-close"),
        "only coordinators and owners can hand out survey links" => tr.t("why-survey-links"),
        "only coordinators and owners can send surveys" => tr.t("why-survey-send"),
        "only coordinators and owners can import" => tr.t("why-import"),
        "only coordinators and owners can manage webhooks" => tr.t("why-webhooks"),
        "only coordinators and owners can publish a partnership's calendar feed" => tr.t("why-feed"),
        "only coordinators and owners can read the activity log" => tr.t("why-activity"),
        "only coordinators and owners save reports, write summaries and share them" => tr.t("why-reports"),
        "only coordinators and the organisation's own members can change its contacts" => tr.t("why-contacts"),
        "only coordinators and the organisation's own members can edit it" => tr.t("why-organization"),
        "only owners can change people's roles" => tr.t("why-roles"),
        "only owners can change the trust settings" => tr.t("why-trust-settings"),
        "only owners can change the workspace's language" => tr.t("why-workspace-language"),
        "only owners can change the workspace's time zone" => tr.t("why-time-zone"),
        "only owners can rename the workspace" => tr.t("why-rename"),
        "your role cannot invite people" => tr.t("why-invite"),
        "your role cannot invite people with this role" => tr.t("why-invite-role"),
        "you are not invited to answer this survey" => tr.t("why-not-invited"),
        "you made this link: it is for the person you hand it to, not for an answer of your own" => {
            tr.t("why-own-link")
        }
        "this invitation is for another e-mail address; sign in with that address to accept it" => {
            tr.t("why-another-address")
        }
        "this agreement is archived" => tr.t("why-agreement-archived"),
        "this check-in is archived: restore it before correcting it" => tr.t("why-checkin-archived"),
        "this commitment is archived: it was recorded by mistake" => tr.t("why-commitment-archived"),
        "this survey has already been answered with this invitation" => tr.t("why-already-answered"),
        "only the partnership's members, the coordinators and the mediator can move this concern" => {
            tr.t("why-concern-move")
        }
        "only the person who raised a concern, or a coordinator, can withdraw it" => tr.t("why-concern-withdraw"),
        "a concern is acknowledged by someone other than the person who raised it" => tr.t("why-concern-acknowledge"),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The English of every message here, read from the file: each is a sentence a page knows.
    fn known() -> Vec<String> {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en/errors.ftl");
        let text = std::fs::read_to_string(file).unwrap();
        text.lines()
            .filter(|line| line.starts_with("why-"))
            .map(|line| line.split_once(" = ").unwrap().1.to_owned())
            .collect()
    }

    /// Every Rust source of the app and the core, where the sentences are written.
    fn sources() -> String {
        let mut all = String::new();
        for dir in ["../app/src", "../core/src"] {
            let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "rs") {
                        all.push_str(&std::fs::read_to_string(path).unwrap().replace("\n", " "));
                    }
                }
            }
        }
        // rustfmt may break a long literal's call over lines: compare with spaces squeezed.
        all.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn each_refusal_a_page_knows_is_the_apps_sentence_in_english_and_spanish_otherwise() {
        let (en, es) = (Tr::english(), Tr::of("es").unwrap());
        let sources = sources();
        let known = known();
        assert!(known.len() >= 30, "{known:?}");
        for sentence in &known {
            assert_eq!(&refusal(&en, sentence), sentence);
            assert_ne!(&refusal(&es, sentence), sentence, "{sentence} has its Spanish");
            assert!(sources.contains(&format!("\"{sentence}\"")), "the app or the core still writes {sentence:?}");
        }
        assert_eq!(refusal(&es, "this survey closed on 2026-12-01"), "this survey closed on 2026-12-01");
    }
}
