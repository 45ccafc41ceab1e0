//! Paging: Twilio's list envelopes ([`Paged`], [`PageMeta`]) and a lazy stream over
//! every item of a list operation.

use crate::client::CoreClient;
use crate::error::Error;
use crate::operation::Request;
use futures_util::{Stream, TryStreamExt};
use std::collections::HashSet;
use std::pin::Pin;
use url::Url;

/// A list envelope: the items of one page and where the next one is.
pub trait Paged {
    /// The type of the items.
    type Item;
    /// Splits the page into its items and its paging metadata.
    fn into_parts(self) -> (Vec<Self::Item>, PageMeta);
}

/// Twilio's paging metadata (`meta` in every list answer), decoded leniently: a field of
/// another type than it says is `None` (see [`de::lenient`](crate::de::lenient)).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct PageMeta {
    /// Index of this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::de::lenient")]
    pub page: Option<i64>,
    /// Items per page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::de::lenient")]
    pub page_size: Option<i64>,
    /// URL of the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::de::lenient")]
    pub first_page_url: Option<String>,
    /// URL of the previous page, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::de::lenient")]
    pub previous_page_url: Option<String>,
    /// URL of this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::de::lenient")]
    pub url: Option<String>,
    /// URL of the next page; `None` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::de::lenient")]
    pub next_page_url: Option<String>,
    /// Name of the field that holds the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::de::lenient")]
    pub key: Option<String>,
}

impl PageMeta {
    /// The metadata of a page that names only its next one: for list answers that carry a
    /// `next_page_uri` beside their items (Api v2010) instead of a `meta` object. A relative
    /// URI is taken relative to the client's base URL.
    pub fn linking(next_page_url: Option<String>) -> Self {
        PageMeta {
            next_page_url,
            ..PageMeta::default()
        }
    }
}

/// How many pages in a row may hold no item yet name a next page before a list stream stops
/// following them with [`Error::EmptyPages`]. Twilio's pages are empty only at the end of a
/// list; a server that answers empty pages with fresh next-page links would otherwise keep a
/// caller waiting for its first item forever.
pub const MAX_EMPTY_PAGES: u32 = 3;

/// The stream of every item of a list operation, as the `*_stream` methods of generated
/// clients return it.
///
/// It owns what it needs (a clone of the client, which shares its connections, and the
/// request), so a function can build the request and return the stream; it is `Unpin`
/// and `Send`, so `stream.next().await` works as is (with [`StreamExt`](crate::StreamExt)
/// in scope) and the stream can move to another task.
pub type ListStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

/// What a list stream does after a page.
enum Next<R> {
    First(R),
    Page(Url),
    /// The items of the last page are out; this ends the stream.
    Fail(Error),
    Done,
}

/// Where a list stream stands: the pages fetched and how the next one is chosen.
struct Pager {
    client: CoreClient,
    operation: &'static str,
    /// Pages fetched so far, without their fragments, to stop on a cycle of next-page links.
    seen: HashSet<Url>,
    /// Empty pages in a row that named a next page.
    empty: u32,
}

impl Pager {
    /// Notes a page about to be fetched; its fragment is never sent, nor compared.
    fn fetching(&mut self, mut url: Url) -> Url {
        url.set_fragment(None);
        self.seen.insert(url.clone());
        url
    }

    /// What follows a page of `items` items whose metadata is `meta`.
    fn after<R>(&mut self, items: usize, meta: &PageMeta) -> Next<R> {
        let base = self.client.base();
        let Some(link) = meta.next_page_url.as_deref().filter(|u| !u.is_empty()) else {
            return Next::Done;
        };
        // Relative links are taken relative to the base URL.
        let mut url = match base.join(link) {
            Err(_) => {
                let origin = "a URL that does not parse".into();
                return Next::Fail(Error::ForeignPageUrl { origin });
            }
            Ok(url) if url.origin() != base.origin() => {
                let origin = self.client.redacted(&url.origin().ascii_serialization());
                return Next::Fail(Error::ForeignPageUrl { origin });
            }
            Ok(url) => url,
        };
        url.set_fragment(None);
        if self.seen.contains(&url) {
            return Next::Done;
        }
        self.empty = if items == 0 { self.empty + 1 } else { 0 };
        let operation = self.operation;
        if self.empty >= MAX_EMPTY_PAGES {
            let pages = self.empty;
            return Next::Fail(Error::EmptyPages { operation, pages });
        }
        match self.client.max_pages() {
            Some(limit) if self.seen.len() >= limit as usize => {
                Next::Fail(Error::PageLimit { operation, limit })
            }
            _ => Next::Page(url),
        }
    }
}

impl CoreClient {
    /// Every item of a list operation, across pages, fetched lazily.
    ///
    /// Takes the request by value and a clone of this client, so the stream borrows
    /// nothing. Follows `meta.next_page_url` until it is null or leads back to a page
    /// already fetched (URLs compared without their `#fragment`, which is never sent); a
    /// relative link is taken relative to the base URL. After the items of the page that
    /// named it, the stream ends with an error instead of following:
    /// - [`Error::ForeignPageUrl`] for a next-page URL on another origin than the base URL;
    /// - [`Error::EmptyPages`] when [`MAX_EMPTY_PAGES`] pages in a row held no item;
    /// - [`Error::PageLimit`] past [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages).
    pub fn paginate<R>(&self, request: R) -> ListStream<<R::Response as Paged>::Item>
    where
        R: Request + Send + 'static,
        R::Response: Paged + Send,
        <R::Response as Paged>::Item: Send + 'static,
    {
        let pager = Pager {
            client: self.clone(),
            operation: R::OPERATION.id,
            seen: HashSet::new(),
            empty: 0,
        };
        let start = (pager, Next::First(request));
        let pages = futures_util::stream::try_unfold(start, |(mut pager, next)| async move {
            let client = pager.client.clone();
            let page: R::Response = match next {
                Next::Done => return Ok(None),
                Next::Fail(e) => return Err(e),
                Next::First(request) => {
                    let (url, prepared) = client.prepare(&request)?;
                    let url = pager.fetching(url);
                    client.fetch(&R::OPERATION, url, Some(prepared)).await?
                }
                Next::Page(url) => {
                    let url = pager.fetching(url);
                    client.fetch(&R::OPERATION, url, None).await?
                }
            };
            let (items, meta) = page.into_parts();
            let next = pager.after(items.len(), &meta);
            Ok(Some((items, (pager, next))))
        });
        Box::pin(
            pages
                .map_ok(|items| futures_util::stream::iter(items.into_iter().map(Ok)))
                .try_flatten(),
        )
    }
}
