import { randomBytes } from "node:crypto";
import { SignJWT, errors, jwtVerify } from "jose";
import type { IncomingMessage } from "node:http";
import { fail } from "./problem.ts";

export interface AuthConfig {
  secret: Uint8Array;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** A memory bound: past this many verified tokens, the API forgets them all and starts again. */
  maxRememberedTokens: number;
}

export const MIN_SECRET_BYTES = 32;
/** Ours are ~200 bytes; anything near this is not one of ours and is not worth verifying. */
export const MAX_TOKEN_LENGTH = 4096;
const ALGORITHM = "HS256";
const CLOCK_SKEW_SECONDS = 5;

/**
 * JWT_SECRET must be at least 32 bytes (HS256 wants a key as long as its hash). Unset, a
 * random per-process secret is used: tokens then die with the process, which suits a laptop.
 */
export function authConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (m) =>
    process.stderr.write(`${JSON.stringify({ level: "warn", msg: m })}\n`),
): AuthConfig {
  const base = {
    issuer: "orderflow",
    audience: "orderflow-api",
    ttlSeconds: 3600,
    maxRememberedTokens: 10_000,
  };
  const configured = env.JWT_SECRET;
  if (configured === undefined || configured === "") {
    warn("JWT_SECRET is not set: using a random secret, tokens end with this process");
    return { ...base, secret: new Uint8Array(randomBytes(MIN_SECRET_BYTES)) };
  }
  const secret = new TextEncoder().encode(configured);
  if (secret.length < MIN_SECRET_BYTES) {
    throw new Error(
      `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes, it has ${secret.length}; ` +
        "generate one with: openssl rand -base64 48",
    );
  }
  return { ...base, secret };
}

export async function issueToken(
  config: AuthConfig,
  userId: string,
  nowMs: number,
): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(userId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + config.ttlSeconds)
    .sign(config.secret);
}

function unauthorized(detail: string, error?: "invalid_request" | "invalid_token"): never {
  // RFC 6750 §3: no error code when no credentials were sent at all.
  const challenge = error
    ? `Bearer realm="orderflow", error="${error}", error_description="${detail}"`
    : 'Bearer realm="orderflow"';
  return fail(401, "unauthorized", "Unauthorized", detail, { "www-authenticate": challenge });
}

interface Verified {
  userId: string;
  /** Seconds since the epoch: the token is good from notBefore to expires. */
  notBefore: number;
  expires: number;
}

/** Tokens already verified, per secret; a client sends the same token with every request. */
const verifiedTokens = new WeakMap<AuthConfig, Map<string, Verified>>();

function remembered(config: AuthConfig, token: string, nowMs: number): string | undefined {
  const hit = verifiedTokens.get(config)?.get(token);
  const now = nowMs / 1000;
  // Expired from exp + skew on, the edge where jose refuses it too: a remembered token gets
  // the answer a fresh verification would give.
  if (!hit || now >= hit.expires + CLOCK_SKEW_SECONDS) return undefined;
  return hit.notBefore > now + CLOCK_SKEW_SECONDS ? undefined : hit.userId;
}

function remember(config: AuthConfig, token: string, verified: Verified): void {
  let tokens = verifiedTokens.get(config);
  if (!tokens) verifiedTokens.set(config, (tokens = new Map()));
  if (tokens.size >= config.maxRememberedTokens) tokens.clear();
  tokens.set(token, verified);
}

/** How many verified tokens are remembered for `config`; never more than its maxRememberedTokens. */
export function rememberedTokenCount(config: AuthConfig): number {
  return verifiedTokens.get(config)?.size ?? 0;
}

/**
 * The user behind a request's Bearer token, or a 401 before any handler runs. A token that
 * verified once is remembered until it expires, so its signature is checked once, not on
 * every request; outside its validity window it is verified afresh (and refused).
 */
export async function authenticate(
  req: IncomingMessage,
  query: URLSearchParams,
  config: AuthConfig,
  nowMs: number,
): Promise<string> {
  const header = req.headers.authorization;
  if (header === undefined) {
    if (query.has("access_token")) {
      // URLs end up in logs and browser history; RFC 6750 §2.3 lets us refuse it.
      unauthorized("send the token in the Authorization header, not in the URL", "invalid_request");
    }
    unauthorized("a Bearer token is required");
  }
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  if (!match) unauthorized("the Authorization header must be 'Bearer <token>'", "invalid_request");
  const token = match[1]!;
  if (token.length > MAX_TOKEN_LENGTH) unauthorized("the token is too long", "invalid_token");
  const known = remembered(config, token, nowMs);
  if (known !== undefined) return known;
  const verified = await verify(token, config, nowMs);
  remember(config, token, verified);
  return verified.userId;
}

async function verify(token: string, config: AuthConfig, nowMs: number): Promise<Verified> {
  try {
    const { payload } = await jwtVerify(token, config.secret, {
      algorithms: [ALGORITHM],
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ["sub", "exp", "iat"],
      currentDate: new Date(nowMs),
      clockTolerance: CLOCK_SKEW_SECONDS,
    });
    if (typeof payload.sub !== "string" || payload.sub === "") {
      unauthorized("the token has no subject", "invalid_token");
    }
    // jose checks nbf; a token issued in the future is not yet valid either (iat and exp are
    // required claims, so both are there).
    if (payload.iat! > Math.floor(nowMs / 1000) + CLOCK_SKEW_SECONDS) {
      unauthorized("the token is not valid yet", "invalid_token");
    }
    return {
      userId: payload.sub,
      notBefore: Math.max(payload.nbf ?? 0, payload.iat!),
      expires: payload.exp!,
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) unauthorized("the token has expired", "invalid_token");
    if (error instanceof errors.JOSEError) unauthorized("the token is not valid", "invalid_token");
    throw error;
  }
}
