//! The client: [`CoreClient`] validates a request, sends it through the executor (the
//! attempt loop, within the client's deadline) and decodes the answer.
//!
//! Generated clients wrap a `CoreClient`; each operation method hands its request (a type
//! implementing [`Request`]) to [`CoreClient::execute`] or [`CoreClient::paginate`].

use crate::attempts::Executor;
use crate::error::Error;
use crate::operation::{Operation, Prepared, Request};
use crate::response;
use std::fmt;
use std::sync::Arc;
use url::Url;

/// The configured core of a client: HTTP client, base URL, credentials and policies.
/// Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct CoreClient {
    inner: Arc<Settings>,
}

/// Everything [`ClientBuilder`](crate::ClientBuilder) works out, checked.
pub(crate) struct Settings {
    /// Transport, credentials, retry policy and deadline.
    pub(crate) executor: Executor,
    pub(crate) base_url: Url,
    /// At most this many pages per list stream, when set.
    pub(crate) max_pages: Option<u32>,
}

impl fmt::Debug for CoreClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let executor = &self.inner.executor;
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("credentials", executor.auth.credentials())
            .field("retry", &executor.retry)
            .field("timeout", &executor.transport.timeout)
            .field("deadline", &executor.deadline)
            .field("max_response_bytes", &executor.transport.max_response_bytes)
            .field("max_pages", &self.inner.max_pages)
            .finish()
    }
}

impl CoreClient {
    pub(crate) fn new(settings: Settings) -> Self {
        CoreClient {
            inner: Arc::new(settings),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// The parsed base URL (relative next-page links are resolved against it).
    pub(crate) fn base(&self) -> &Url {
        &self.inner.base_url
    }

    /// The most pages one list stream fetches, when limited.
    pub(crate) fn max_pages(&self) -> Option<u32> {
        self.inner.max_pages
    }

    /// Validates, sends and decodes any request.
    pub async fn execute<R: Request + ?Sized>(&self, request: &R) -> Result<R::Response, Error> {
        let (url, prepared) = self.prepare(request)?;
        self.fetch(&R::OPERATION, url, Some(prepared)).await
    }

    /// The request validated and encoded, and the absolute URL it goes to.
    pub(crate) fn prepare<R: Request + ?Sized>(
        &self,
        request: &R,
    ) -> Result<(Url, Prepared), Error> {
        let prepared = Prepared::new(request)?;
        let url = self.url(&prepared.path_and_query)?;
        Ok((url, prepared))
    }

    /// Sends a request of `op` to `url`, with the headers and body of `prepared` (none
    /// without it, as for a next page), through the executor and decodes the answer (see
    /// [`response::decode`]).
    pub(crate) async fn fetch<T: serde::de::DeserializeOwned>(
        &self,
        op: &Operation,
        url: Url,
        prepared: Option<Prepared>,
    ) -> Result<T, Error> {
        let (headers, body) = prepared.map_or((Vec::new(), None), |p| (p.headers, p.body));
        let answer = self.inner.executor.send(op, url, &headers, body).await?;
        response::decode(op, answer, self.inner.executor.redactor())
    }

    /// `text` from a server, the configured secrets cut out, for an error.
    pub(crate) fn redacted(&self, text: &str) -> String {
        self.inner.executor.redactor().text(text)
    }

    /// The absolute URL of a path and query.
    pub(crate) fn url(&self, path_and_query: &str) -> Result<Url, Error> {
        Url::parse(&format!("{}{path_and_query}", self.base_url()))
            .map_err(|e| Error::Config(format!("cannot form the request URL: {e}")))
    }
}
