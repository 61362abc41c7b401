import { SignJWT } from "jose";

/** The API's token rules (src/api): HS256, issuer orderflow, audience orderflow-api. */
const ISSUER = "orderflow";
const AUDIENCE = "orderflow-api";

/**
 * Tokens a well-behaved client cannot get from POST /token: an expired one, or one signed
 * with a key the API does not know. The security scenarios need them to show they are refused.
 */
export async function forgeToken(options: {
  userId: string;
  secret: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn: number;
}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = Math.min(now, now + options.expiresIn - 60);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(now + options.expiresIn)
    .sign(new TextEncoder().encode(options.secret));
}
