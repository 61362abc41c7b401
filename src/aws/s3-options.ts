// Kept apart from clients.ts so that a Lambda bundle importing it pulls in no other SDK client.

/**
 * For the clients that carry every order (the API's and the handlers'): each call resolves the
 * client's middleware once per command type instead of every time (about 3 % of the API
 * thread's CPU). A middleware added to such a client after its first call would be missed;
 * none is.
 */
export const HOT_PATH_OPTIONS = { cacheMiddleware: true } as const;

/**
 * S3 options for an emulator endpoint. A hostname endpoint would mean virtual-hosted buckets,
 * so emulators get path style. Request checksums are computed only where S3 requires them:
 * on loopback, checksumming every small JSON body took about 9 % of the API thread's CPU in a
 * profile and guards against nothing TCP does not. Against AWS the SDK's defaults stay.
 */
export function s3EndpointOptions(endpoint: string | undefined) {
  if (endpoint === undefined) return {};
  return {
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  } as const;
}
