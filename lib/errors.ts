import type { CloudConnectorSuggestion } from "./wire/cloud-connectors";

/**
 * One error type with a closed set of codes, shared by server and browser (docs/architecture.md, Errors).
 * Messages are written for the user; raw exceptions (which carry headers and bodies) never are.
 */
export const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  CLUSTER_UNREACHABLE: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * One problem with an input, for inputs that can have several (a kubeconfig): where it is, what
 * is wrong in plain words naming the entry, and what the user can do.
 */
export type InputProblem = {
  /** Where in the input, e.g. `users[2].user.exec`: a detail, the message says it in words. */
  readonly path: string;
  readonly message: string;
  /** What the user can do about it. */
  readonly hint?: string;
  /** A cloud connector that fits, with values to prefill (never a secret). */
  readonly connector?: CloudConnectorSuggestion;
};

export class AppError extends Error {
  /** Refused by policy (role, rate limit, network policy, quota) rather than by bad input or a broken world. */
  readonly denied: boolean;
  /** Every problem when there are several; `path` is then the first one's. */
  readonly problems?: readonly InputProblem[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Where in the input the problem is, e.g. `users[0].user.exec` or `email`. */
    readonly path?: string,
    details: {
      problems?: readonly InputProblem[];
      /**
       * A rule about who may do what, or where, refused this (an address outside the allowed
       * networks, a per-org limit), whatever its status. The audit log records it as `denied`
       * rather than `failure` (docs/decisions/0063-audited-attempts-and-outcomes.md).
       */
      denied?: boolean;
    } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.denied = details.denied === true || code === "FORBIDDEN" || code === "RATE_LIMITED";
    if (details.problems && details.problems.length > 0) this.problems = details.problems;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export type ErrorBody = {
  error: { code: ErrorCode; message: string; path?: string; problems?: InputProblem[]; requestId?: string };
};

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

/** The wire shape of an error. Unknown errors become INTERNAL with a generic message and the request id. */
export function toErrorBody(error: unknown, requestId?: string): ErrorBody {
  if (error instanceof AppError) {
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(error.path && { path: error.path }),
        ...(error.problems && { problems: error.problems.map((problem) => ({ ...problem })) }),
        ...(requestId && { requestId }),
      },
    };
  }
  return {
    error: {
      code: "INTERNAL",
      message: requestId
        ? `Something went wrong on our side. Quote request id ${requestId} when reporting it.`
        : "Something went wrong on our side.",
      ...(requestId && { requestId }),
    },
  };
}
