//! Paging: Twilio's list envelopes ([`Paged`], [`PageMeta`]) and a lazy stream over
//! every item of a list operation.

use crate::client::CoreClient;
use crate::error::Error;
use crate::operation::{Prepared, Request};
use futures_util::{Stream, TryStreamExt};
use std::pin::Pin;
use url::Url;

/// A list envelope: the items of one page and where the next one is.
pub trait Paged {
    /// The type of the items.
    type Item;
    /// Splits the page into its items and its paging metadata.
    fn into_parts(self) -> (Vec<Self::Item>, PageMeta);
}

/// Twilio's paging metadata (`meta` in every list answer).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct PageMeta {
    /// Index of this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Items per page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// URL of the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_page_url: Option<String>,
    /// URL of the previous page, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_page_url: Option<String>,
    /// URL of this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// URL of the next page; `None` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_url: Option<String>,
    /// Name of the field that holds the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// The stream of every item of a list operation, as the `*_stream` methods of generated
/// clients return it.
///
/// It owns what it needs (a clone of the client, which shares its connections, and the
/// request), so a function can build the request and return the stream; it is `Unpin`
/// and `Send`, so `stream.next().await` works as is (with [`StreamExt`](crate::StreamExt)
/// in scope) and the stream can move to another task.
pub type ListStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

impl CoreClient {
    /// Every item of a list operation, across pages, fetched lazily.
    ///
    /// Takes the request by value and a clone of this client, so the stream borrows
    /// nothing. Follows `meta.next_page_url` until it is null or leads back to a page
    /// already fetched; a relative link is taken relative to the base URL.
    /// A next-page URL on another origin than the base URL ends the stream with
    /// [`Error::ForeignPageUrl`].
    pub fn paginate<R>(&self, request: R) -> ListStream<<R::Response as Paged>::Item>
    where
        R: Request + Send + 'static,
        R::Response: Paged + Send,
        <R::Response as Paged>::Item: Send + 'static,
    {
        enum Next<R> {
            First(R),
            Page(Url),
            /// The items of the last page are out; this ends the stream.
            Fail(Error),
            Done,
        }
        struct State<R> {
            client: CoreClient,
            next: Next<R>,
            /// Pages fetched so far, to stop on a cycle of next-page links.
            seen: std::collections::HashSet<Url>,
        }
        let start = State {
            client: self.clone(),
            next: Next::First(request),
            seen: std::collections::HashSet::new(),
        };
        let pages = futures_util::stream::try_unfold(start, |mut state| async move {
            let client = &state.client;
            let page: R::Response = match std::mem::replace(&mut state.next, Next::Done) {
                Next::Done => return Ok(None),
                Next::Fail(e) => return Err(e),
                Next::First(request) => {
                    let prepared = Prepared::new(&request)?;
                    let url = client.url(&prepared.path_and_query)?;
                    state.seen.insert(url.clone());
                    let answer = client
                        .send(&R::OPERATION, url, &prepared.headers, prepared.body)
                        .await?;
                    client.decode(&R::OPERATION, answer)?
                }
                Next::Page(url) => {
                    state.seen.insert(url.clone());
                    let answer = client.send(&R::OPERATION, url, &[], None).await?;
                    client.decode(&R::OPERATION, answer)?
                }
            };
            let (items, meta) = page.into_parts();
            let base = client.base();
            state.next = match meta.next_page_url.as_deref().filter(|u| !u.is_empty()) {
                None => Next::Done,
                // Relative links are taken relative to the base URL.
                Some(u) => match base.join(u) {
                    Err(_) => Next::Fail(Error::ForeignPageUrl {
                        origin: "a URL that does not parse".into(),
                    }),
                    Ok(url) if url.origin() != base.origin() => Next::Fail(Error::ForeignPageUrl {
                        origin: client.redacted(&url.origin().ascii_serialization()),
                    }),
                    Ok(url) if state.seen.contains(&url) => Next::Done,
                    Ok(url) => Next::Page(url),
                },
            };
            Ok(Some((items, state)))
        });
        Box::pin(
            pages
                .map_ok(|items| futures_util::stream::iter(items.into_iter().map(Ok)))
                .try_flatten(),
        )
    }
}
