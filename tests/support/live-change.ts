/**
 * How long a test waits for a live change to reach what it watches: the cluster changes (kubectl,
 * an apiserver stopped or started, another user's action), the server's watch or check sees it,
 * and a socket frame re-renders the page or reaches the test's client. A second on a quiet machine;
 * with several suites sharing two busy cores, 5 s has not been enough. Only a failing wait lasts
 * this long, so it is generous; a wait that asserts something must NOT happen never uses it.
 */
export const LIVE_CHANGE_TIMEOUT = 30_000;
