//! When to try a call again: a pure decision over the attempt number and its outcome,
//! so that the policy is tested without a server.

use std::time::Duration;

/// When and how often to try a call again.
///
/// A 429 answer is retried whatever the method (Twilio did not process the request);
/// connection failures, timeouts and 5xx answers only for GET, which is safe to repeat.
/// The delay grows exponentially from `base_delay` up to `max_delay`, with jitter;
/// a `Retry-After` header is honoured when it is at most `max_retry_after`, and when it
/// asks for longer the error is returned at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 turns retrying off).
    pub max_attempts: u32,
    /// Delay before the first retry.
    pub base_delay: Duration,
    /// Longest delay between attempts.
    pub max_delay: Duration,
    /// Longest `Retry-After` that is waited for.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// How one attempt ended, as far as retrying cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status.
    Status {
        /// The HTTP status.
        status: u16,
        /// Its `Retry-After` header, when it had one.
        retry_after: Option<Duration>,
    },
    /// The request failed in transit: `transient` for connection failures and timeouts,
    /// which may not happen again; `false` for anything else (TLS, a body cut short by a
    /// limit, ...).
    Transport {
        /// Whether another attempt may go through.
        transient: bool,
    },
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Whether to try again after attempt number `attempt` (the first is 1) of an
    /// operation that is `idempotent` or not, and after how long; `None` means the
    /// outcome stands.
    pub fn decide(&self, attempt: u32, idempotent: bool, outcome: Outcome) -> Option<Duration> {
        if attempt >= self.max_attempts.max(1) {
            return None;
        }
        match outcome {
            Outcome::Status {
                status: 429,
                retry_after: Some(ra),
            } => (ra <= self.max_retry_after).then_some(ra),
            Outcome::Status {
                status: 429,
                retry_after: None,
            } => Some(self.backoff(attempt)),
            Outcome::Status {
                status: 500..=599, ..
            } if idempotent => Some(self.backoff(attempt)),
            Outcome::Status { .. } => None,
            Outcome::Transport { transient: true } if idempotent => Some(self.backoff(attempt)),
            Outcome::Transport { .. } => None,
        }
    }

    /// The delay before attempt `attempt + 1`, with jitter in [50%, 100%].
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        exp.min(self.max_delay).mul_f64(0.5 + fastrand::f64() / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> Outcome {
        Outcome::Status {
            status,
            retry_after: None,
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        for attempt in 1..10 {
            let d = p.backoff(attempt);
            assert!(d <= p.max_delay, "{d:?}");
            let full = p
                .base_delay
                .saturating_mul(1 << (attempt - 1))
                .min(p.max_delay);
            assert!(d >= full / 2, "{d:?} < half of {full:?}");
        }
    }

    #[test]
    fn success_and_client_errors_are_final() {
        let p = RetryPolicy::default();
        for s in [200, 201, 204, 400, 401, 404, 409] {
            assert_eq!(p.decide(1, true, status(s)), None, "{s}");
        }
    }

    #[test]
    fn rate_limits_are_retried_for_any_method() {
        let p = RetryPolicy::default();
        assert!(p.decide(1, false, status(429)).is_some());
        assert!(p.decide(1, true, status(429)).is_some());
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_limit() {
        let p = RetryPolicy::default();
        let wait = |secs| Outcome::Status {
            status: 429,
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(p.decide(1, false, wait(7)), Some(Duration::from_secs(7)));
        assert_eq!(p.decide(1, false, wait(30)), Some(Duration::from_secs(30)));
        assert_eq!(p.decide(1, false, wait(31)), None);
    }

    #[test]
    fn server_errors_and_transient_failures_only_for_idempotent_operations() {
        let p = RetryPolicy::default();
        let transient = Outcome::Transport { transient: true };
        assert!(p.decide(1, true, status(503)).is_some());
        assert!(p.decide(1, true, transient).is_some());
        assert_eq!(p.decide(1, false, status(503)), None);
        assert_eq!(p.decide(1, false, transient), None);
        assert_eq!(
            p.decide(1, true, Outcome::Transport { transient: false }),
            None
        );
    }

    #[test]
    fn the_last_attempt_is_final() {
        let p = RetryPolicy::default();
        assert!(p.decide(2, true, status(503)).is_some());
        assert_eq!(p.decide(3, true, status(503)), None);
        assert_eq!(RetryPolicy::none().decide(1, true, status(429)), None);
        let zero = RetryPolicy {
            max_attempts: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(zero.decide(1, true, status(429)), None);
    }
}
