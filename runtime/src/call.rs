//! [`Call`]: a request bound to a client, as the generated path-scoped handles build it
//! (`client.services(&service).entities(identity).challenges().create(&factor)`).

use crate::client::CoreClient;
use crate::error::Error;
use crate::operation::Request;
use crate::paging::{ListStream, Paged};
use std::future::{Future, IntoFuture};
use std::pin::Pin;

/// A request ready to send with the client it came from: `.await` sends it (validated
/// first, as every request is), [`with`](Self::with) sets optional parameters on the way.
///
/// The generated handles fill in the path parameters they were given and take the other
/// required parameters as arguments; everything else is the request type's own setters:
///
/// ```ignore
/// let challenge = client
///     .services(&service)
///     .entities(identity)
///     .challenges()
///     .create(&factor)
///     .with(|r| r.details_message("Sign in?"))
///     .await?;
/// ```
#[derive(Debug, Clone)]
#[must_use = "a Call does nothing until it is awaited (or sent, or streamed)"]
pub struct Call<'c, R> {
    core: &'c CoreClient,
    request: R,
}

impl<'c, R: Request> Call<'c, R> {
    /// `request`, to be sent with `core`.
    pub fn new(core: &'c CoreClient, request: R) -> Self {
        Call { core, request }
    }

    /// Applies setters of the request: `.with(|r| r.status(ChallengeStatus::Pending))`.
    pub fn with(mut self, set: impl FnOnce(R) -> R) -> Self {
        self.request = set(self.request);
        self
    }

    /// The request as it stands.
    pub fn request(&self) -> &R {
        &self.request
    }

    /// The request, to be kept or sent later with the client's method of its operation.
    pub fn into_request(self) -> R {
        self.request
    }

    /// Sends the request: the same as `.await`.
    pub async fn send(self) -> Result<R::Response, Error> {
        self.core.execute(&self.request).await
    }

    /// For a list operation: every item across all pages, fetched lazily (see
    /// [`CoreClient::paginate`]).
    pub fn stream(self) -> ListStream<<R::Response as Paged>::Item>
    where
        R: Send + 'static,
        R::Response: Paged + Send,
        <R::Response as Paged>::Item: Send + 'static,
    {
        self.core.paginate(self.request)
    }
}

impl<'c, R> IntoFuture for Call<'c, R>
where
    R: Request + Send + Sync + 'c,
    R::Response: Send,
{
    type Output = Result<R::Response, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What a generated path-scoped handle holds: the client and the path parameters given so
/// far, nested as pairs in path order (`ServiceSid`, then `(ServiceSid, String)`, then
/// `((ServiceSid, String), ChallengeSid)`).
///
/// ```ignore
/// let challenge = client.services(&service).entities(identity).challenge(&sid);
/// // A handle is `ChallengeContext(Scope<'_, ((ServiceSid, String), ChallengeSid)>)`.
/// ```
#[derive(Debug, Clone)]
pub struct Scope<'c, P> {
    core: &'c CoreClient,
    params: P,
}

impl<'c, P> Scope<'c, P> {
    /// `params`, below the client `core`.
    pub fn new(core: &'c CoreClient, params: P) -> Self {
        Scope { core, params }
    }

    /// The client.
    pub fn core(&self) -> &'c CoreClient {
        self.core
    }

    /// The path parameters so far.
    pub fn params(&self) -> &P {
        &self.params
    }

    /// One step down the path: these parameters and `param`.
    pub fn with<X>(&self, param: X) -> Scope<'c, (P, X)>
    where
        P: Clone,
    {
        Scope {
            core: self.core,
            params: (self.params.clone(), param),
        }
    }

    /// `request` as a [`Call`] on the client.
    pub fn call<R: Request>(&self, request: R) -> Call<'c, R> {
        Call::new(self.core, request)
    }
}
